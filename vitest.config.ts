import { defineConfig } from 'vitest/config';

// Tests run the parts from their TypeScript sources: the "source" condition of each part's
// package.json exports (the rest is Vite's default list for server code).
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'sbi-bridge/**/*.test.ts', 'kiosk/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files start real servers, device simulators on fixed SBI port ranges and Chromium; run
    // side by side on two cores they starved each other's sockets (a simulator unreachable in one
    // of several full runs). One file at a time keeps every run deterministic.
    fileParallelism: false,
  },
});
