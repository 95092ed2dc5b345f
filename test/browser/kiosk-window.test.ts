// The kiosk's biometric sign-in as the kiosk window runs it, in a real browser (Debian's Chromium via
// playwright-core): `window.kiosk` is bound, as the preload binds it, to the same main-process
// modules Electron uses (IPC router with its sender check, KioskSbi over a real bridge trusting the
// server's own trust anchors, the reference simulator). The login app discovers and captures through
// it alone — the page never reaches a device service on loopback — and the resident lands on the
// relying party. A cancel reaches the main process as a cancel of the same capture, and a relying
// party's page in the same window gets nothing.
import { createHash, randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SbiBridge } from '@signet-kiosk/sbi-bridge';
import { startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { portBlock } from '@signet-kiosk/sbi-bridge/testing';
import { startTestServer, type TestServer } from '@signet-kiosk/server/testing';
import { KIOSK_API_EVENTS, KIOSK_API_METHODS } from '@signet-kiosk/shared/kiosk';
import {
  fetchTrustPolicy,
  IpcRouter,
  KioskError,
  kioskHandlers,
  KioskSbi,
  SenderPolicy,
  type IpcSender,
} from '@signet-kiosk/kiosk/main';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium, startCallbackServer, type Callback } from './support/browser.js';

const BIO_ACR = 'mosip:idp:acr:biometrics';
const ENCRYPTION_CERT_PATH = '/v1/mock-identity-system/sbi/encryption-certificate';
/** The simulator's default presenter (Dara Lim). */
const RESIDENT = '2804195602';
/** Outside 4501–4600: no other file's device service is seen, and the page could not find this one by itself. */
const PORTS = portBlock(9);
const SBI_HOSTS = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

let server: TestServer;
let sim: RunningSimulator;
let callback: Callback;
let client: TestClient;
let browser: Browser;
let sbi: KioskSbi;
let router: IpcRouter;
let context: BrowserContext;
let page: Page;
/** The pages' IPC messages as the router saw them, and the ones it refused. */
let handled: string[];
let refused: string[];
/** Requests of the page to loopback other than the server and the relying party. */
let loopbackRequests: string[];

/** The one page the "kiosk window" shows: the sender check's web contents id. */
const KIOSK_WINDOW = 1;

function senderOf(source: { page: Page; frame: Frame }): IpcSender {
  return {
    webContentsId: source.page === page ? KIOSK_WINDOW : 2,
    frame: { url: source.frame.url(), isMainFrame: source.frame === source.page.mainFrame() },
  };
}

function authorizeUrl(): { url: string; state: string } {
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
  return { url: `${server.url}/authorize?${params}`, state };
}

beforeAll(async () => {
  [server, callback] = await Promise.all([startTestServer(), startCallbackServer()]);
  // The demo server trusts the simulator of its data folder; it encrypts for the reference ID system.
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
  // The kiosk's main process, as kiosk.main.ts builds it: trust from the server, its origin sent to devices.
  const bridge = new SbiBridge({
    trust: await fetchTrustPolicy(server.url),
    ports: PORTS,
    origin: new URL(server.url).origin,
    discoveryTimeoutMs: 5000,
  });
  sbi = new KioskSbi({ bridge, requestedScore: { Finger: 70, Iris: 70, Face: 70 }, rescanIntervalMs: 60_000 });
  const identity = () => Promise.reject(new KioskError('identity_unavailable', '(not in this test)'));
  router = new IpcRouter(
    kioskHandlers({ sbi, identity }),
    new SenderPolicy(() => KIOSK_WINDOW, [new URL(server.url).origin, 'app://kiosk']),
    { warn: (fields) => refused.push(String(fields.channel)) },
  );
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sbi?.close();
  await sim?.close();
  await callback?.close();
  await server?.close();
});

beforeEach(async () => {
  handled = [];
  refused = [];
  loopbackRequests = [];
  callback.received.length = 0;
  await fetch(`${sim.url}/admin/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  context = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'en-GB' });
  // What the preload does: window.kiosk from the contract's lists, every method one IPC message.
  await context.exposeBinding('kioskIpc', (source, channel: string, request: unknown) => {
    handled.push(channel);
    return router.handle(channel, senderOf(source), request);
  });
  await context.addInitScript(
    ({ methods, events }) => {
      const invoke = (globalThis as unknown as { kioskIpc(c: string, r: unknown): Promise<unknown> }).kioskIpc;
      const api: Record<string, Record<string, unknown>> = {};
      for (const [group, m] of Object.entries(methods))
        for (const [name, channel] of Object.entries(m))
          (api[group] ??= {})[name] = (request: unknown) => invoke(channel, request);
      for (const [group, e] of Object.entries(events))
        for (const name of Object.keys(e)) (api[group] ??= {})[name] = () => () => undefined;
      Object.defineProperty(globalThis, 'kiosk', { value: Object.freeze(api) });
    },
    { methods: KIOSK_API_METHODS, events: KIOSK_API_EVENTS },
  );
  page = await context.newPage();
  page.on('request', (r) => {
    const url = r.url();
    if (SBI_HOSTS.test(url) && !url.startsWith(server.url) && !url.startsWith(callback.url.replace('/callback', '')))
      loopbackRequests.push(url);
  });
});

afterEach(async () => {
  await context?.close();
});

async function openBiometrics(): Promise<{ state: string }> {
  const { url, state } = authorizeUrl();
  await page.goto(url);
  await page.locator('#individual-id').fill(RESIDENT);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('[data-bio-phase]:not([data-bio-phase="searching"])').waitFor({ timeout: 20_000 });
  return { state };
}

describe('the kiosk window', { timeout: 90_000 }, () => {
  it('signs a resident in with a fingerprint through window.kiosk, never touching loopback itself', async () => {
    const { state } = await openBiometrics();
    expect(await page.locator('[data-bio-phase]').getAttribute('data-bio-phase')).toBe('ready');
    const rows = page.locator('.bio-devices .device');
    expect(await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.trusted))).toEqual([
      'true',
      'true',
      'true',
    ]);
    await page.getByRole('button', { name: 'Scan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Share your information' }).waitFor({ timeout: 30_000 });
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(callback.url)),
      page.getByRole('button', { name: 'Allow' }).click(),
    ]);
    const [received] = callback.received;
    expect(received?.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(received?.get('state')).toBe(state);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'authenticate', outcome: 'success', factors: ['BIO'] }),
    );
    // Handing the resident to the relying party, the login app told the kiosk to clear the window.
    expect(handled).toEqual(expect.arrayContaining(['sbi:discover', 'sbi:capture', 'resident:done']));
    expect(refused).toEqual([]);
    expect(loopbackRequests).toEqual([]);
  });

  it("cancels the main process's capture when the resident cancels the scan", async () => {
    await openBiometrics();
    await fetch(`${sim.url}/admin/delays`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ capture: 4000 }),
    });
    await page.getByRole('button', { name: 'Scan' }).click();
    await page.getByRole('button', { name: 'Cancel scan' }).click();
    await expect.poll(() => page.locator('[data-bio-phase]').getAttribute('data-bio-phase')).toBe('error');
    await expect.poll(() => handled).toContain('sbi:cancel-capture');
    expect(loopbackRequests).toEqual([]);
  });

  it("answers nothing to a relying party's page in the kiosk window", async () => {
    await page.goto(callback.url);
    const outcome = await page.evaluate(async () => {
      const kiosk = (globalThis as unknown as { kiosk: { sbi: { discover(r: object): Promise<unknown> } } }).kiosk;
      return kiosk.sbi.discover({}).then(
        () => 'answered',
        (e: Error) => e.message,
      );
    });
    expect(outcome).toMatch(/not the kiosk window's main frame/);
    expect(refused).toEqual(['sbi:discover']);
  });
});
