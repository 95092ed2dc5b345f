// `npm run simulator` as a newcomer meets it: the real entry point in a child process. Without the
// ID system's encryption certificate it refuses to start (exit 2) and says what to run first; with
// the server's data folder it finds that certificate and keeps its PKI inside it.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorDataDir } from '../src/testing/simulator-fixture.js';
import { ID_SYSTEM_CERT_FILE } from './config.js';

const MAIN = path.join(import.meta.dirname, 'main.ts');
/** tsx's loader by absolute URL: the child runs in a scratch folder, so that relative defaults land there. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Inside 4501–4600 (the entry point insists), apart from the other test files' ranges. */
const PORTS = { SBI_SIM_PORT_MIN: '4541', SBI_SIM_PORT_MAX: '4550' };

let serverData: string;

beforeAll(async () => {
  serverData = await mkdtemp(path.join(tmpdir(), 'sbi-sim-main-'));
});
afterAll(async () => {
  await rm(serverData, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs main.ts with only these variables; stops it (SIGTERM to the child it started) once stdout shows `until`. */
function runSimulator(env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, '--conditions=source', MAIN], {
      cwd: serverData,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run simulator', () => {
  it('refuses to start without the ID system’s encryption certificate (exit 2), saying why and what to run first', async () => {
    const r = await runSimulator({ SIGNET_DATA_DIR: serverData, ...PORTS });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `No ID-system encryption certificate: ${path.join(serverData, ID_SYSTEM_CERT_FILE)} does not exist`,
    );
    expect(r.stderr).toContain('no ID system can decrypt');
    expect(r.stderr).toContain('Start the server first (`npm start`');
    expect(r.stderr).toContain('set SBI_SIM_ENCRYPTION_CERT');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names each bad setting in one message, exit 2', async () => {
    const r = await runSimulator({ SIGNET_DATA_DIR: serverData, SBI_SIM_PORT_MIN: 'abc' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sbi-simulator: bad setting:\n✖ .+\n {2}→ at SBI_SIM_PORT_MIN\n$/);
  });

  it('starts with the server’s data folder: its ID-system certificate, its PKI under sbi-simulator/', async () => {
    // The cached test PKI (no key generation here); its stand-in ID-system certificate plays the server's.
    const pki = path.join(await simulatorDataDir(), 'pki');
    await cp(pki, path.join(serverData, 'sbi-simulator', 'pki'), { recursive: true });
    await cp(path.join(pki, 'ida-fir.crt.pem'), path.join(serverData, ID_SYSTEM_CERT_FILE));
    await rm(path.dirname(pki), { recursive: true, force: true });
    const r = await runSimulator({ SIGNET_DATA_DIR: serverData, ...PORTS }, /Presenting: /);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/SBI simulator listening on http:\/\/127\.0\.0\.1:45[45]\d/);
    expect(r.stdout).toContain(`PKI in ${path.join(serverData, 'sbi-simulator')}/pki`);
    expect(r.stdout).toContain(`(${path.join(serverData, ID_SYSTEM_CERT_FILE)})`);
  });
});
