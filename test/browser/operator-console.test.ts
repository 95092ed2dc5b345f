// The operator console (kiosk/renderer/src/console/) in Debian's Chromium, at the kiosk page's
// #/console — the renderer build served by the kiosk's own app:// handler (appProtocolHandler, its
// CSP) over a loopback HTTP port, as the browser stand-in does —, with `window.kiosk` bound as the preload binds it to the real main-process modules
// (IPC router with its sender check, kioskHandlers over KioskSbi on a real bridge trusting the
// server's anchors and the reference simulator, the kiosk identity in a data folder): the sign-in
// screen while nobody is signed in, the device board as discovery finds the devices (one made
// untrusted shows why), the kiosk's identity with its registration QR; then the whole assisted
// sign-in: the kiosk registered from its own registration request, the operator signs in through the
// server's login app in the kiosk window (OperatorSession, the stand-in's callback route), types the
// code a resident's page shows in a second browser context, captures a fingerprint from the
// simulator (LinkActions submits the kiosk's own copy with its attestation), and the resident's page
// reaches consent and lands on the relying party. English, Khmer and Arabic, axe clean, screenshots
// of every screen in test/artifacts/operator-console/.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SbiBridge } from '@signet-kiosk/sbi-bridge';
import { startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { registerKiosk, startTestServer, type TestServer } from '@signet-kiosk/server/testing';
import { KIOSK_API_EVENTS, KIOSK_API_METHODS } from '@signet-kiosk/shared/kiosk';
import {
  appProtocolHandler,
  fetchKioskStatus,
  fetchTrustPolicy,
  kioskContentSecurityPolicy,
  identityViewOf,
  IpcRouter,
  kioskHandlers,
  KioskSbi,
  kioskSigningKey,
  LinkActions,
  loadOrCreateKioskIdentity,
  operatorCallbackRoute,
  OperatorSession,
  registrationRequestOf,
  SenderPolicy,
  type IpcSender,
  type KioskIdentity,
  type SecretSealer,
} from '@signet-kiosk/kiosk/main';
import { demoResident } from '../support/demo-residents.js';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium, startCallbackServer, type Callback } from './support/browser.js';

const RENDERER_DIR = fileURLToPath(new URL('../../kiosk/dist/renderer/', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../artifacts/operator-console/', import.meta.url));
const CATALOGUES = fileURLToPath(new URL('../../kiosk/renderer/src/i18n/catalogues/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ENCRYPTION_CERT_PATH = '/v1/mock-identity-system/sbi/encryption-certificate';
/** The kiosk's device service, on ports no other test uses (outside the resident page's 4501–4600). */
const SIM_PORTS = { min: 4681, max: 4685 };
const LANGS = ['en', 'km', 'ar'] as const;
type Lang = (typeof LANGS)[number];
const words = (lang: Lang) =>
  JSON.parse(readFileSync(path.join(CATALOGUES, `${lang}.json`), 'utf8')) as Record<string, string>;
const EN = words('en');

/** A machine without a keystore: the key is kept as a plain file, and the console says so. */
const NO_KEYSTORE: SecretSealer = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('no keystore');
  },
  decryptString: () => {
    throw new Error('no keystore');
  },
};
const KIOSK = { kioskId: 'central-post', name: 'Central Post Office' };
const BIO_ACR = 'mosip:idp:acr:biometrics';
/** The simulator's default presenter (Dara Lim) is the resident; Amina, on the kiosk's list, the operator. */
const RESIDENT = '2804195602';
const OPERATOR = { individualId: '2804195604', pin: '804213' };
const KIOSK_WINDOW = 1;

let server: TestServer;
/** The kiosk's own pages (app://kiosk/…) at http://127.0.0.1:<port>/…. */
let kioskPages: { server: Server; url: string };
let sim: RunningSimulator;
let sbi: KioskSbi;
let router: IpcRouter;
let identity: KioskIdentity;
let session: OperatorSession;
let callback: Callback;
let client: TestClient;
/** The sign-in's return at the kiosk's pages (the stand-in's route), once the session exists. */
let callbackRoute: ReturnType<typeof operatorCallbackRoute> | undefined;
let dataDir: string;
/** The kiosk id the status request names: the registered one, but for the unregistered-kiosk test. */
let statusKioskId = KIOSK.kioskId;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let handled: string[];
let refused: string[];
let pageProblems: string[];

function senderOf(source: { page: Page; frame: Frame }): IpcSender {
  return {
    webContentsId: source.page === page ? KIOSK_WINDOW : 2,
    frame: { url: source.frame.url(), isMainFrame: source.frame === source.page.mainFrame() },
  };
}

/** The origins the sender check allows: the server's, app://kiosk, and the test's stand-in for app://. */
const senderOrigins: string[] = ['app://kiosk'];

/** app://kiosk/<path> answered by the kiosk's own protocol handler, on a loopback port. */
async function serveKioskPages(csp: string): Promise<{ server: Server; url: string }> {
  const handler = appProtocolHandler(RENDERER_DIR, csp);
  const pages = createServer((req, res) => {
    void (async () => {
      if (await callbackRoute?.(req, res)) return;
      const answer = await handler(new Request(`app://kiosk${req.url ?? '/'}`, { method: req.method ?? 'GET' }));
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, name) => (headers[name] = value));
      res.writeHead(answer.status, headers);
      res.end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const address = pages.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server: pages, url: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  server = await startTestServer();
  senderOrigins.push(new URL(server.url).origin);
  sim = await startSimulator(
    {
      dataDir: `${server.config.dataDir}/sbi-simulator`,
      portMin: SIM_PORTS.min,
      portMax: SIM_PORTS.max,
      encryptionCertificate: `${server.url}${ENCRYPTION_CERT_PATH}`,
    },
    { onError: (e) => console.error('simulator', e) },
  );
  kioskPages = await serveKioskPages(kioskContentSecurityPolicy(new URL(server.url).origin));
  senderOrigins.push(new URL(kioskPages.url).origin);
  dataDir = await mkdtemp(path.join(tmpdir(), 'signet-console-'));
  identity = await loadOrCreateKioskIdentity(dataDir, NO_KEYSTORE);
  const bridge = new SbiBridge({
    trust: await fetchTrustPolicy(server.url),
    ports: SIM_PORTS,
    origin: new URL(server.url).origin,
    discoveryTimeoutMs: 5000,
  });
  sbi = new KioskSbi({ bridge, requestedScore: { Finger: 70, Iris: 70, Face: 70 }, rescanIntervalMs: 60_000 });
  // The kiosk registered from its own registration request (what the kiosk panel shows as a QR).
  const redirectUri = `${kioskPages.url}/operator/callback`;
  const registration = registrationRequestOf(identity, { ...KIOSK, redirectUris: [redirectUri] });
  const kiosk = await registerKiosk(server.ctx, registration, [OPERATOR.individualId]);
  // As the kiosk's services: the kiosk key as Web Crypto signs with it, never leaving this process.
  const signingKey = await kioskSigningKey(identity);
  session = new OperatorSession({
    serverUrl: server.url,
    clientId: kiosk.clientId,
    privateKey: signingKey,
    kid: identity.publicJwk.kid,
    redirectUri,
    idleSeconds: 300,
    // The kiosk window goes to the server's /authorize (not awaited, as the shell does not).
    navigate: (url) => void page.goto(url).catch(() => undefined),
    onChange: (view) => void pushEvent('operator:session-changed', view),
  });
  callbackRoute = operatorCallbackRoute(session, { redirectUri, after: `${kioskPages.url}/#/console` });
  const link = new LinkActions({
    serverUrl: server.url,
    kioskId: kiosk.kioskId,
    privateKey: signingKey,
    kid: identity.publicJwk.kid,
    session,
    captures: sbi,
  });
  callback = await startCallbackServer();
  client = await registerTestClient(server, { redirectUri: callback.url, authContextRefs: [BIO_ACR] });
  router = new IpcRouter(
    kioskHandlers({
      sbi,
      identity: () => identityViewOf(identity, registration),
      status: () =>
        fetchKioskStatus({ serverUrl: server.url, kiosk: { id: statusKioskId } }, identity.publicJwk, signingKey),
      operator: session,
      link,
    }),
    // The kiosk's own pages (app://kiosk in the app) are served here from kioskPages: the console's origin.
    new SenderPolicy(() => KIOSK_WINDOW, senderOrigins, [kioskPages.url]),
    { warn: (fields) => refused.push(String(fields.channel)) },
  );
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sbi?.close();
  await sim?.close();
  session?.close();
  await callback?.close();
  await server?.close();
  kioskPages?.server.closeAllConnections();
  await new Promise((resolve) => kioskPages?.server.close(resolve) ?? resolve(undefined));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  handled = [];
  refused = [];
  pageProblems = [];
  await fetch(`${sim.url}/admin/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  context = await browser.newContext({ viewport: { width: 1024, height: 1280 }, locale: 'en-GB' });
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
      // Pushed events: the test calls the listeners the page subscribed, as the preload's ipcRenderer.on would.
      const listeners = new Map<string, Set<(payload: unknown) => void>>();
      for (const [group, e] of Object.entries(events))
        for (const [name, channel] of Object.entries(e))
          (api[group] ??= {})[name] = (listener: (payload: unknown) => void) => {
            const set = listeners.get(channel) ?? new Set();
            listeners.set(channel, set.add(listener));
            return () => set.delete(listener);
          };
      Object.defineProperty(globalThis, 'kiosk', { value: Object.freeze(api) });
      Object.defineProperty(globalThis, 'kioskTestEvent', {
        value: (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload)),
      });
    },
    { methods: KIOSK_API_METHODS, events: KIOSK_API_EVENTS },
  );
  page = await context.newPage();
  // Every resource answers, the page's icon too (app:// serves the kiosk's own).
  page.on('console', (m) => {
    if (m.type() === 'error') pageProblems.push(`${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => pageProblems.push(String(e)));
});

afterEach(async () => {
  await context?.close();
});

/** A main-process event to the kiosk window's page (the console), as Electron's webContents.send. */
async function pushEvent(channel: string, payload: unknown) {
  await page
    ?.evaluate(
      ({ channel, payload }) =>
        (globalThis as unknown as { kioskTestEvent?(c: string, p: unknown): void }).kioskTestEvent?.(channel, payload),
      { channel, payload },
    )
    .catch(() => undefined);
}

async function expectAccessible(label: string) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    return (await axe.run()).violations.map(
      (v) => `${v.impact} ${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`,
    );
  });
  expect(violations, label).toEqual([]);
}

const shoot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

async function openConsole(lang: Lang = 'en') {
  await page.goto(`${kioskPages.url}/#/console`);
  await page.locator('[data-screen="signed-out"]').waitFor();
  if (lang !== 'en') {
    await page.locator('.lang-switch select').selectOption(lang);
    await page.locator(`html[lang="${lang}"]`).waitFor();
  }
}

describe('the operator console', { timeout: 90_000 }, () => {
  it('opens at #/console in the kiosk, asking for an operator, and the login app is not started', async () => {
    await openConsole();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(EN['console.signIn.title']);
    expect(await page.title()).toBe(EN['console.title']);
    expect(handled).toContain('operator:session');
    // The resident app would have opened a transaction (and failed: no sign-in request).
    expect(await page.locator('text=' + EN['fatal.title']).count()).toBe(0);
    expect(refused).toEqual([]);
    expect(pageProblems).toEqual([]);
  });

  it('shows every device discovery finds, with status, verdict, certificate expiry, serial, port and SBI version', async () => {
    const found = await router.handle(
      'sbi:discover',
      { webContentsId: KIOSK_WINDOW, frame: { url: `${kioskPages.url}/`, isMainFrame: true } },
      {},
    );
    if (!found.ok || !Array.isArray(found.value)) throw new Error('discovery failed in the test process');
    const views = found.value as { details: { serialNo: string; endpoint: string } }[];
    expect(views.length).toBeGreaterThan(0);
    await openConsole();
    await page.getByRole('button', { name: EN['console.nav.devices'] }).click();
    const cards = page.locator('.console-device');
    await expect.poll(() => cards.count()).toBe(views.length);
    for (const view of views) {
      const card = page.locator(`.console-device[data-device="${view.details.serialNo}"]`);
      expect(await card.getAttribute('data-trusted')).toBe('true');
      expect(await card.locator('[data-verdict]').textContent()).toBe(EN['console.devices.approved']);
      expect(await card.locator('[data-status]').textContent()).toBe(EN['console.devices.status.Ready']);
      expect(await card.locator('[data-port]').textContent()).toBe(new URL(view.details.endpoint).port);
      expect(await card.locator('[data-spec]').textContent()).toMatch(/\d+\.\d/);
      // The device certificate's expiry, with its year, from the certificate the bridge verified.
      expect(await card.locator('[data-expiry]').textContent()).toMatch(/20\d\d/);
    }
    expect(pageProblems).toEqual([]);
  });

  it("shows an untrusted device with the reason, in the operator's words", async () => {
    const state = (await (await fetch(`${sim.url}/admin/state`)).json()) as {
      devices: { serialNo: string; type?: string }[];
    };
    const victim = state.devices[0]!;
    const answer = await fetch(`${sim.url}/admin/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: victim.serialNo, status: 'Not Registered' }),
    });
    expect(answer.status).toBe(200);
    await openConsole();
    await page.getByRole('button', { name: EN['console.nav.devices'] }).click();
    const card = page.locator(`.console-device[data-device="${victim.serialNo}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-trusted')).toBe('false');
    expect(await card.locator('[data-status]').textContent()).toBe(EN['console.devices.status.NotRegistered']);
    expect(await card.locator('.trust-reasons li').allTextContents()).toContain(EN['console.trust.registration']);
    await shoot('devices-untrusted-en');
  });

  it("shows the kiosk's id, key thumbprint, key storage and registration QR", async () => {
    await openConsole();
    await page.getByRole('button', { name: EN['console.nav.kiosk'] }).click();
    await page.locator('[data-screen="kiosk"]').waitFor();
    expect(await page.locator('[data-kiosk-id]').textContent()).toBe(KIOSK.kioskId);
    expect(await page.locator('[data-thumbprint]').textContent()).toBe(
      await calculateJwkThumbprint(identity.publicJwk as JWK),
    );
    expect(await page.locator('[data-screen="kiosk"]').textContent()).toContain(EN['console.kiosk.plainFile']);
    const qr = page.locator('img.registration-qr');
    await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    // The server's answer to the kiosk's signed status request.
    const status = page.locator('[data-kiosk-status="enabled"]');
    await status.waitFor();
    expect(await status.textContent()).toBe(EN['console.kiosk.statusEnabled']);
    expect(handled).toContain('kiosk:status');
    await server.ctx.registry.kiosks.setEnabled(KIOSK.kioskId, false);
    try {
      await page.getByRole('button', { name: EN['console.nav.devices'] }).click();
      await page.getByRole('button', { name: EN['console.nav.kiosk'] }).click();
      await page.locator('[data-kiosk-status="disabled"]').waitFor();
      expect(await page.locator('[data-kiosk-status]').textContent()).toBe(EN['console.kiosk.statusDisabled']);
      await shoot('kiosk-disabled-en');
    } finally {
      await server.ctx.registry.kiosks.setEnabled(KIOSK.kioskId, true);
    }
    expect(pageProblems).toEqual([]);
  });

  it('tells a kiosk the server does not know to hand its registration request to an administrator', async () => {
    // The kiosk configured with an id nobody registered: the server knows no such kiosk with this key.
    statusKioskId = 'not-registered-yet';
    try {
      await openConsole();
      await page.getByRole('button', { name: EN['console.nav.kiosk'] }).click();
      const status = page.locator('[data-kiosk-status="unregistered"]');
      await status.waitFor();
      expect(await status.textContent()).toBe(EN['console.kiosk.statusUnregistered']);
      await shoot('kiosk-unregistered-en');
    } finally {
      statusKioskId = KIOSK.kioskId;
    }
    expect(pageProblems).toEqual([]);
  });

  for (const lang of LANGS) {
    it(`speaks ${lang} on every screen it can show without an operator, axe clean`, async () => {
      const w = words(lang);
      await openConsole(lang);
      expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(w['console.signIn.title']);
      await expectAccessible(`${lang} sign-in`);
      await shoot(`sign-in-${lang}`);
      await page.getByRole('button', { name: w['console.nav.devices'] }).click();
      await page.locator('.console-device').first().waitFor();
      await page.locator('[data-screen="devices"][aria-busy="false"]').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(w['console.devices.title']);
      await expectAccessible(`${lang} devices`);
      await shoot(`devices-${lang}`);
      await page.getByRole('button', { name: w['console.nav.kiosk'] }).click();
      await page.locator('[data-screen="kiosk"]').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(w['console.kiosk.title']);
      await expectAccessible(`${lang} kiosk`);
      await shoot(`kiosk-${lang}`);
      expect(pageProblems).toEqual([]);
    });
  }
});

/** The resident, on their own device (a second browser context): a biometrics sign-in, "verify at an assisted kiosk", the code as shown. */
async function residentCode(resident: Page, uiLocales: Lang = 'en'): Promise<{ shown: string; state: string }> {
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
    ui_locales: uiLocales,
    prompt: 'consent',
  });
  const w = words(uiLocales);
  await resident.goto(`${server.url}/authorize?${params}`);
  await resident.locator('#individual-id').fill(RESIDENT);
  await resident.getByRole('button', { name: w['action.continue'] }).click();
  await resident.locator('button.method[data-factors="ASSISTED"]').click();
  await resident.locator('[data-link-stage="WAITING"]').waitFor();
  return { shown: (await resident.locator('#link-code').textContent()) ?? '', state };
}

/** The operator signs in from the console: the kiosk window goes to the server's login app, PIN, back to the console. */
async function operatorSignsIn() {
  await page.goto(`${kioskPages.url}/#/console`);
  const signedOut = page.locator('[data-screen="signed-out"]');
  // Once the console knows the session (it shows nothing to press before).
  await page.locator('[data-screen]:not([data-screen="starting"])').first().waitFor();
  // Still signed in from before: the operator signs out first.
  if (!(await signedOut.isVisible())) {
    await page.getByRole('button', { name: EN['console.operator.signOut'] }).click();
    await signedOut.waitFor();
  }
  await page.getByRole('button', { name: EN['console.signIn.action'], exact: true }).click();
  await page.locator('#individual-id').waitFor({ timeout: 20_000 });
  expect(new URL(page.url()).origin).toBe(new URL(server.url).origin);
  await page.locator('#individual-id').fill(OPERATOR.individualId);
  await page.getByRole('button', { name: EN['action.continue'] }).click();
  const pinChoice = page.locator('button.method[data-factors="PIN"]');
  await Promise.race([pinChoice.waitFor(), page.locator('#pin').waitFor()]);
  if (await pinChoice.isVisible()) await pinChoice.click();
  await page.locator('#pin').fill(OPERATOR.pin);
  await page.getByRole('button', { name: EN['action.signIn'], exact: true }).click();
  const allow = page.getByRole('button', { name: EN['consent.allow'] });
  const codeScreen = page.locator('[data-screen="code"]');
  await Promise.race([allow.waitFor({ timeout: 20_000 }), codeScreen.waitFor({ timeout: 20_000 })]);
  // The first time at this kiosk: the operator shares their name with it (voluntary, so unticked until then).
  if (await allow.isVisible()) {
    await page.locator('input[type="checkbox"][value="name"]').check();
    await allow.click();
  }
  await codeScreen.waitFor({ timeout: 20_000 });
}

/** Every language's screenshot of the screen as it is, axe clean in each; back to English. */
async function shootInEveryLanguage(name: string) {
  for (const lang of LANGS) {
    await page.locator('.lang-switch select').selectOption(lang);
    await page.locator(`html[lang="${lang}"]`).waitFor();
    await expectAccessible(`${name} ${lang}`);
    await shoot(`${name}-${lang}`);
  }
  await page.locator('.lang-switch select').selectOption('en');
  await page.locator('html[lang="en"]').waitFor();
}

describe('an assisted sign-in at the operator console', { timeout: 180_000 }, () => {
  it('operator signs in, opens the resident’s code, captures, and the resident consents and lands on the relying party', async () => {
    await operatorSignsIn();
    expect(await page.locator('[data-operator]').textContent()).toContain(EN['console.operator.signOut']);
    // The operator's name from userinfo (scope profile), never a token.
    const operatorName = await page.locator('[data-operator] span').textContent();
    expect(demoResident(OPERATOR.individualId).names.some((n) => operatorName?.includes(n))).toBe(true);
    expect(await page.content()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    await shootInEveryLanguage('code');

    const residentContext = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'en-GB' });
    try {
      const resident = await residentContext.newPage();
      const { shown, state } = await residentCode(resident);

      // A keyboard-wedge scanner types what the QR holds (ABCD-EFGH, here in lower case) and Enter.
      await page.locator('#link-code').focus();
      await page.keyboard.type(shown.toLowerCase());
      expect(await page.locator('#link-code').inputValue()).toBe(shown);
      await page.keyboard.press('Enter');
      await page.locator('[data-screen="request"]').waitFor({ timeout: 20_000 });
      await resident.locator('[data-link-stage="LINKED"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('#rp-name').textContent()).toBeTruthy();
      expect(await page.locator('.claim-list li').allTextContents()).toContain(EN['claim.name']);
      // The operator is told to go on only for a code on the resident's own device (relayed codes).
      expect(await page.locator('[data-notice="own-device"]').textContent()).toBe(EN['console.request.ownDevice']);
      await page.locator('input[name="device"]').first().waitFor({ timeout: 20_000 });
      await shootInEveryLanguage('request');

      // The resident's ID on the on-screen keypad.
      for (const digit of RESIDENT)
        await page.locator(`[data-keypad-for="individual-id"] button:text-is("${digit}")`).click();
      expect(await page.locator('#individual-id').inputValue()).toBe(RESIDENT);
      // The capture takes a moment: its screen, in every language.
      await fetch(`${sim.url}/admin/delays`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ capture: 6000 }),
      });
      await page.getByRole('button', { name: EN['console.request.capture'], exact: true }).click();
      await page.locator('[data-screen="capture"]').waitFor();
      await shoot('capture-en');
      for (const lang of ['km', 'ar'] as const) {
        await page.locator('.lang-switch select').selectOption(lang);
        await page.locator(`html[lang="${lang}"]`).waitFor();
        await shoot(`capture-${lang}`);
      }
      await page.locator('.lang-switch select').selectOption('en');
      await page.locator('[data-screen="result"][data-outcome="authenticated"]').waitFor({ timeout: 60_000 });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(EN['console.result.successTitle']);
      // The scan's quality as the device signed it, against the score the kiosk asked for.
      const scores = await page
        .locator('[data-screen="result"] [data-capture-quality] li')
        .evaluateAll((els) =>
          els.map((e) => [Number(e.getAttribute('data-score')), Number(e.getAttribute('data-requested'))]),
        );
      expect(scores.length).toBeGreaterThan(0);
      for (const [score, requested] of scores) expect(score).toBeGreaterThanOrEqual(requested!);
      expect(await page.locator('[data-capture-quality]').textContent()).toContain(EN['console.quality.title']);
      await shootInEveryLanguage('result');
      expect(handled).toEqual(expect.arrayContaining(['operator:sign-in', 'link:open', 'sbi:capture', 'link:submit']));

      // The resident's own device: consent, then the relying party.
      await resident.getByRole('button', { name: EN['consent.allow'] }).waitFor({ timeout: 30_000 });
      await Promise.all([
        resident.waitForURL((u) => u.href.startsWith(callback.url)),
        resident.getByRole('button', { name: EN['consent.allow'] }).click(),
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
      expect(JSON.stringify(server.audit.events)).not.toContain(OPERATOR.individualId);
    } finally {
      await residentContext.close();
    }
    expect(refused).toEqual([]);
  });

  it("speaks the resident's language on the request, and after someone else's finger says what happened, attempts left and captures again", async () => {
    await operatorSignsIn();
    const residentContext = await browser.newContext({ viewport: { width: 800, height: 1280 }, locale: 'en-GB' });
    try {
      const resident = await residentContext.newPage();
      const { shown } = await residentCode(resident, 'km');
      await page.locator('#link-code').fill(shown);
      await page.getByRole('button', { name: EN['console.code.open'] }).click();
      // The request opens in the resident's language (their ui_locales); the operator may switch back.
      await page.locator('[data-screen="request"]').waitFor({ timeout: 20_000 });
      await page.locator('html[lang="km"]').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(words('km')['console.request.title']);
      await page.locator('.lang-switch select').selectOption('en');
      await page.locator('html[lang="en"]').waitFor();

      // The operator types another ID than the resident did on their device: refused before any
      // capture is checked, in the operator's words, with the attempts left; the resident is told.
      await page.locator('input[name="device"]').first().waitFor({ timeout: 20_000 });
      await page.locator('#individual-id').fill('2804195601');
      await page.getByRole('button', { name: EN['console.request.capture'], exact: true }).click();
      await page.locator('[data-screen="result"][data-outcome="failed"]').waitFor({ timeout: 60_000 });
      const mismatch = (await page.locator('[data-screen="result"] [role="alert"]').textContent()) ?? '';
      expect(mismatch).toContain(EN['console.error.individual_id_mismatch']);
      expect(mismatch).toMatch(/\d+ attempts? left\./);
      await resident.locator('#assisted-error').waitFor({ state: 'visible' });
      expect(await resident.locator('#assisted-error').textContent()).toContain(
        words('km')['error.individual_id_mismatch'],
      );
      await shootInEveryLanguage('result-id-mismatch');
      await page.getByRole('button', { name: EN['console.result.retry'] }).click();
      await page.locator('[data-screen="request"]').waitFor();

      // Another resident's finger on the scanner: the server refuses it, with the attempts left.
      await fetch(`${sim.url}/admin/profile`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ individualId: '2804195601' }),
      });
      await page.locator('input[name="device"]').first().waitFor({ timeout: 20_000 });
      await page.locator('#individual-id').fill(RESIDENT);
      await page.getByRole('button', { name: EN['console.request.capture'], exact: true }).click();
      await page.locator('[data-screen="result"][data-outcome="failed"]').waitFor({ timeout: 60_000 });
      const alert = (await page.locator('[data-screen="result"] [role="alert"]').textContent()) ?? '';
      expect(alert).toContain(EN['error.auth_failed']);
      expect(alert).toMatch(/\d+ attempts? left\./);
      await shootInEveryLanguage('result-failed');

      // The resident's own finger, captured again.
      await fetch(`${sim.url}/admin/profile`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ individualId: RESIDENT }),
      });
      await page.getByRole('button', { name: EN['console.result.retry'] }).click();
      await page.locator('[data-screen="request"]').waitFor();
      await page.locator('input[name="device"]').first().waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: EN['console.request.capture'], exact: true }).click();
      await page.locator('[data-screen="result"][data-outcome="authenticated"]').waitFor({ timeout: 60_000 });
      await resident.getByRole('button', { name: words('km')['consent.allow'] }).waitFor({ timeout: 30_000 });
    } finally {
      await residentContext.close();
    }
    expect(refused).toEqual([]);
  });

  it('shows a used code as refused, and locks with a sign-in again when the session locks', async () => {
    await operatorSignsIn();
    await page.locator('#link-code').fill('ABCD-EFGH');
    await page.getByRole('button', { name: EN['console.code.open'] }).click();
    await page.locator('[data-screen="code"] [role="alert"][data-failure="invalid_link_code"]').waitFor();
    expect(await page.locator('[role="alert"]').textContent()).toBe(EN['console.error.invalid_link_code']);
    await shootInEveryLanguage('code-refused');

    // The main process locks the session (idle, or the server said so) and tells the console.
    void session.lock();
    await page.locator('[data-screen="locked"]').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(EN['console.locked.title']);
    // The lock screen says who was signed in.
    const lastOperator = (await page.locator('[data-locked-operator]').textContent()) ?? '';
    expect(demoResident(OPERATOR.individualId).names.some((n) => lastOperator.includes(n))).toBe(true);
    await shootInEveryLanguage('locked');
    expect(refused).toEqual([]);
  });
});
