// Start-up as an operator meets it: the real entry point in a child process, with bad
// configuration or a broken plugin ending in one clear message and a non-zero exit code.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMockIdentity } from '../server/src/plugins/mock-identity/index.js';
import { FAST_SCRYPT } from '../server/src/plugins/mock-identity/test-context.js';

function runServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('npx', ['tsx', 'server/src/main.ts'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 30_000 }, (err, _stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr });
    });
    child.stdin?.end();
  });
}

describe('server start-up', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-start-'));

  it('refuses bad configuration with one message naming the environment variable', async () => {
    const r = await runServer({ SIGNET_DATA_DIR: dataDir, SIGNET_PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('signet: SIGNET_PORT=eighty: must be a port number (0-65535)');
  });

  it('refuses a plugin that does not load', async () => {
    const r = await runServer({ SIGNET_DATA_DIR: dataDir, SIGNET_AUTHENTICATOR: './no/such/plugin.js', SIGNET_PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/signet: authenticator plugin "\.\/no\/such\/plugin\.js" could not be loaded/);
  });

  it('refuses a plugin that does not satisfy the interface', async () => {
    const file = path.join(dataDir, 'half-plugin.mjs');
    writeFileSync(file, 'export default () => ({ name: "half", kycAuth() {} });\n');
    const r = await runServer({ SIGNET_DATA_DIR: dataDir, SIGNET_AUTHENTICATOR: file, SIGNET_PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not satisfy the Authenticator interface: missing kycExchange, sendOtp');
  });

  it('refuses, outside demo mode, a data folder that still holds the demo residents', async () => {
    const demoDir = mkdtempSync(path.join(tmpdir(), 'signet-start-demo-'));
    const plugin = await createMockIdentity({ dataDir: demoDir, demo: true, issuer: 'http://127.0.0.1:8088', adminToken: undefined, logger: pino({ level: 'silent' }) }, { scrypt: FAST_SCRYPT });
    await plugin.close?.();
    const r = await runServer({ SIGNET_DATA_DIR: demoDir, SIGNET_PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${demoDir}/mock-identity.sqlite holds the demo residents`);
  });
});
