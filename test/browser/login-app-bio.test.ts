// Biometric sign-in in the resident login app (/login) in a real browser (Debian's Chromium via
// playwright-core), through its browser SBI transport, with two device services running: one the
// server trusts (the reference simulator in the server's data folder, trusted in demo mode,
// encrypting for the reference ID system) and one with its own PKI (not approved). The app lists
// the trusted devices first with the best one pre-selected, the others "not approved" and never
// selectable, ports and certificates only behind "device details"; it captures on the trusted
// finger with progress shown and lands on the callback with code, state and iss. Also: cancel then
// retry (the device is waited for with a visible countdown), a busy device, someone else's finger,
// no device, only unapproved devices, and each language's biometric screen (axe clean, screenshots
// in test/artifacts/login-app/).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultEncryptionCertificate,
  startSimulator,
  type RunningSimulator,
} from '@signet-kiosk/sbi-bridge/simulator';
import { startTestSimulator } from '@signet-kiosk/sbi-bridge/testing';
import { startTestServer, type TestServer } from '@signet-kiosk/server/testing';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium, startCallbackServer, type Callback } from './support/browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/login-app/', import.meta.url));
const CATALOGUES = fileURLToPath(new URL('../../kiosk/renderer/src/i18n/catalogues/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/**
 * Inside 4501–4600 (the app scans those), apart from test/biometric-login.test.ts (4561–4570) and
 * sbi-integrator (4590–4600): the trusted service on 4571–4575, the unapproved one on 4576–4580.
 */
const TRUSTED_PORTS = { min: 4571, max: 4575 };
const OTHER_PORTS = { min: 4576, max: 4580 };
const SBI_PORT = /^http:\/\/127\.0\.0\.1:(\d+)\//;
const BIO_ACR = 'mosip:idp:acr:biometrics';
const ENCRYPTION_CERT_PATH = '/v1/mock-identity-system/sbi/encryption-certificate';
/** The simulator's default presenter (Dara Lim) and another demo resident (Sokha Chan). */
const RESIDENT = '2804195602';
const OTHER_RESIDENT = '2804195601';
const LANGS = ['en', 'km', 'ar', 'fr'] as const;
/** The test client's logo (test/support/test-client.ts), served by the browser context. */
const CLIENT_LOGO = 'https://rp.example.org/logo.png';
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#2b8a3e"/><path d="M14 25l7 7 13-15" stroke="#fff" stroke-width="4" fill="none"/></svg>';
type Lang = (typeof LANGS)[number];

/** What a resident reads, from the app's own catalogues. */
const words = (lang: Lang) =>
  JSON.parse(readFileSync(path.join(CATALOGUES, `${lang}.json`), 'utf8')) as Record<string, string>;
const EN = words('en');

let server: TestServer;
let trustedSim: RunningSimulator;
let otherSim: RunningSimulator & { dataDir: string };
let callback: Callback;
let client: TestClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Console errors and uncaught exceptions, except the scan's refused connections. */
let pageProblems: string[];

const shoot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `bio-${name}.png`), fullPage: true });

async function simAdmin(sim: RunningSimulator, route: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}/admin/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** /authorize for the biometrics ACR; it redirects the browser to /login. */
function authorizeUrl(extra: Record<string, string> = {}): { url: string; state: string } {
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
    // Residents consent once per client: every test here shows the consent screen.
    prompt: 'consent',
    ...extra,
  });
  return { url: `${server.url}/authorize?${params}`, state };
}

/**
 * Nothing leaves the machine, and the app's scan of 4501–4600 reaches only this file's device
 * services (other test files run theirs in parallel); `trusted: false` / `other: false` hide one.
 */
async function isolate({ trusted = true, other = true } = {}): Promise<void> {
  const visible = new Set([...(trusted ? [trustedSim.port] : []), ...(other ? [otherSim.port] : [])].map(String));
  await context.route(
    (url) => {
      if (url.href.startsWith(server.url) || url.href.startsWith(callback.url)) return false;
      return !visible.has(SBI_PORT.exec(url.href)?.[1] ?? '');
    },
    (route) =>
      route.request().url() === CLIENT_LOGO
        ? route.fulfill({ status: 200, contentType: 'image/svg+xml', body: LOGO_SVG })
        : route.abort('connectionrefused'),
  );
}

/** From the start screen to the biometric form (the BIO ACR's only factor set), devices searched. */
async function openBiometrics(lang: Lang = 'en', extra: Record<string, string> = {}): Promise<{ state: string }> {
  const { url, state } = authorizeUrl({ ui_locales: lang, ...extra });
  await page.goto(url);
  await page.locator('#individual-id').fill(RESIDENT);
  await page.getByRole('button', { name: words(lang)['action.continue'] }).click();
  // Biometrics here, or at an assisted kiosk: the choice comes first.
  await page.locator('button.method[data-factors="BIO"]').click();
  await page.getByRole('heading', { level: 1, name: words(lang)['factor.BIO.title'] }).waitFor();
  await page.locator('[data-bio-phase]:not([data-bio-phase="searching"])').waitFor({ timeout: 15_000 });
  return { state };
}

const scanButton = () => page.getByRole('button', { name: EN['factor.BIO.scan'] });
const phase = () => page.locator('[data-bio-phase]').getAttribute('data-bio-phase');
const title = () => page.locator('[data-bio-title]').textContent();
const bioAlert = () => page.locator('.bio [role="alert"]');
/** Records every phase the biometric block goes through from now on (some last under a second). */
async function recordPhases(): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { bioPhases: string[] }).bioPhases = seen;
    const block = document.querySelector('[data-bio-phase]')!;
    new MutationObserver(() => {
      const phase = block.getAttribute('data-bio-phase')!;
      if (seen.at(-1) !== phase) seen.push(phase);
    }).observe(block, { attributes: true, attributeFilter: ['data-bio-phase'] });
  });
  return () => page.evaluate(() => (globalThis as unknown as { bioPhases: string[] }).bioPhases);
}
const authenticateCalls = () => server.audit.events.filter((e) => e.action === 'authenticate').length;

/** axe-core on the page as it is: no violations of any impact (injected through DevTools: the CSP allows no inline script). */
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

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [server, callback] = await Promise.all([startTestServer(), startCallbackServer()]);
  trustedSim = await startSimulator(
    {
      dataDir: path.join(server.config.dataDir, 'sbi-simulator'),
      portMin: TRUSTED_PORTS.min,
      portMax: TRUSTED_PORTS.max,
      encryptionCertificate: `${server.url}${ENCRYPTION_CERT_PATH}`,
    },
    { onError: (e) => console.error('simulator', e) },
  );
  otherSim = await startTestSimulator(OTHER_PORTS);
  client = await registerTestClient(server, { redirectUri: callback.url, authContextRefs: [BIO_ACR] });
  browser = await launchChromium();
  // Two simulators make their PKI (RSA keys) at start: slow when the machine is busy.
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await otherSim?.close();
  await trustedSim?.close();
  await callback?.close();
  await server?.close();
});

/** Until no device of the simulator is still busy with a scan an earlier test cancelled (SBI cannot stop one). */
async function untilIdle(sim: RunningSimulator): Promise<void> {
  const capturing = async () =>
    ((await (await fetch(`${sim.url}/admin/state`)).json()) as { devices: { capturing: boolean }[] }).devices.some(
      (d) => d.capturing,
    );
  await expect.poll(capturing, { timeout: 20_000, interval: 250 }).toBe(false);
}

beforeEach(async () => {
  await Promise.all([untilIdle(trustedSim), untilIdle(otherSim)]);
  await Promise.all([simAdmin(trustedSim, 'reset', {}), simAdmin(otherSim, 'reset', {})]);
  context = await browser.newContext({ viewport: { width: 480, height: 1000 }, locale: 'en-GB' });
  page = await context.newPage();
  pageProblems = [];
  page.on('console', (m) => {
    // Ports without a device service fail to load: expected while scanning 4501–4600.
    const port = Number(SBI_PORT.exec(m.location().url)?.[1]);
    const scanMiss = /^Failed to load resource/.test(m.text()) && port >= 4501 && port <= 4600;
    if (m.type() === 'error' && !scanMiss) pageProblems.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => pageProblems.push(e.message));
  callback.received.length = 0;
});

afterEach(async () => {
  await context?.close();
});

// Chromium, two device services and the server share two busy cores with other test files: room to breathe.
describe('biometric sign-in with a trusted and an unapproved device service both running', { timeout: 90_000 }, () => {
  it('lists the trusted devices first, the best pre-selected, the others not approved; signs in with the trusted finger', async () => {
    await isolate();
    const { state } = await openBiometrics();
    expect(await phase()).toBe('ready');

    // Each service's three sign-in devices (its slap scanner is for registration): trusted first.
    const rows = page.locator('.bio-devices .device');
    expect(await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.trusted))).toEqual([
      'true',
      'true',
      'true',
      'false',
      'false',
      'false',
    ]);
    const radios = page.getByRole('radio');
    const names = await radios.evaluateAll((els) => els.map((e) => e.closest('label')!.textContent!.trim()));
    expect(names.slice(0, 3).sort()).toEqual(['Face camera', 'Fingerprint scanner', 'Iris scanner']);
    for (const name of names.slice(3)) expect(name).toMatch(/ Not approved$/);
    // The best is pre-selected (trusted, ready, a fingerprint scanner); no unapproved one can be chosen.
    expect(await radios.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(await radios.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).disabled))).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(names[0]).toBe('Fingerprint scanner');
    expect(await title()).toBe('Fingerprint scanner');

    // Ports and certificate subjects only behind "Device details".
    const port = `127.0.0.1:${trustedSim.port}`;
    expect(await page.getByText(port).first().isVisible()).toBe(false);
    expect(
      await page
        .getByText(/CN=SIM-FNG-0001/)
        .first()
        .isVisible(),
    ).toBe(false);
    const firstDetails = rows.first().locator('details');
    await firstDetails.locator('summary').click();
    expect(await firstDetails.getByText(port).isVisible()).toBe(true);
    expect(await firstDetails.getByText(/CN=SIM-FNG-0001/).isVisible()).toBe(true);
    // An unapproved device's details say why, in the shared catalogue's codes.
    const otherDetails = rows.nth(3).locator('details');
    await otherDetails.locator('summary').click();
    expect(await otherDetails.textContent()).toContain('DEVICE_CERT_UNTRUSTED');
    await shoot('en-1-devices');
    await firstDetails.locator('summary').click();
    await otherDetails.locator('summary').click();

    // The words and icon follow the modality: the face camera is not a fingerprint.
    const icon = () => page.locator('.bio-status svg path').getAttribute('d');
    const fingerIcon = await icon();
    await page.getByRole('radio', { name: 'Face camera', exact: true }).check();
    expect(await title()).toBe('Face camera');
    expect(await icon()).not.toBe(fingerIcon);
    await page.getByRole('radio', { name: 'Fingerprint scanner', exact: true }).check();
    expect(await icon()).toBe(fingerIcon);

    // A slow finger, to see the scan in progress.
    await simAdmin(trustedSim, 'delays', { capture: 1500 });
    await scanButton().click();
    await page.getByRole('progressbar', { name: EN['bio.progress'] }).waitFor();
    expect(await phase()).toBe('scanning');
    expect(await title()).toBe('Place your finger on the scanner');
    expect(await page.getByRole('button', { name: 'Cancel scan' }).isVisible()).toBe(true);
    await shoot('en-2-scanning');
    await page.getByRole('heading', { level: 1, name: 'Share your information' }).waitFor();
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(callback.url)),
      page.getByRole('button', { name: 'Allow' }).click(),
    ]);

    const [received] = callback.received;
    expect(received?.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(received?.get('state')).toBe(state);
    expect(received?.get('iss')).toBe(server.config.issuer);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'authenticate', outcome: 'success', factors: ['BIO'] }),
    );
    expect(pageProblems).toEqual([]);
  });

  it('cancel, then a retry waits for the device with a visible countdown and signs in', async () => {
    await isolate();
    const { state } = await openBiometrics();
    // A slow finger: the cancel comes while the device is still capturing (SBI cannot stop it), and
    // the retry comes before the device is done with it.
    await simAdmin(trustedSim, 'delays', { capture: 4000 });
    await scanButton().click();
    await page.getByRole('progressbar', { name: EN['bio.progress'] }).waitFor();
    await page.getByRole('button', { name: 'Cancel scan' }).click();
    await expect.poll(() => bioAlert().textContent()).toBe(EN['bio.error.capture_cancelled']);
    expect(await phase()).toBe('error');
    expect(await scanButton().isEnabled()).toBe(true);
    await shoot('en-3-cancelled');

    // At once again: the device is still busy with the cancelled scan, so the app waits, counting down.
    const before = authenticateCalls();
    await scanButton().click();
    const countdown = page.locator('[data-bio-countdown]');
    await countdown.waitFor();
    expect(await phase()).toBe('waiting');
    expect(await title()).toBe(EN['bio.waiting']);
    expect(await countdown.textContent()).toMatch(/^You can scan again in [1-5] seconds?\.$/);
    expect(await bioAlert().isVisible()).toBe(false);
    expect(authenticateCalls()).toBe(before);
    await shoot('en-4-waiting');
    await page.getByRole('heading', { level: 1, name: 'Share your information' }).waitFor({ timeout: 30_000 });
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(callback.url)),
      page.getByRole('button', { name: 'Allow' }).click(),
    ]);
    expect(callback.received[0]?.get('code')).toBeTruthy();
    expect(callback.received[0]?.get('state')).toBe(state);
    expect(pageProblems).toEqual([]);
  });

  it('a device that stays busy: waited for a few times, then the resident is told, and the server is never called', async () => {
    await isolate();
    await openBiometrics();
    // Busy on every try the app makes (the first and its three retries).
    await simAdmin(trustedSim, 'faults', { fault: 'busy', count: 4 });
    const before = authenticateCalls();
    const phases = await recordPhases();
    await scanButton().click();
    await expect.poll(() => bioAlert().textContent(), { timeout: 20_000 }).toBe(EN['bio.error.device_busy']);
    // Asked, then three waits (one second each, the device's default) each followed by a new try.
    expect(await phases()).toEqual([
      'scanning',
      'waiting',
      'scanning',
      'waiting',
      'scanning',
      'waiting',
      'scanning',
      'error',
    ]);
    expect(await bioAlert().getAttribute('role')).toBe('alert');
    expect(authenticateCalls()).toBe(before);
    expect(await scanButton().isEnabled()).toBe(true);
    await shoot('en-5-busy');
    expect(pageProblems).toEqual([]);
  });

  it('someone else’s finger → the server’s refusal inline, and a new scan is possible', async () => {
    await isolate();
    await simAdmin(trustedSim, 'profile', { individualId: OTHER_RESIDENT });
    await openBiometrics();
    await scanButton().click();
    const alert = page.locator('#login-error');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.getAttribute('role')).toBe('alert');
    const message = (await alert.textContent()) ?? '';
    expect(message.length).toBeGreaterThan(10);
    expect(message).not.toMatch(/^[a-z_]+$/);
    expect(message).not.toMatch(/CN=|127\.0\.0\.1/);
    await expect.poll(() => scanButton().isEnabled()).toBe(true);
    await shoot('en-6-wrong-finger');
    expect(callback.received).toEqual([]);
    expect(server.audit.events).toContainEqual(expect.objectContaining({ action: 'authenticate', outcome: 'failure' }));
    expect(pageProblems).toEqual([]);
  });

  it('only an unapproved device service: listed, none pre-selected, and a scan asks for an approved device', async () => {
    await isolate({ trusted: false });
    await openBiometrics();
    const radios = page.getByRole('radio');
    expect(await radios.count()).toBe(3);
    expect(
      await radios.evaluateAll((els) =>
        els.map((e) => [(e as HTMLInputElement).checked, (e as HTMLInputElement).disabled]),
      ),
    ).toEqual([
      [false, true],
      [false, true],
      [false, true],
    ]);
    expect(await title()).toBe(EN['bio.choose']);
    const before = authenticateCalls();
    await scanButton().click();
    await expect.poll(() => bioAlert().textContent()).toBe(EN['bio.error.choose_device']);
    expect(authenticateCalls()).toBe(before);
    expect(pageProblems).toEqual([]);
  });

  it('loads the biometric code only when biometrics is chosen; a failed load is told with “Try again”, which brings it, and the scan signs in', async () => {
    await isolate();
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    let unreachable = true;
    await context.route(/\/login\/app\/assets\/bio-block-[\w-]+\.js$/, (route) =>
      unreachable ? route.abort('connectionreset') : route.fallback(),
    );
    const { url, state } = authorizeUrl({ ui_locales: 'en' });
    await page.goto(url);
    await page.locator('#individual-id:enabled').fill(RESIDENT);
    // The first screen: one request opened the transaction (the page carried the CSRF token), no device code.
    expect(fetched.filter((p) => p.endsWith('/oauth-details'))).toHaveLength(1);
    expect(fetched.filter((p) => p.endsWith('/csrf/token'))).toEqual([]);
    expect(fetched.filter((p) => /\/(bio-block|sbi-client-for-page|link-qr)-/.test(p))).toEqual([]);

    await page.getByRole('button', { name: EN['action.continue'] }).click();
    await page.locator('button.method[data-factors="BIO"]').click();
    await page.getByRole('heading', { level: 1, name: EN['factor.BIO.title'] }).waitFor();
    await page.getByRole('alert').filter({ hasText: EN['error.network_error'] }).waitFor();
    unreachable = false;
    await page.getByRole('button', { name: EN['action.tryAgain'] }).click();
    await page.locator('[data-bio-phase="ready"]').waitFor({ timeout: 15_000 });
    expect(fetched.some((p) => /\/sbi-client-for-page-/.test(p))).toBe(true);
    await scanButton().click();
    await page.getByRole('heading', { level: 1, name: EN['consent.title'] }).waitFor();
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(callback.url)),
      page.getByRole('button', { name: EN['consent.allow'] }).click(),
    ]);
    expect(callback.received.at(-1)?.get('state')).toBe(state);
    expect(callback.received.at(-1)?.get('code')).toBeTruthy();
  });

  it('no device in range → "No biometric device found", what to do instead, and the search offered again', async () => {
    await isolate({ trusted: false, other: false });
    await openBiometrics();
    expect(await phase()).toBe('none');
    expect(await title()).toBe('No biometric device found');
    expect(await page.getByText(/assisted kiosk/).isVisible()).toBe(true);
    expect(await page.locator('.bio-devices').count()).toBe(0);
    await scanButton().click();
    await expect.poll(() => bioAlert().textContent()).toBe(EN['bio.error.no_device_service']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Search for devices again');
    expect(callback.received).toEqual([]);
    expect(pageProblems).toEqual([]);
  });
});

describe('the biometric screen in every language', { timeout: 90_000 }, () => {
  for (const lang of LANGS) {
    it(`${lang}: the devices, not approved, the details, the scan and a cancel are translated and axe clean`, async () => {
      const w = words(lang);
      await isolate();
      await openBiometrics(lang);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await title()).toBe(w['bio.Finger.device']);
      expect(await page.locator('.bio-devices .device').nth(3).textContent()).toContain(w['bio.notApproved']);
      await expectAccessible(`${lang} devices`);
      await page.locator('.bio-devices .device details summary').first().click();
      await expectAccessible(`${lang} device details`);
      await shoot(`${lang}-devices`);
      await page.locator('.bio-devices .device details summary').first().click();

      // Long enough that the device is still busy with the cancelled scan when the retry comes.
      await simAdmin(trustedSim, 'delays', { capture: 10_000 });
      await page.getByRole('button', { name: w['factor.BIO.scan'] }).click();
      await page.getByRole('progressbar', { name: w['bio.progress'] }).waitFor();
      expect(await title()).toBe(w['bio.Finger.place']);
      await expectAccessible(`${lang} scanning`);
      await shoot(`${lang}-scanning`);
      await page.getByRole('button', { name: w['bio.cancelScan'] }).click();
      await expect.poll(() => bioAlert().textContent()).toBe(w['bio.error.capture_cancelled']);
      await expectAccessible(`${lang} cancelled`);
      await shoot(`${lang}-cancelled`);
      await page.getByRole('button', { name: w['factor.BIO.scan'] }).click();
      await page.locator('[data-bio-countdown]').waitFor();
      expect(await title()).toBe(w['bio.waiting']);
      await expectAccessible(`${lang} waiting`);
      await shoot(`${lang}-waiting`);
      await page.getByRole('button', { name: w['bio.cancelScan'] }).click();
      await expect.poll(() => bioAlert().textContent()).toBe(w['bio.error.capture_cancelled']);
      expect(pageProblems).toEqual([]);
    });
  }
});

describe('the pieces the demo relies on', () => {
  it('the login page may reach local device services (CSP connect-src) and still runs no inline code', async () => {
    const csp = (await fetch(`${server.url}/login?client_id=x`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:*");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
  });

  it('the simulator finds the reference ID system’s encryption certificate in the server’s data folder', async () => {
    const file = defaultEncryptionCertificate({ SIGNET_DATA_DIR: server.config.dataDir });
    expect(file).toBe(path.join(server.config.dataDir, 'mock-identity-encryption.crt.pem'));
    const served = await (await fetch(`${server.url}${ENCRYPTION_CERT_PATH}`)).text();
    expect(readFileSync(file!, 'utf8').trim()).toBe(served.trim());
    expect(
      defaultEncryptionCertificate({ SIGNET_DATA_DIR: path.join(server.config.dataDir, 'nowhere') }),
    ).toBeUndefined();
  });
});
