// The admin CLI's kiosk commands against a real server: register from a request file (as a child
// process, the way `npm run admin` runs), list, get, disable, enable, operators, and their refusals.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskListResponseSchema, KioskRegistrationRequestSchema, KioskSchema } from '@signet-kiosk/shared/kiosk';
import { kioskRegistrationRequest, makeKioskKeyPair } from '../kiosks/testing/kiosk-operator-sign-in.js';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/start-test-server.js';
import { runCli } from './cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const EXAMPLE = path.join(here, 'examples/kiosk-registration.example.json');

let server: TestServer;
let scratch: string;

beforeAll(async () => {
  server = await startTestServer();
  scratch = mkdtempSync(path.join(tmpdir(), 'signet-cli-kiosks-'));
});
afterAll(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runChild(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', '--conditions=source', 'server/src/admin/cli.ts', ...args],
      {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          SIGNET_ISSUER: server.url,
          SIGNET_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function run(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { SIGNET_ISSUER: server.url, SIGNET_ADMIN_TOKEN: TEST_ADMIN_TOKEN },
    { out: (t) => (stdout += t + '\n'), err: (t) => (stderr += t + '\n') },
  );
  return { code, stdout, stderr };
}

async function requestFile(): Promise<{ file: string; kioskId: string }> {
  const { publicJwk } = await makeKioskKeyPair();
  const request = kioskRegistrationRequest(publicJwk);
  const file = path.join(scratch, `${request.kioskId}.json`);
  writeFileSync(file, JSON.stringify(request));
  return { file, kioskId: request.kioskId };
}

describe('npm run admin -- kiosks', () => {
  it('the example file is a valid registration request', () => {
    expect(KioskRegistrationRequestSchema.safeParse(JSON.parse(readFileSync(EXAMPLE, 'utf8'))).success).toBe(true);
  });

  // Two child processes (npx, then tsx compiling the CLI): well past the default 30 s on a loaded machine.
  it(
    'registers the example kiosk as a child process, then refuses it a second time',
    { timeout: 150_000 },
    async () => {
      const first = await runChild(['kiosks', 'register', EXAMPLE]);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(KioskSchema.parse(JSON.parse(first.stdout))).toMatchObject({
        kioskId: 'post-office-1',
        clientId: 'kiosk-post-office-1',
        enabled: true,
        operators: [],
      });
      expect((await server.ctx.registry.clients.get('kiosk-post-office-1'))?.status).toBe('ACTIVE');
      const again = await runChild(['kiosks', 'register', EXAMPLE]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('duplicate_kiosk_id');
    },
  );

  it('registers with --file too, lists and gets', async () => {
    const { file, kioskId } = await requestFile();
    expect((await run(['kiosks', 'register', '--file', file])).code).toBe(0);
    const list = await run(['kiosks', 'list']);
    expect(list.code).toBe(0);
    expect(KioskListResponseSchema.parse(JSON.parse(list.stdout)).kiosks.map((k) => k.kioskId)).toContain(kioskId);
    const got = await run(['kiosks', 'get', kioskId]);
    expect(KioskSchema.parse(JSON.parse(got.stdout)).kioskId).toBe(kioskId);
  });

  it('disables and enables a kiosk', async () => {
    const { file, kioskId } = await requestFile();
    await run(['kiosks', 'register', file]);
    const disabled = await run(['kiosks', 'disable', kioskId]);
    expect(disabled.code).toBe(0);
    expect(KioskSchema.parse(JSON.parse(disabled.stdout)).enabled).toBe(false);
    expect((await server.ctx.registry.kiosks.get(kioskId))?.enabled).toBe(false);
    const enabled = await run(['kiosks', 'enable', kioskId]);
    expect(KioskSchema.parse(JSON.parse(enabled.stdout)).enabled).toBe(true);
    expect(server.audit.events.filter((e) => e.kioskId === kioskId).map((e) => e.action)).toEqual([
      'kiosk-register',
      'kiosk-disable',
      'kiosk-enable',
    ]);
  });

  it('sets the operators, replacing the list, and clears it when none are named', async () => {
    const { file, kioskId } = await requestFile();
    await run(['kiosks', 'register', file]);
    const set = await run(['kiosks', 'operators', kioskId, '2804195602', '2804195601']);
    expect(set.code).toBe(0);
    expect(KioskSchema.parse(JSON.parse(set.stdout)).operators).toEqual(['2804195602', '2804195601']);
    await run(['kiosks', 'operators', kioskId, '2804195603']);
    expect((await server.ctx.registry.kiosks.get(kioskId))?.operators).toEqual(['2804195603']);
    await run(['kiosks', 'operators', kioskId]);
    expect((await server.ctx.registry.kiosks.get(kioskId))?.operators).toEqual([]);
  });

  it('reports wrong usage with exit code 2 and an unknown kiosk with exit code 1', async () => {
    expect(await run(['kiosks', 'register'])).toMatchObject({ code: 2 });
    expect(await run(['kiosks', 'disable'])).toMatchObject({ code: 2 });
    expect(await run(['kiosks', 'list', 'extra'])).toMatchObject({ code: 2 });
    expect(await run(['kiosks', 'operators'])).toMatchObject({ code: 2 });
    expect(await run(['kiosks', 'rename', 'x'])).toMatchObject({ code: 2 });
    const bad = path.join(scratch, 'bad.json');
    writeFileSync(bad, JSON.stringify({ kioskId: 'Not Valid' }));
    const invalid = await run(['kiosks', 'register', bad]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('kioskId');
    const unknown = await run(['kiosks', 'disable', 'no-such-kiosk']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('not_found');
  });

  it('lists the kiosk commands in --help', async () => {
    const help = await run(['--help']);
    for (const command of ['kiosks register', 'kiosks list', 'kiosks disable', 'kiosks enable', 'kiosks operators'])
      expect(help.stdout).toContain(command);
  });
});
