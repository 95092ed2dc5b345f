// Test fixture for the plugin's tests: a throwaway AuthenticatorContext (temporary data folder,
// silent logger), a cheap scrypt cost, and an Express app listening on a free port.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { pino } from 'pino';
import type { AuthenticatorContext } from '@signet-kiosk/server/plugin';
import type { ScryptParams } from './secret-hash.js';

/** Fast enough for tests; production uses DEFAULT_SCRYPT. */
export const FAST_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };

export const TEST_ADMIN_TOKEN = 'mock-identity-test-admin-token-42';

/** A resident who is not one of the demo residents: outside demo mode, the only kind the plugin keeps. */
export const OWN_RESIDENT = {
  individualId: '7700112233',
  pin: '246810',
  fullName: [{ language: 'eng', value: 'Bopha Meas' }],
  email: 'bopha.meas@example.org',
  phone: '+85511223344',
};

/** Writes a seed file of `residents` into `dir`; returns its path. */
export function writeSeedFile(dir: string, residents: unknown[]): string {
  const file = path.join(dir, 'own-residents.json');
  writeFileSync(file, JSON.stringify(residents));
  return file;
}

export function tempContext(overrides: Partial<AuthenticatorContext> = {}): AuthenticatorContext & { cleanup(): void } {
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), 'mock-identity-'));
  return {
    demo: true,
    issuer: 'http://127.0.0.1:8088',
    adminToken: TEST_ADMIN_TOKEN,
    logger: pino({ level: 'silent' }),
    ...overrides,
    dataDir,
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A bare Express app with only `handler` (a router, or a whole app) mounted, on 127.0.0.1 and a free port. */
export async function serve(handler: RequestHandler): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(handler);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
