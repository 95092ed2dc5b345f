// Starts a real server for tests: a free port, a fresh temporary data folder (holding a copy of the
// run's keys, see test-data-template.ts), demo mode, an admin token, a cheap hash cost.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { inject } from 'vitest';
import { MemoryAuditSink } from '../audit/audit-sink.js';
import { loadConfig, type Config } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { TEST_AUTHENTICATOR_OPTIONS } from './test-data-template.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface TestServer extends RunningServer {
  audit: MemoryAuditSink;
  config: Config;
}

/** Settings under which the run's template holds other keys than a first start would make. */
const KEY_SETTINGS = ['kek', 'signing'];

/**
 * A running server on 127.0.0.1 with its own data folder, removed on close. `authenticatorOptions`
 * go to the reference ID system beside the fast hash cost (e.g. `{ otpTtlMs }`).
 */
export async function startTestServer(
  overrides: Record<string, unknown> = {},
  authenticatorOptions: Record<string, unknown> = {},
): Promise<TestServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-test-'));
  const template = inject('signetTestDataTemplate');
  if (template && !KEY_SETTINGS.some((k) => k in overrides)) cpSync(template, dataDir, { recursive: true });
  const config = loadConfig(
    {},
    {
      port,
      issuer: `http://127.0.0.1:${port}`,
      dataDir,
      demo: true,
      adminToken: TEST_ADMIN_TOKEN,
      logLevel: 'silent',
      ...overrides,
    },
  );
  const audit = new MemoryAuditSink();
  const pluginOptions =
    config.authenticator === 'builtin:mock-identity'
      ? { ...TEST_AUTHENTICATOR_OPTIONS, ...authenticatorOptions }
      : undefined;
  const running = await startServer(config, {
    audit,
    logger: pino({ level: 'silent' }),
    authenticatorOptions: pluginOptions,
  });
  return {
    ...running,
    audit,
    config,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
