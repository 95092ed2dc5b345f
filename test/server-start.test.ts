// Start-up as an operator meets it: the real entry point in a child process, with bad
// configuration or a broken plugin ending in one clear message and a non-zero exit code, and a
// running server introducing itself with a readable banner before its log lines.
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMockIdentity, FAST_SCRYPT, freePort } from '@signet-kiosk/server/testing';

function runServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('npx', ['tsx', '--conditions=source', 'server/src/main.ts'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 30_000 }, (err, _stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr });
    });
    child.stdin?.end();
  });
}

/** Runs the entry point until its first JSON log line is out; returns what it printed until then, and a way to stop it. */
async function startServerProcess(env: Record<string, string>): Promise<{ stdout: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'server/src/main.ts'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/^\{.*"msg":"Signet Kiosk listening on .*\}$/m.test(stdout)) resolve();
    });
    void exited.then(() => reject(new Error(`the server exited: ${stderr}`)));
  });
  return {
    stdout,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
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

  it('prints a readable banner first, then JSON log lines, with the issuer on the port it listens on', async () => {
    const port = await freePort();
    const demoDir = mkdtempSync(path.join(tmpdir(), 'signet-start-banner-'));
    const server = await startServerProcess({ SIGNET_DATA_DIR: demoDir, SIGNET_PORT: String(port), SIGNET_DEMO: '1' });
    try {
      const lines = server.stdout.split('\n').filter((l) => l.trim() !== '');
      const firstJson = lines.findIndex((l) => l.startsWith('{'));
      expect(lines[0]!.trim()).toBe(`Signet Kiosk (demo mode) — http://127.0.0.1:${port}`);
      expect(lines.slice(0, firstJson).join('\n')).toContain(`discovery:   http://127.0.0.1:${port}/.well-known/openid-configuration`);
      for (const line of lines.slice(firstJson)) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
      const discovery = (await (await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).json()) as { issuer: string };
      expect(discovery.issuer).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await server.stop();
    }
  });

  it('says which variables to set when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const r = await runServer({ SIGNET_DATA_DIR: dataDir, SIGNET_PORT: String(port) });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(r.stderr).toMatch(/set SIGNET_PORT to a free port.*SIGNET_ISSUER/);
    } finally {
      taken.close();
    }
  });
});
