// The admin CLI: as a child process (`npx tsx server/src/admin/cli.ts …`) against a real
// server, and in-process (runCli) for the many ways a call can fail.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientCreateSchema } from '@signet-kiosk/shared/esignet';
import { freePort } from '../testing/start-test-server.js';
import { buildOptions, runCli } from './cli.js';
import { startAdminTestServer, TEST_ADMIN_TOKEN, type AdminTestServer } from './testing/start-admin-test-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const EXAMPLE = path.join(here, 'examples/client.example.json');

let server: AdminTestServer;
let scratch: string;

beforeAll(async () => {
  server = await startAdminTestServer();
  scratch = mkdtempSync(path.join(tmpdir(), 'signet-cli-test-'));
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

/** Runs the CLI as `npm run admin` does, asynchronously (the server lives in this process). */
function runChild(args: string[], env: Record<string, string> = {}): Promise<Run> {
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
          ...env,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs the CLI in this process, capturing its output. */
async function runInProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { SIGNET_ISSUER: server.url, SIGNET_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env },
    { out: (t) => (stdout += t + '\n'), err: (t) => (stderr += t + '\n') },
  );
  return { code, stdout, stderr };
}

function scratchFile(name: string, content: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, content);
  return file;
}

describe('as a child process against a real server', () => {
  it('the example file is a valid create request', () => {
    expect(ClientCreateSchema.safeParse(JSON.parse(readFileSync(EXAMPLE, 'utf8'))).success).toBe(true);
  });

  it('client create --file examples/client.example.json registers the client', async () => {
    const run = await runChild(['client', 'create', '--file', 'server/src/admin/examples/client.example.json']);
    expect(run.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ clientId: 'demo-relying-party', status: 'ACTIVE' });
    expect(await server.ctx.registry.clients.get('demo-relying-party')).toMatchObject({
      clientName: 'Demo relying party',
    });
  });

  it('client list shows it', async () => {
    const run = await runChild(['client', 'list']);
    expect(run.code).toBe(0);
    const { clients } = JSON.parse(run.stdout) as { clients: { clientId: string }[] };
    expect(clients.map((c) => c.clientId)).toContain('demo-relying-party');
  });

  it('creating it again fails with the server’s errorCode and a non-zero exit code', async () => {
    const run = await runChild(['client', 'create', '--file', EXAMPLE]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: duplicate_client_id: A client with clientId demo-relying-party already exists. (HTTP 409)',
    );
    expect(run.stdout).toBe('');
  });

  it('a wrong token (flag over env) → exit 1 with unauthorized', async () => {
    const run = await runChild(['client', 'list', '--token', 'wrong-token-0123456789abcdef']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unauthorized: Missing or wrong admin bearer token. (HTTP 401)');
  });

  it('keys rotate --alg ES256 prints the new kid', async () => {
    const before = server.ctx.keys.signingKey('ES256').kid;
    const run = await runChild(['keys', 'rotate', '--alg', 'ES256']);
    expect(run.code).toBe(0);
    const { kids } = JSON.parse(run.stdout) as { kids: string[] };
    expect(kids).toEqual([server.ctx.keys.signingKey('ES256').kid]);
    expect(kids[0]).not.toBe(before);
  });
});

describe('in process', () => {
  it('--help prints the usage and exits 0; no command prints it and exits 2', async () => {
    const help = await runInProcess(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('client create --file <client.json>');
    expect((await runInProcess([])).code).toBe(2);
  });

  it('get, patch, update, delete a client', async () => {
    const request = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    const file = scratchFile('cli-crud.json', JSON.stringify({ ...request, clientId: 'cli-crud' }));
    expect((await runInProcess(['client', 'create', '-f', file])).code).toBe(0);

    const got = await runInProcess(['client', 'get', 'cli-crud']);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ clientId: 'cli-crud', relyingPartyId: 'demo-rp' });

    const patch = scratchFile('cli-patch.json', JSON.stringify({ clientName: 'Renamed' }));
    expect((await runInProcess(['client', 'patch', 'cli-crud', '--file', patch])).code).toBe(0);
    expect(await server.ctx.registry.clients.get('cli-crud')).toMatchObject({ clientName: 'Renamed' });

    const update = scratchFile(
      'cli-update.json',
      JSON.stringify({ ...request, clientId: 'cli-crud', status: 'INACTIVE' }),
    );
    const updated = await runInProcess(['client', 'update', '--file', update]);
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toEqual({ clientId: 'cli-crud', status: 'INACTIVE' });

    const deleted = await runInProcess(['client', 'delete', 'cli-crud']);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ clientId: 'cli-crud', deleted: true });
    const gone = await runInProcess(['client', 'get', 'cli-crud']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('invalid_client: No client with clientId cli-crud. (HTTP 404)');
  });

  it.each(['ES256', 'EdDSA', 'PS256'])(
    'client keygen --alg %s writes the private JWK (0600) and prints a public JWK the server accepts',
    async (alg) => {
      const out = path.join(scratch, `rp-${alg}.jwk`);
      const run = await runInProcess(['client', 'keygen', '--alg', alg, '--out', out]);
      expect(run.code).toBe(0);
      const publicJwk = JSON.parse(run.stdout) as Record<string, unknown>;
      const privateJwk = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(publicJwk).toMatchObject({ alg, use: 'sig', kid: privateJwk.kid });
      expect(publicJwk).not.toHaveProperty('d');
      expect(privateJwk).toHaveProperty('d');
      const request = {
        ...(JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>),
        clientId: `keygen-${alg}`,
        publicKey: publicJwk,
      };
      expect(
        (await runInProcess(['client', 'create', '--file', scratchFile(`keygen-${alg}.json`, JSON.stringify(request))]))
          .code,
      ).toBe(0);

      const again = await runInProcess(['client', 'keygen', '--alg', alg, '--out', out]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('the file exists (it is never overwritten)');
    },
  );

  it('keys list shows kid, alg, status', async () => {
    const run = await runInProcess(['keys', 'list']);
    expect(run.code).toBe(0);
    const { keys } = JSON.parse(run.stdout) as { keys: { kid: string; alg: string; status: string }[] };
    expect(
      keys
        .filter((k) => k.status === 'active')
        .map((k) => k.alg)
        .sort(),
    ).toEqual(['ES256', 'PS256', 'RS256']);
  });

  it.each([
    [
      'an unreadable file',
      ['client', 'create', '--file', '/nonexistent/client.json'],
      1,
      'cannot read /nonexistent/client.json: no such file',
    ],
    ['invalid JSON', ['client', 'create', '--file', 'BROKEN'], 1, 'is not valid JSON'],
    [
      'a file failing the schema',
      ['client', 'create', '--file', 'WILDCARD'],
      1,
      '✖ must be an absolute URL without fragment, wildcard or whitespace\n  → at redirectUris[0]',
    ],
    ['a missing --file', ['client', 'create'], 2, '--file <path> is required'],
    ['an unknown command', ['client', 'frobnicate'], 2, 'unknown command "client frobnicate"'],
    ['an unknown option', ['client', 'list', '--verbose'], 2, "Unknown option '--verbose'"],
    ['a missing clientId', ['client', 'get'], 2, '"client get" takes a clientId, got 0'],
    ['a bad --alg', ['keys', 'rotate', '--alg', 'HS256'], 2, '--alg must be one of'],
    [
      'an alg the server does not enable',
      ['keys', 'rotate', '--alg', 'EdDSA'],
      1,
      'invalid_input: Invalid request: alg: EdDSA is not enabled',
    ],
    ['keygen without --out', ['client', 'keygen'], 2, '--out <path> is required'],
    [
      'keygen with an HMAC alg',
      ['client', 'keygen', '--alg', 'HS256', '--out', '/tmp/never-written.jwk'],
      2,
      '--alg for keygen must be one of',
    ],
    ['a server URL that is not a URL', ['client', 'list', '--server', 'nowhere'], 2, 'is not a URL: nowhere'],
  ])('%s → exit %i with a clear message', async (_name, args, code, message) => {
    const files: Record<string, string> = {
      BROKEN: scratchFile('broken.json', '{"clientId": '),
      WILDCARD: scratchFile(
        'wildcard.json',
        JSON.stringify({ ...JSON.parse(readFileSync(EXAMPLE, 'utf8')), redirectUris: ['https://*.example.org/cb'] }),
      ),
    };
    const run = await runInProcess(args.map((a) => files[a] ?? a));
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
  });

  it('no token anywhere → exit 2 naming SIGNET_ADMIN_TOKEN', async () => {
    const run = await runInProcess(['client', 'list'], {
      SIGNET_ADMIN_TOKEN: undefined,
      SIGNET_DATA_DIR: path.join(scratch, 'no-data'),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('set SIGNET_ADMIN_TOKEN');
  });

  it('without a token, a server on this machine gets the demo token from $SIGNET_DATA_DIR/admin.token', async () => {
    const dataDir = mkdtempSync(path.join(scratch, 'data-'));
    writeFileSync(path.join(dataDir, 'admin.token'), TEST_ADMIN_TOKEN + '\n', { mode: 0o600 });
    expect(
      (await runInProcess(['keys', 'list'], { SIGNET_ADMIN_TOKEN: undefined, SIGNET_DATA_DIR: dataDir })).code,
    ).toBe(0);
    const localhost = server.url.replace('127.0.0.1', 'localhost');
    expect(
      (
        await runInProcess(['keys', 'list', '--server', localhost], {
          SIGNET_ADMIN_TOKEN: undefined,
          SIGNET_DATA_DIR: dataDir,
        })
      ).code,
    ).toBe(0);
    // A non-loopback name for the same server is not sent the demo token.
    const remote = await runInProcess(['keys', 'list', '--server', 'http://signet.invalid'], {
      SIGNET_ADMIN_TOKEN: undefined,
      SIGNET_DATA_DIR: dataDir,
    });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('no admin token');
  });

  it('an unreachable server → exit 1 saying so', async () => {
    const port = await freePort();
    const run = await runInProcess(['client', 'list', '--server', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot reach the server at http://127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('a server that is not Signet (non-JSON answer) → exit 1 saying so', async () => {
    const run = await runInProcess(['client', 'list', '--server', `${server.url}/plain-text-nowhere`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 404, and the answer is not JSON/);
  });

  it('options: flags win over the environment, which wins over the default', () => {
    expect(buildOptions(['client', 'list'], {})).toMatchObject({ server: 'http://127.0.0.1:8088', token: undefined });
    expect(
      buildOptions(['client', 'list'], { SIGNET_ISSUER: 'https://id.example.org', SIGNET_ADMIN_TOKEN: 'env-token' }),
    ).toMatchObject({ server: 'https://id.example.org', token: 'env-token' });
    expect(
      buildOptions(['client', 'list', '-s', 'http://x', '-t', 'flag'], {
        SIGNET_ISSUER: 'https://id.example.org',
        SIGNET_ADMIN_TOKEN: 'env-token',
      }),
    ).toMatchObject({ server: 'http://x', token: 'flag' });
  });
});
