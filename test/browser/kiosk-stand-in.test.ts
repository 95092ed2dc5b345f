// The kiosk's browser stand-in in a real browser (Debian's Chromium via playwright-core): an ordinary
// page, with no preload and no exposed function, gets window.kiosk from the stand-in's script and
// reaches the kiosk's main-process modules over HTTP only (the same IpcRouter and handlers as
// Electron, KioskSbi over a real bridge, the reference simulator). A resident signs in with a
// fingerprint at the kiosk through the stand-in's origin; the whole assisted flow runs with the
// operator at the stand-in's console (OperatorSession, LinkActions, /operator/callback) and the
// resident on their own browser context; without the token the page gets nothing.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { portBlock } from '@signet-kiosk/sbi-bridge/testing';
import { registerKiosk, startTestServer, type TestServer } from '@signet-kiosk/server/testing';
import type { KioskEventChannel } from '@signet-kiosk/shared/kiosk';
import {
  loadOrCreateKioskIdentity,
  type OperatorSession,
  parseKioskConfig,
  registrationRequestOf,
  NO_KEYSTORE,
  startKioskServices,
  type KioskServices,
  startStandIn,
  type RunningStandIn,
} from '@signet-kiosk/kiosk/main';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium, startCallbackServer, type Callback } from './support/browser.js';

const BIO_ACR = 'mosip:idp:acr:biometrics';
const ENCRYPTION_CERT_PATH = '/v1/mock-identity-system/sbi/encryption-certificate';
const RESIDENT = '2804195602';
const PORTS = portBlock(10);
const RENDERER_DIR = fileURLToPath(new URL('../../kiosk/dist/renderer/', import.meta.url));
const SBI_HOSTS = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;
/** The login app's idle timeout on the idle stand-in's pages (window.kiosk.idleSeconds): short, for the idle test. */
const IDLE_SECONDS = 3;
const STAND_IN_COOKIE = 'signet-kiosk-stand-in';
/** The server's cookies of a resident's sign-in: browser binding, CSRF token, SSO session. */
const SERVER_COOKIES = ['SIGNET-BROWSER', 'XSRF-TOKEN', 'signet_sso'];
const cookieNames = async (url: string) => (await context.cookies(url)).map((c) => c.name).sort();

let server: TestServer;
let sim: RunningSimulator;
let callback: Callback;
let client: TestClient;
let browser: Browser;
let services: KioskServices;
let standIn: RunningStandIn;
let idleStandIn: RunningStandIn;
/** The kiosk's redirect URI: on 127.0.0.1, the server's loopback name, where the stand-in answers it too. */
let redirectUri: string;
let operator: OperatorSession;
let pushEvent: ((channel: KioskEventChannel, payload: unknown) => void) | undefined;

let context: BrowserContext;
let page: Page;
let refused: string[];
/** The page's requests to loopback other than the stand-in and the relying party. */
let loopbackRequests: string[];

function authorizePath(): { path: string; state: string } {
  const state = randomBytes(12).toString('base64url');
  const params = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    acr_values: BIO_ACR,
    state,
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
    code_challenge_method: 'S256',
    ui_locales: 'en',
    prompt: 'consent',
  });
  return { path: `/authorize?${params}`, state };
}

/** A port nothing listens on now: the kiosk's redirect URI names the stand-in's port before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  [server, callback] = await Promise.all([startTestServer(), startCallbackServer()]);
  sim = await startSimulator(
    {
      dataDir: `${server.config.dataDir}/sbi-simulator`,
      portMin: PORTS.min,
      portMax: PORTS.max,
      encryptionCertificate: `${server.url}${ENCRYPTION_CERT_PATH}`,
    },
    { onError: (e) => console.error('simulator', e) },
  );
  client = await registerTestClient(server, { redirectUri: callback.url, authContextRefs: [BIO_ACR] });
  // The demo kiosk as `npm start` runs it: registered with the stand-in's callback (on 127.0.0.1, as
  // the demo server registers it), Dara Lim its operator.
  const standInPort = await freePort();
  redirectUri = `http://127.0.0.1:${standInPort}/operator/callback`;
  const identity = await loadOrCreateKioskIdentity(mkdtempSync(path.join(tmpdir(), 'stand-in-kiosk-')), NO_KEYSTORE);
  await registerKiosk(
    server.ctx,
    registrationRequestOf(identity, { kioskId: 'stand-in-kiosk', name: 'Stand-in kiosk', redirectUris: [redirectUri] }),
    [RESIDENT],
  );
  const config = parseKioskConfig(
    JSON.stringify({
      serverUrl: server.url,
      kiosk: { id: 'stand-in-kiosk', name: 'Stand-in kiosk', redirectUris: [redirectUri] },
      devices: { ports: PORTS, discoveryTimeoutMs: 5000, rescanIntervalMs: 60_000 },
    }),
  );
  // The services as the stand-in's main wires them (kiosk/main/stand-in/main.ts), over both stand-ins.
  services = await startKioskServices({
    config,
    identity,
    shell: {
      navigate: (url) => [standIn, idleStandIn].forEach((s) => s.navigate(url)),
      push: (channel, payload) => pushEvent?.(channel, payload),
      clear: async () => [standIn, idleStandIn].forEach((s) => s.forgetCookies()),
      // Only the idle stand-in's pages go home in these tests: the stand-in follows its own origin only.
      homeUrl: () => idleStandIn.consoleUrl,
    },
  });
  operator = services.operator;
  standIn = await startStandIn({
    host: '127.0.0.1',
    port: standInPort,
    demo: true,
    rendererDir: RENDERER_DIR,
    serverUrl: server.url,
    handlers: services.handlers,
    watchEvents: (push) => (pushEvent = push),
    operator: { session: operator, redirectUri },
    log: { warn: (fields) => refused.push(String(fields.channel)) },
  });
  // The same kiosk with a short resident idle timeout, for the test of a resident who walks away.
  idleStandIn = await startStandIn({
    host: '127.0.0.1',
    port: 0,
    demo: true,
    rendererDir: RENDERER_DIR,
    serverUrl: server.url,
    handlers: services.handlers,
    page: { idleSeconds: IDLE_SECONDS },
    log: { warn: (fields) => refused.push(String(fields.channel)) },
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await standIn?.close();
  await idleStandIn?.close();
  await services?.close();
  await sim?.close();
  await callback?.close();
  await server?.close();
});

beforeEach(async () => {
  refused = [];
  loopbackRequests = [];
  callback.received.length = 0;
  context = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'en-GB' });
  page = await context.newPage();
  page.on('request', (r) => {
    const url = r.url();
    const expected = [standIn.url, idleStandIn.url, redirectUri, callback.url.replace('/callback', '')];
    if (SBI_HOSTS.test(url) && !expected.some((u) => url.startsWith(u))) loopbackRequests.push(url);
  });
});

afterEach(async () => {
  await context?.close();
});

describe('the kiosk browser stand-in', { timeout: 90_000 }, () => {
  it('signs a resident in with a fingerprint through window.kiosk over HTTP, never touching a device itself', async () => {
    await page.goto(standIn.openUrl);
    expect(page.url()).toBe(`${standIn.url}/#/console`);
    // window.kiosk has the preload's shape: every group and method of the contract, nothing else.
    const shape = await page.evaluate(() =>
      Object.fromEntries(
        Object.entries((globalThis as unknown as { kiosk: Record<string, object> }).kiosk).map(([g, m]) => [
          g,
          Object.keys(m).sort(),
        ]),
      ),
    );
    expect(shape.sbi).toEqual(['cancelCapture', 'capture', 'discover', 'onDeviceEvent']);
    expect(shape.resident).toEqual(['done']);

    const { path, state } = authorizePath();
    await page.goto(`${standIn.url}${path}`);
    await page.locator('#individual-id').fill(RESIDENT);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('[data-bio-phase]:not([data-bio-phase="searching"])').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).origin).toBe(standIn.url);
    expect(await page.locator('[data-bio-phase]').getAttribute('data-bio-phase')).toBe('ready');
    await page.getByRole('button', { name: 'Scan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Share your information' }).waitFor({ timeout: 30_000 });
    // The resident's sign-in holds the server's cookies, relayed on the stand-in's origin.
    expect(await cookieNames(standIn.url)).toEqual(expect.arrayContaining(['SIGNET-BROWSER', 'signet_sso']));
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(callback.url)),
      page.getByRole('button', { name: 'Allow' }).click(),
    ]);
    // Handed to the relying party: the next resident at this kiosk inherits none of them (no SSO session).
    expect(await cookieNames(standIn.url)).toEqual([STAND_IN_COOKIE]);
    const [received] = callback.received;
    expect(received?.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(received?.get('state')).toBe(state);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'authenticate', outcome: 'success', factors: ['BIO'] }),
    );
    expect(refused).toEqual([]);
    expect(loopbackRequests).toEqual([]);
  });

  it('gives a page without the token nothing: no page, no script, no window.kiosk', async () => {
    const response = await page.goto(`${standIn.url}/`);
    expect(response?.status()).toBe(401);
    const script = await page.request.get(`${standIn.url}/__kiosk/kiosk-api.js`);
    expect(script.status()).toBe(401);
    expect(await page.evaluate(() => 'kiosk' in globalThis)).toBe(false);
    const wrong = await page.goto(`${standIn.url}/?kiosk_token=${randomBytes(32).toString('base64url')}`);
    expect(wrong?.status()).toBe(401);
  });

  it("answers nothing to another origin's page that holds the cookie", async () => {
    await page.goto(standIn.openUrl);
    // Another port of the stand-in's own host name: same site, so the browser sends the cookie along.
    await page.goto(callback.url.replace('127.0.0.1', new URL(standIn.url).hostname));
    const status = await page.evaluate(async (url) => {
      const res = await fetch(`${url}/__kiosk/invoke/sbi:discover`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'text/plain' },
        credentials: 'include',
        mode: 'no-cors',
      });
      return res.type;
    }, standIn.url);
    expect(status).toBe('opaque');
    await expect.poll(() => refused).toEqual(['sbi:discover']);
  });

  it("runs the assisted flow: the operator signs in at the stand-in's console, types the resident's code, captures, and the resident consents", async () => {
    await page.goto(standIn.openUrl);
    expect(page.url()).toBe(`${standIn.url}/#/console`);
    await page.locator('[data-screen="signed-out"]').waitFor({ timeout: 20_000 });
    // The session sends the page to the server's sign-in, on the stand-in's origin, over the event stream.
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('#individual-id').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).origin).toBe(standIn.url);
    await page.locator('#individual-id').fill(RESIDENT);
    await page.getByRole('button', { name: 'Continue' }).click();
    const pinChoice = page.locator('button.method[data-factors="PIN"]');
    await Promise.race([pinChoice.waitFor(), page.locator('#pin').waitFor()]);
    if (await pinChoice.isVisible()) await pinChoice.click();
    await page.locator('#pin').fill('736204');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const allow = page.getByRole('button', { name: 'Allow' });
    const codeScreen = page.locator('[data-screen="code"]');
    await Promise.race([allow.waitFor({ timeout: 20_000 }), codeScreen.waitFor({ timeout: 20_000 })]);
    if (await allow.isVisible()) await allow.click();
    // Back at /operator/callback, then the console.
    await codeScreen.waitFor({ timeout: 20_000 });
    expect(page.url()).toBe(`${standIn.url}/#/console`);
    expect(operator.view()).toMatchObject({ signedIn: true });

    // The resident, on their own device (the server's origin), chooses the assisted kiosk.
    const residentContext = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'en-GB' });
    try {
      const resident = await residentContext.newPage();
      const { path: authorize, state } = authorizePath();
      await resident.goto(`${server.url}${authorize}`);
      await resident.locator('#individual-id').fill(RESIDENT);
      await resident.getByRole('button', { name: 'Continue' }).click();
      await resident.locator('button.method[data-factors="ASSISTED"]').click();
      await resident.locator('[data-link-stage="WAITING"]').waitFor();
      const shown = (await resident.locator('#link-code').textContent()) ?? '';

      await page.locator('#link-code').fill(shown);
      await page.keyboard.press('Enter');
      await page.locator('[data-screen="request"]').waitFor({ timeout: 20_000 });
      await resident.locator('[data-link-stage="LINKED"]').waitFor({ timeout: 20_000 });
      await page.locator('input[name="device"]').first().waitFor({ timeout: 20_000 });
      await page.locator('#individual-id').fill(RESIDENT);
      await page.getByRole('button', { name: 'Capture', exact: true }).click();
      await page.locator('[data-screen="result"][data-outcome="authenticated"]').waitFor({ timeout: 60_000 });

      await resident.getByRole('button', { name: 'Allow' }).waitFor({ timeout: 30_000 });
      await Promise.all([
        resident.waitForURL((u) => u.href.startsWith(callback.url)),
        resident.getByRole('button', { name: 'Allow' }).click(),
      ]);
      const received = callback.received.at(-1);
      expect(received?.get('code')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      expect(received?.get('state')).toBe(state);
      // The audit names the operator by their sub at the kiosk, never by individual ID.
      expect(server.audit.events).toContainEqual(
        expect.objectContaining({
          action: 'linked-authenticate',
          outcome: 'success',
          operator: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        }),
      );
      expect(JSON.stringify(server.audit.events)).not.toContain(RESIDENT);
    } finally {
      await residentContext.close();
    }
    expect(refused).toEqual([]);
    expect(loopbackRequests).toEqual([]);
  });

  it("keeps its cookies and the server's apart: neither the token reaches the server, nor the server's cookies the stand-in", async () => {
    expect(new URL(standIn.url).hostname).not.toBe(new URL(server.url).hostname);
    const cookiesSent: { url: string; cookie: string }[] = [];
    page.on('request', (r) => {
      void r.allHeaders().then((h) => cookiesSent.push({ url: r.url(), cookie: h.cookie ?? '' }));
    });
    await page.goto(standIn.openUrl);
    await page.locator('[data-screen]').first().waitFor({ timeout: 20_000 });
    // The resident, in the same browser, on the server itself: its login app sets the server's cookies.
    const { path } = authorizePath();
    await page.goto(`${server.url}${path}`);
    await page.locator('#individual-id').waitFor({ timeout: 20_000 });
    expect(await cookieNames(server.url)).toEqual(expect.arrayContaining(['SIGNET-BROWSER']));
    expect(await cookieNames(server.url)).not.toContain(STAND_IN_COOKIE);
    expect(await cookieNames(standIn.url)).toEqual([STAND_IN_COOKIE]);
    // Back to the stand-in's console: it is sent its token alone.
    await page.goto(standIn.consoleUrl);
    await page.locator('[data-screen]').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => cookiesSent.filter((c) => c.url.startsWith(standIn.url)).length).toBeGreaterThan(2);
    const toServer = cookiesSent.filter((c) => c.url.startsWith(server.url));
    const toStandIn = cookiesSent.filter((c) => c.url.startsWith(standIn.url));
    expect(toServer.length).toBeGreaterThan(0);
    for (const { url, cookie } of toServer) expect(cookie, url).not.toContain(STAND_IN_COOKIE);
    for (const { url, cookie } of toStandIn)
      for (const name of SERVER_COOKIES) expect(cookie, url).not.toContain(`${name}=`);
  });

  it("clears a resident who walked away: the kiosk's home page again, and nothing of theirs relayed any more", async () => {
    await page.goto(idleStandIn.openUrl);
    expect(
      await page.evaluate(() => (globalThis as unknown as { kiosk: { idleSeconds?: number } }).kiosk.idleSeconds),
    ).toBe(IDLE_SECONDS);
    const { path } = authorizePath();
    await page.goto(`${idleStandIn.url}${path}`);
    await page.locator('#individual-id').fill(RESIDENT);
    expect(await cookieNames(idleStandIn.url)).toEqual(expect.arrayContaining(['SIGNET-BROWSER', 'XSRF-TOKEN']));
    // Nobody touches the kiosk: the login app tells the kiosk, which clears the window and sends it home.
    await page.waitForURL(idleStandIn.consoleUrl, { timeout: 30_000 });
    expect(await cookieNames(idleStandIn.url)).toEqual([STAND_IN_COOKIE]);
    expect(refused).toEqual([]);
  });

  it('sends the window home from a sign-in request that failed to load, once nobody touches it', async () => {
    await page.goto(idleStandIn.openUrl);
    // A mistyped link: the login app's page, but a client the server does not know.
    const request = new URLSearchParams(authorizePath().path.split('?')[1]);
    request.set('client_id', 'no-such-client');
    await page.goto(`${idleStandIn.url}/login?${request}`);
    await page.locator('#fatal-title').waitFor();
    expect(await cookieNames(idleStandIn.url)).toEqual(expect.arrayContaining(['XSRF-TOKEN']));
    // No start screen to go back to: the login app still tells the kiosk, which clears the window and goes home.
    await page.waitForURL(idleStandIn.consoleUrl, { timeout: 30_000 });
    expect(await cookieNames(idleStandIn.url)).toEqual([STAND_IN_COOKIE]);
    expect(refused).toEqual([]);
  });
});
