// The demo relying party (demo/relying-party) against a real server, followed like a browser:
// RP /login → /authorize → login UI → sign-in with each factor the reference ID system verifies
// (PIN, OTP, password, knowledge questions; biometrics asks for its ACR) → RP /callback with the
// RP's cookie → the page with the verified ID token and userinfo claims. Also: registration through the
// client-management API is idempotent across restarts, and start-up errors say what to fix.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '@signet-kiosk/server/testing';
import { optionsFromEnv } from '../demo/relying-party/options.js';
import { startDemoRelyingParty, type DemoRelyingParty } from '../demo/relying-party/relying-party.js';
import { CONTENT_SECURITY_POLICY, LOGIN_COOKIE } from '../demo/relying-party/routes.js';
import { EsignetUiDriver, type LoginFactor } from './support/esignet-ui-driver.js';
import { DEMO_RESIDENTS } from './support/demo-residents.js';

const DARA = DEMO_RESIDENTS.pin;
const PIN: LoginFactor = { type: 'PIN', pin: DARA.pin };

let server: TestServer;
let dataDir: string;
let port: number;
let rp: DemoRelyingParty;

beforeAll(async () => {
  server = await startTestServer();
  dataDir = mkdtempSync(path.join(tmpdir(), 'demo-rp-test-'));
  port = await freePort();
  rp = await startDemoRelyingParty({ port, issuer: server.url, adminToken: TEST_ADMIN_TOKEN, dataDir });
});
afterAll(async () => {
  await rp?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface RpLogin {
  authorizationUrl: URL;
  cookie: string;
  setCookie: string;
  callback: string;
}

/** What a browser does from the RP's sign-in button to the URL the login UI sends it back to. */
async function signInThroughRp(app: DemoRelyingParty, query: string, factor: LoginFactor): Promise<RpLogin> {
  const login = await fetch(`${app.url}/login?${query}`, { redirect: 'manual' });
  expect(login.status).toBe(303);
  const setCookie = login.headers.getSetCookie().find((c) => c.startsWith(`${LOGIN_COOKIE}=`))!;
  expect(setCookie).toBeDefined();
  const cookie = setCookie.split(';')[0]!;
  const authorizationUrl = new URL(login.headers.get('location')!);
  expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(`${server.url}/authorize`);

  const driver = new EsignetUiDriver(server.url);
  const toUi = await driver.authorize(authorizationUrl);
  expect(toUi.status).toBeGreaterThanOrEqual(300);
  expect(toUi.location).toMatch(new RegExp(`^${server.url}/login\\?`));
  const callback = await driver.signIn(authorizationUrl, DARA.individualId, factor);
  expect(callback.startsWith(`${app.url}/callback?`)).toBe(true);
  return { authorizationUrl, cookie, setCookie, callback };
}

async function openCallback(
  callback: string,
  cookie?: string,
): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(callback, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

describe('demo relying party: sign-in', () => {
  it('registered itself through the client-management API, with its key kept private', async () => {
    expect(rp.registration).toBe('created');
    expect(rp.url).toBe(`http://127.0.0.1:${port}`);
    expect(statSync(rp.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(rp.keyFile)).mode & 0o777).toBe(0o700);
    expect(rp.keyFile.startsWith(path.join(dataDir, 'demo-rp') + path.sep)).toBe(true);
    const client = await server.ctx.registry.clients.get('demo-rp');
    expect(client?.redirectUris).toEqual([`${rp.url}/callback`]);
    expect(client?.authContextRefs).toEqual([
      'mosip:idp:acr:static-code',
      'mosip:idp:acr:generated-code',
      'mosip:idp:acr:password',
      'mosip:idp:acr:knowledge',
      'mosip:idp:acr:biometrics',
    ]);
    expect(client?.publicKey.d).toBeUndefined();
    expect(
      server.audit.events.some(
        (e) => e.action === 'client-create' && e.outcome === 'success' && e.clientId === 'demo-rp',
      ),
    ).toBe(true);
  });

  it('asks for the biometrics ACR for a fingerprint sign-in', async () => {
    const login = await fetch(`${rp.url}/login?method=bio`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(new URL(login.headers.get('location')!).searchParams.get('acr_values')).toBe('mosip:idp:acr:biometrics');
  });

  it('shows the home page with a sign-in button per factor under a strict CSP', async () => {
    const res = await fetch(`${rp.url}/?claims_locales=${encodeURIComponent('en km')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const body = await res.text();
    expect(body).toContain('href="/login?method=pin&amp;claims_locales=en+km"');
    expect(body).toContain('href="/login?method=otp&amp;claims_locales=en+km"');
    expect(body).toContain('href="/login?method=pwd&amp;claims_locales=en+km"');
    expect(body).toContain('href="/login?method=kbi&amp;claims_locales=en+km"');
    // The demo resident's credentials for each of them.
    for (const credential of [DARA.pin, DARA.password, 'Battambang', '1985-09-30', `individualId=${DARA.individualId}`])
      expect(body).toContain(credential);
    expect(body).toContain('href="/login?method=bio&amp;claims_locales=en+km"');
    expect(body).toContain('href="/login?method=any&amp;claims_locales=en+km"');
    expect(body).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('signs Dara Lim in with a PIN and shows the verified ID token and userinfo claims', async () => {
    const { authorizationUrl, cookie, setCookie, callback } = await signInThroughRp(rp, 'method=pin', PIN);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    const q = authorizationUrl.searchParams;
    expect(q.get('client_id')).toBe('demo-rp');
    expect(q.get('redirect_uri')).toBe(`${rp.url}/callback`);
    expect(q.get('acr_values')).toBe('mosip:idp:acr:static-code');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('state')).toBeTruthy();
    expect(q.get('nonce')).toBeTruthy();
    expect(JSON.parse(q.get('claims')!)).toEqual({
      userinfo: { name: { essential: true }, email: null, phone_number: null },
    });
    expect(q.get('claims_locales')).toBeNull();

    const page = await openCallback(callback, cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body).toContain('Signed in as <span class="name">Dara Lim</span>');
    expect(page.body).toContain('<code>mosip:idp:acr:static-code</code>');
    expect(page.body).toMatch(/<code>amr<\/code><\/th><td>pin<\/td>/);
    expect(page.body).toMatch(/<code>auth_time<\/code><\/th><td>\d{4}-\d\d-\d\dT/);
    expect(page.body).toContain('dara.lim@example.org');
    expect(page.body).toContain('pairwise');
    expect(page.body).not.toContain(DARA.individualId);
    // The callback clears the RP's cookie: the login state is used once.
    expect(page.headers.getSetCookie().some((c) => c.startsWith(`${LOGIN_COOKIE}=;`))).toBe(true);
  });

  it('signs Dara Lim in with an OTP read from the demo outbox', async () => {
    const { authorizationUrl, cookie, callback } = await signInThroughRp(rp, 'method=otp', { type: 'OTP' });
    expect(authorizationUrl.searchParams.get('acr_values')).toBe('mosip:idp:acr:generated-code');
    const page = await openCallback(callback, cookie);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Dara Lim');
    expect(page.body).toContain('<code>mosip:idp:acr:generated-code</code>');
    expect(page.body).toMatch(/<code>amr<\/code><\/th><td>otp<\/td>/);
  });

  it.each([
    { method: 'pwd', acr: 'mosip:idp:acr:password', amr: 'pwd', factor: { type: 'PWD', password: DARA.password } },
    {
      method: 'kbi',
      acr: 'mosip:idp:acr:knowledge',
      amr: 'kba',
      factor: { type: 'KBI', answers: { fullName: 'Dara Lim', dob: '1985-09-30', birthPlace: 'Battambang' } },
    },
  ] as const)('signs Dara Lim in with the $method factor the README lists', async ({ method, acr, amr, factor }) => {
    const { authorizationUrl, cookie, callback } = await signInThroughRp(rp, `method=${method}`, factor);
    expect(authorizationUrl.searchParams.get('acr_values')).toBe(acr);
    const page = await openCallback(callback, cookie);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Signed in as <span class="name">Dara Lim</span>');
    expect(page.body).toContain(`<code>${acr}</code>) — as requested.`);
    expect(page.body).toMatch(new RegExp(`<code>amr</code></th><td>${amr}</td>`));
  });

  it('lets the resident choose with "any method", and asks for localised claims', async () => {
    const { authorizationUrl, cookie, callback } = await signInThroughRp(
      rp,
      `method=any&claims_locales=${encodeURIComponent('en km')}`,
      PIN,
    );
    expect(authorizationUrl.searchParams.get('acr_values')).toBeNull();
    expect(authorizationUrl.searchParams.get('claims_locales')).toBe('en km');
    const page = await openCallback(callback, cookie);
    expect(page.status).toBe(200);
    expect(page.body).toContain('លឹម ដារ៉ា');
    expect(page.body).toMatch(/<td lang="[a-z]+">Dara Lim<\/td>/);
  });

  it('gives the same pairwise sub on every sign-in at this relying party', async () => {
    const sub = async () => {
      const { cookie, callback } = await signInThroughRp(rp, 'method=pin', PIN);
      return /<code>sub<\/code>.*?<td>([^<]+)<\/td>/s.exec((await openCallback(callback, cookie)).body)?.[1];
    };
    const first = await sub();
    expect(first).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(await sub()).toBe(first);
  });

  it('refuses a callback without its cookie, a replayed callback and a forged state', async () => {
    const { cookie, callback } = await signInThroughRp(rp, 'method=pin', PIN);
    const noCookie = await openCallback(callback);
    expect(noCookie.status).toBe(400);
    expect(noCookie.body).toContain('No sign-in in progress');

    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state');
    const wrongState = await openCallback(forged.href, cookie);
    expect(wrongState.status).toBe(400);
    expect(wrongState.body).toContain('Sign-in rejected');
    // The failed attempt used the login state up: the genuine answer is refused too.
    expect((await openCallback(callback, cookie)).status).toBe(400);
  });

  it('shows an authorization error from the server, escaped', async () => {
    const login = await fetch(`${rp.url}/login?method=pin`, { redirect: 'manual' });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
    const callback = new URL(`${rp.url}/callback`);
    callback.search = new URLSearchParams({
      error: 'access_denied',
      error_description: '<script>alert(1)</script>',
      state,
      iss: server.url,
    }).toString();
    const page = await openCallback(callback.href, cookie);
    expect(page.status).toBe(400);
    expect(page.body).toContain('access_denied');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>');
  });

  it('answers 400 to a bad method or claims_locales', async () => {
    expect((await fetch(`${rp.url}/login?method=face-id`, { redirect: 'manual' })).status).toBe(400);
    expect(
      (await fetch(`${rp.url}/login?method=pin&claims_locales=${encodeURIComponent('"><x')}`, { redirect: 'manual' }))
        .status,
    ).toBe(400);
    expect((await fetch(`${rp.url}/login?method=pin&method=otp`, { redirect: 'manual' })).status).toBe(400);
  });
});

describe('demo relying party: registration', () => {
  it('is idempotent on restart: same client, same key, and sign-in still works', async () => {
    const keyBefore = readFileSync(rp.keyFile, 'utf8');
    await rp.close();
    rp = await startDemoRelyingParty({ port, issuer: server.url, adminToken: TEST_ADMIN_TOKEN, dataDir });
    expect(rp.registration).toBe('unchanged');
    expect(readFileSync(rp.keyFile, 'utf8')).toBe(keyBefore);
    const clients = (await server.ctx.registry.clients.list()).filter((c) => c.clientId === 'demo-rp');
    expect(clients).toHaveLength(1);
    expect(clients[0]!.redirectUris).toEqual([`${rp.url}/callback`]);
    expect(server.audit.events.filter((e) => e.action === 'client-create' && e.clientId === 'demo-rp')).toHaveLength(1);

    const { cookie, callback } = await signInThroughRp(rp, 'method=pin', PIN);
    expect((await openCallback(callback, cookie)).body).toContain('Dara Lim');
  });

  it('adds the authentication contexts an older registration lacks, keeping the others', async () => {
    const before = (await server.ctx.registry.clients.get('demo-rp'))!;
    await server.ctx.registry.clients.update({
      ...before,
      authContextRefs: ['mosip:idp:acr:static-code', 'mosip:idp:acr:generated-code', 'mosip:idp:acr:biometrics'],
    });
    await rp.close();
    rp = await startDemoRelyingParty({ port, issuer: server.url, adminToken: TEST_ADMIN_TOKEN, dataDir });
    expect(rp.registration).toBe('updated');
    expect((await server.ctx.registry.clients.get('demo-rp'))?.authContextRefs).toEqual([
      'mosip:idp:acr:static-code',
      'mosip:idp:acr:generated-code',
      'mosip:idp:acr:biometrics',
      'mosip:idp:acr:password',
      'mosip:idp:acr:knowledge',
    ]);
    const { cookie, callback } = await signInThroughRp(rp, 'method=kbi', {
      type: 'KBI',
      answers: { fullName: 'Dara Lim', dob: '1985-09-30', birthPlace: 'Battambang' },
    });
    expect((await openCallback(callback, cookie)).body).toContain('Dara Lim');
  });

  it('adds its redirect URI when restarted on another port, keeping the old one', async () => {
    const otherPort = await freePort();
    const moved = await startDemoRelyingParty({
      port: otherPort,
      issuer: server.url,
      adminToken: TEST_ADMIN_TOKEN,
      dataDir,
    });
    try {
      expect(moved.registration).toBe('updated');
      const client = await server.ctx.registry.clients.get('demo-rp');
      expect(client?.redirectUris).toEqual([`${rp.url}/callback`, `${moved.url}/callback`]);
      const { cookie, callback } = await signInThroughRp(moved, 'method=pin', PIN);
      expect((await openCallback(callback, cookie)).body).toContain('Dara Lim');
    } finally {
      await moved.close();
    }
  });

  it('refuses to take over a client registered with another key', async () => {
    const otherDir = mkdtempSync(path.join(tmpdir(), 'demo-rp-test-'));
    try {
      await expect(
        startDemoRelyingParty({
          port: await freePort(),
          issuer: server.url,
          adminToken: TEST_ADMIN_TOKEN,
          dataDir: otherDir,
        }),
      ).rejects.toMatchObject({
        code: 'registration_conflict',
        message: expect.stringContaining('client demo-rp is registered with another public key'),
      });
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('says clearly when the admin token is wrong or missing, or the server is not running', async () => {
    const otherDir = mkdtempSync(path.join(tmpdir(), 'demo-rp-test-'));
    try {
      const base = { port: await freePort(), dataDir: otherDir, clientId: 'demo-rp-errors' };
      await expect(
        startDemoRelyingParty({ ...base, issuer: server.url, adminToken: 'not-the-token' }),
      ).rejects.toMatchObject({
        code: 'admin_token_rejected',
        message: expect.stringContaining('refused the admin token from SIGNET_ADMIN_TOKEN'),
      });
      await expect(startDemoRelyingParty({ ...base, issuer: server.url })).rejects.toMatchObject({
        code: 'admin_token_missing',
        message: expect.stringContaining(path.join(otherDir, 'admin.token')),
      });
      const nobody = `http://127.0.0.1:${await freePort()}`;
      await expect(
        startDemoRelyingParty({ ...base, issuer: nobody, adminToken: TEST_ADMIN_TOKEN }),
      ).rejects.toMatchObject({
        code: 'server_unreachable',
        message: expect.stringContaining(`cannot reach the Signet server at ${nobody}`),
      });
      expect(await server.ctx.registry.clients.get('demo-rp-errors')).toBeUndefined();
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('refuses a private key file other users can read', async () => {
    chmodSync(rp.keyFile, 0o644);
    try {
      await expect(
        startDemoRelyingParty({ port: await freePort(), issuer: server.url, adminToken: TEST_ADMIN_TOKEN, dataDir }),
      ).rejects.toMatchObject({
        code: 'key_file_unsafe',
        message: expect.stringContaining(`${rp.keyFile} is readable by other users (mode 644)`),
      });
    } finally {
      chmodSync(rp.keyFile, 0o600);
    }
  });
});

describe('demo relying party: settings', () => {
  it('reads its settings from the environment, with defaults, naming a bad variable', () => {
    expect(optionsFromEnv({})).toMatchObject({
      port: 8090,
      issuer: 'http://127.0.0.1:8088',
      dataDir: './data',
      clientId: 'demo-rp',
      adminToken: undefined,
    });
    expect(
      optionsFromEnv({
        DEMO_RP_PORT: '9000',
        SIGNET_ISSUER: 'https://id.example.org/',
        SIGNET_ADMIN_TOKEN: 't0ken',
        DEMO_RP_CLIENT_ID: 'my-rp',
        SIGNET_DATA_DIR: '',
      }),
    ).toMatchObject({
      port: 9000,
      issuer: 'https://id.example.org',
      adminToken: 't0ken',
      clientId: 'my-rp',
      dataDir: './data',
    });
    expect(() => optionsFromEnv({ DEMO_RP_PORT: 'abc' })).toThrow(/^✖ DEMO_RP_PORT: /m);
    expect(() => optionsFromEnv({ SIGNET_ISSUER: 'ftp://x' })).toThrow(/^✖ SIGNET_ISSUER: must be an http\(s\) URL/m);
    expect(() => optionsFromEnv({ DEMO_RP_CLIENT_ID: 'a b' })).toThrow(/^✖ DEMO_RP_CLIENT_ID: /m);
    expect(() => optionsFromEnv({ DEMO_RP_PORT: 'abc', DEMO_RP_CLIENT_ID: 'a b' })).toThrow(
      /^invalid settings:\n✖ DEMO_RP_PORT: .+\n✖ DEMO_RP_CLIENT_ID: .+$/,
    );
  });
});
