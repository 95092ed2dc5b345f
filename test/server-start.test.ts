// Start-up as an operator meets it: the compiled entry point (`node server/dist/main.js`, what
// `npm start` and `npm run server` run) in a child process, with bad configuration or a broken
// plugin ending in one clear message and a non-zero exit code, a running server introducing itself
// with a readable banner before its log lines, and serving its login page and a whole sign-in.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import * as oidc from 'openid-client';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { esignetTime } from '@signet-kiosk/shared/esignet';
import { createMockIdentity, FAST_SCRYPT, freePort } from '@signet-kiosk/server/testing';
import { EsignetUiDriver } from './support/esignet-ui-driver.js';
import { DEMO_RESIDENTS } from './support/demo-residents.js';

const MAIN = 'server/dist/main.js';

/** Builds the server as `npm start` does (`tsc -b server` follows its references; a second or two when up to date). */
function buildServer(): void {
  execFileSync('npm', ['run', '-s', 'build:server'], { stdio: 'inherit' });
}

function runServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [MAIN],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 30_000 },
      (err, _stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** Runs the entry point until its first JSON log line is out; returns what it printed until then, and a way to stop it. */
async function startServerProcess(env: Record<string, string>): Promise<{ stdout: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

beforeAll(buildServer, 180_000);

describe('server start-up', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-start-'));

  it('refuses bad configuration with one message naming each bad environment variable and its value', async () => {
    const r = await runServer({ SIGNET_DATA_DIR: dataDir, SIGNET_PORT: 'eighty', SIGNET_TTL_AUTH_CODE: '600' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      [
        'signet: invalid configuration:',
        '✖ SIGNET_PORT=eighty: must be a port number (0-65535)',
        '✖ SIGNET_TTL_AUTH_CODE=600: must be at most 60 seconds',
      ].join('\n'),
    );
  });

  it('refuses a plugin that does not load', async () => {
    const r = await runServer({
      SIGNET_DATA_DIR: dataDir,
      SIGNET_AUTHENTICATOR: './no/such/plugin.js',
      SIGNET_PORT: '0',
    });
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
    const plugin = await createMockIdentity(
      {
        dataDir: demoDir,
        demo: true,
        issuer: 'http://127.0.0.1:8088',
        adminToken: undefined,
        logger: pino({ level: 'silent' }),
      },
      { scrypt: FAST_SCRYPT },
    );
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
      expect(lines.slice(0, firstJson).join('\n')).toContain(
        `discovery:   http://127.0.0.1:${port}/.well-known/openid-configuration`,
      );
      for (const line of lines.slice(firstJson)) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
      const discovery = (await (await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).json()) as {
        issuer: string;
      };
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

  it('serves the login page and its assets, and signs a demo resident in from authorize to tokens', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const adminToken = randomBytes(24).toString('base64url');
    const demoDir = mkdtempSync(path.join(tmpdir(), 'signet-start-login-'));
    const server = await startServerProcess({
      SIGNET_DATA_DIR: demoDir,
      SIGNET_PORT: String(port),
      SIGNET_DEMO: '1',
      SIGNET_ADMIN_TOKEN: adminToken,
    });
    try {
      // Opened on its own, /login explains itself (no script); with a sign-in request it is the login app.
      const alone = await fetch(`${url}/login`);
      expect(alone.status).toBe(200);
      expect(await alone.text()).toContain('This page opens from an application');
      const page = await fetch(`${url}/login?client_id=any-client`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
      expect(script).toMatch(/^\/login\/app\/assets\/[\w-]+\.js$/);
      const asset = await fetch(new URL(script!, url));
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);

      const client = await registerClient(url, adminToken);
      const config = await oidc.discovery(
        new URL(url),
        client.clientId,
        { id_token_signed_response_alg: 'ES256' },
        oidc.PrivateKeyJwt(client.privateKey, { [oidc.modifyAssertion]: (header) => void (header.kid = client.kid) }),
        {
          execute: [oidc.allowInsecureRequests],
        },
      );
      const verifier = oidc.randomPKCECodeVerifier();
      const nonce = oidc.randomNonce();
      const authorizationUrl = oidc.buildAuthorizationUrl(config, {
        redirect_uri: client.redirectUri,
        scope: 'openid profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        nonce,
      });
      const resident = DEMO_RESIDENTS.pin;
      const callback = await new EsignetUiDriver(url).signIn(authorizationUrl, resident.individualId, {
        type: 'PIN',
        pin: resident.pin,
      });
      const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), {
        pkceCodeVerifier: verifier,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      expect(tokens.claims()?.iss).toBe(url);
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
      expect(userinfo.name).toBe(resident.nameEng);
    } finally {
      await server.stop();
    }
  });
});

/** Registers a relying party through the client-management API, as an operator would. */
async function registerClient(
  url: string,
  adminToken: string,
): Promise<{ clientId: string; redirectUri: string; kid: string; privateKey: CryptoKey }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomBytes(6).toString('base64url');
  const request = {
    clientId: `rp-${randomBytes(6).toString('hex')}`,
    clientName: 'Compiled-server relying party',
    publicKey: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
    relyingPartyId: 'rp-compiled',
    userClaims: ['name'],
    authContextRefs: ['mosip:idp:acr:static-code'],
    logoUri: 'https://rp.example.org/logo.png',
    redirectUris: ['https://rp.example.org/callback'],
    grantTypes: ['authorization_code'],
    clientAuthMethods: ['private_key_jwt'],
  };
  const res = await fetch(`${url}/v1/esignet/client-mgmt/client`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ requestTime: esignetTime(), request }),
  });
  expect(await res.json()).toMatchObject({ response: { clientId: request.clientId, status: 'ACTIVE' } });
  return { clientId: request.clientId, redirectUri: 'https://rp.example.org/callback', kid, privateKey };
}
