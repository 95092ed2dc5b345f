import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'sbi-bridge/**/*.test.ts', 'kiosk/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Makes the signing keys once for the run; every test server starts on a copy.
    globalSetup: ['server/src/testing/test-data-template.ts'],
    // Test files start real servers, device simulators on fixed SBI port ranges and Chromium; run
    // side by side on two cores they starved each other's sockets (a simulator unreachable in one
    // of several full runs). One file at a time keeps every run deterministic.
    fileParallelism: false,
  },
});
