import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests run the parts from their TypeScript sources: the "source" condition of each part's
// package.json exports (the rest is Vite's default list for server code).
const conditions = ['source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: [
      'shared/**/*.test.ts',
      'server/**/*.test.ts',
      'sbi-bridge/**/*.test.ts',
      'kiosk/**/*.test.ts',
      'demo/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Makes the signing keys once for the run; every test server starts on a copy.
    globalSetup: ['server/src/testing/test-data-template.ts'],
    // More files at once than cores: much of a file's time is spent waiting on servers, devices,
    // child processes and Chromium (vitest's default is one worker less than cores: 1 here).
    maxWorkers: Math.ceil(availableParallelism() * 1.5),
    // A worker runs file after file in one module registry instead of a fresh process each:
    // imports took a quarter of a run's CPU. So a test file must leave no module state behind (none
    // mocks modules or stubs globals) and must close what it starts.
    isolate: false,
  },
});
