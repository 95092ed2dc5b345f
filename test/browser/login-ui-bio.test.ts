// Fingerprint sign-in from the server's own login page in a real browser (Debian's Chromium via
// playwright-core), as eSignet's login UI does with a local SBI device service: the page scans
// 127.0.0.1:4501–4600 with MOSIPDISC, reads device info, CAPTUREs on the reference simulator (here
// on 4571–4580, its data folder inside the server's so demo mode trusts it, encrypting for the
// reference ID system) and posts the captures as the BIO challenge; the relying party's callback
// receives code, state and iss. Also: someone else's finger, no device, a busy device, and the
// page's SBI transaction id agreeing with shared/src/sbi/transaction-id.ts.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { esignetSbiTransactionId } from '@signet-kiosk/shared/sbi';
import { defaultEncryptionCertificate, startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { LOGIN_UI_STATIC_DIR, startTestServer, type TestServer } from '@signet-kiosk/server/testing';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium, startCallbackServer, type Callback } from './support/browser.js';

/** Inside 4501–4600 (the page scans that), apart from test/biometric-login.test.ts (4561–4570) and sbi-integrator (4590–4600). */
const SIM_PORTS = { portMin: 4571, portMax: 4580 };
const SBI_PORT = /^http:\/\/127\.0\.0\.1:(\d+)\//;
const BIO_ACR = 'mosip:idp:acr:biometrics';
const ENCRYPTION_CERT_PATH = '/v1/mock-identity-system/sbi/encryption-certificate';
/** The simulator's default presenter (Dara Lim) and another demo resident (Sokha Chan). */
const RESIDENT = '2804195602';
const OTHER_RESIDENT = '2804195601';
/** The test client's logo (test/support/test-client.ts), served by the browser context. */
const CLIENT_LOGO = 'https://rp.example.org/logo.png';
const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#2b8a3e"/><path d="M14 25l7 7 13-15" stroke="#fff" stroke-width="4" fill="none"/></svg>';


let server: TestServer;
let sim: RunningSimulator;
let callback: Callback;
let client: TestClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Console errors and uncaught exceptions, except the scan's refused connections. */
let pageProblems: string[];

const screenshot = (name: string) => page.screenshot({ path: path.join(tmpdir(), `signet-login-bio-${name}.png`), fullPage: true });

async function simAdmin(route: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.url}/admin/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** /authorize for the biometrics ACR; it redirects the browser to /login. */
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
  });
  return { url: `${server.url}/authorize?${params}`, state };
}

/**
 * Nothing leaves the machine, and the page's scan of 4501–4600 only reaches this file's simulator
 * (other test files run theirs in parallel); `simulator: false` hides it too.
 */
async function isolate({ simulator = true } = {}): Promise<void> {
  await context.route(
    (url) => {
      if (url.href.startsWith(server.url) || url.href.startsWith(callback.url)) return false;
      return !(simulator && SBI_PORT.exec(url.href)?.[1] === String(sim.port));
    },
    (route) => (route.request().url() === CLIENT_LOGO ? route.fulfill({ status: 200, contentType: 'image/svg+xml', body: LOGO_SVG }) : route.abort('connectionrefused')),
  );
}

const ownDevice = () => page.getByRole('radio', { name: new RegExp(`Fingerprint scanner.*127\\.0\\.0\\.1:${sim.port}`) });

beforeAll(async () => {
  [server, callback] = await Promise.all([startTestServer(), startCallbackServer()]);
  sim = await startSimulator(
    { dataDir: path.join(server.config.dataDir, 'sbi-simulator'), ...SIM_PORTS, encryptionCertificate: `${server.url}${ENCRYPTION_CERT_PATH}` },
    { onError: (e) => console.error('simulator', e) },
  );
  client = await registerTestClient(server, { redirectUri: callback.url, authContextRefs: [BIO_ACR] });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await callback?.close();
  await server?.close();
});

beforeEach(async () => {
  await simAdmin('reset', {});
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

describe('fingerprint sign-in from the login page', () => {
  it('finds the simulator, captures Dara Lim’s finger, asks for consent and lands on the callback with code, state and iss', async () => {
    await isolate();
    const { url, state } = authorizeUrl();
    await page.goto(url);

    await expect.poll(() => page.locator('#rp-name').textContent()).toBe('Test Relying Party');
    await ownDevice().waitFor();
    // The simulator's three Auth devices (the slap scanner is for registration), the finger chosen.
    const devices = await page.locator('.bio-device .method-name > span:first-child').allTextContents();
    expect(devices).toEqual(['Fingerprint scanner', 'Iris scanner', 'Face camera']);
    expect(await ownDevice().isChecked()).toBe(true);
    expect(await page.locator('[data-bio-title]').textContent()).toMatch(/Place your finger on the scanner/);
    await page.getByLabel('ID number').fill(RESIDENT);
    await screenshot('1-device-found');

    // A slow finger, to see the scan in progress.
    await simAdmin('delays', { capture: 1500 });
    await page.getByRole('button', { name: 'Scan fingerprint' }).click();
    await page.locator('[data-bio-progress]').waitFor({ state: 'visible' });
    expect(await page.locator('.bio-status').getAttribute('data-bio-state')).toBe('scanning');
    expect(await page.getByRole('progressbar', { name: 'Scan time elapsed' }).isVisible()).toBe(true);
    await screenshot('2-scanning');
    await page.getByRole('heading', { name: 'Share your information' }).waitFor();
    await screenshot('3-consent');
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback.url)), page.getByRole('button', { name: 'Allow' }).click()]);

    const [received] = callback.received;
    expect(received?.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(received?.get('state')).toBe(state);
    expect(received?.get('iss')).toBe(server.config.issuer);
    expect(server.audit.events).toContainEqual(expect.objectContaining({ action: 'authenticate', outcome: 'success', factors: ['BIO'] }));
    expect(pageProblems).toEqual([]);
  });

  it('someone else’s finger → the server’s refusal inline, and a new scan is possible', async () => {
    await isolate();
    await simAdmin('profile', { individualId: OTHER_RESIDENT });
    await page.goto(authorizeUrl().url);
    await ownDevice().waitFor();
    await page.getByLabel('ID number').fill(RESIDENT);
    const scan = page.getByRole('button', { name: 'Scan fingerprint' });
    await scan.click();

    const alert = page.locator('#login-error');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.getAttribute('role')).toBe('alert');
    const message = (await alert.textContent()) ?? '';
    expect(message.length).toBeGreaterThan(10);
    expect(message).not.toMatch(/^[a-z_]+$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('login-submit');
    expect(await scan.isEnabled()).toBe(true);
    await screenshot('4-wrong-finger');
    expect(callback.received).toEqual([]);
    expect(server.audit.events).toContainEqual(expect.objectContaining({ action: 'authenticate', outcome: 'failure' }));
    expect(pageProblems).toEqual([]);
  });

  it('a busy device → SBI error 111 in words, inline, without calling the server', async () => {
    await isolate();
    await page.goto(authorizeUrl().url);
    await ownDevice().waitFor();
    await simAdmin('faults', { fault: 'busy', count: 1 });
    await page.getByLabel('ID number').fill(RESIDENT);
    const before = server.audit.events.filter((e) => e.action === 'authenticate').length;
    await page.getByRole('button', { name: 'Scan fingerprint' }).click();
    const alert = page.locator('#bio-error');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.textContent()).toMatch(/busy with another scan/);
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(server.audit.events.filter((e) => e.action === 'authenticate')).toHaveLength(before);
    await screenshot('5-busy');
    expect(pageProblems).toEqual([]);
  });

  it('no device in range → "No biometric device found", and scanning says so', async () => {
    await isolate({ simulator: false });
    await page.goto(authorizeUrl().url);
    const title = page.locator('[data-bio-title]');
    await expect.poll(() => title.textContent(), { timeout: 10_000 }).toBe('No biometric device found');
    expect(await page.locator('[data-bio-text]').textContent()).toMatch(/ports 4501–4600/);
    expect(await page.locator('[data-bio-devices]').isVisible()).toBe(false);
    await page.getByLabel('ID number').fill(RESIDENT);
    await screenshot('6-no-device');
    await page.getByRole('button', { name: 'Scan and sign in' }).click();
    const alert = page.locator('#bio-error');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.textContent()).toMatch(/No biometric device found/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Search for devices again');
    expect(callback.received).toEqual([]);
    expect(pageProblems).toEqual([]);
  });
});

describe('the pieces the demo relies on', () => {
  it('the page derives the SBI transaction id exactly as shared/src/sbi/transaction-id.ts (eSignet) does', async () => {
    const mod = (await import(path.join(LOGIN_UI_STATIC_DIR, 'sbi-transaction-id.js'))) as {
      sbiTransactionId: (id: string, length?: number) => string;
      SBI_TRANSACTION_ID_LENGTH: number;
    };
    expect(mod.SBI_TRANSACTION_ID_LENGTH).toBe(10);
    expect(mod.sbiTransactionId('abc-def_ghijkl')).toBe('lkjihgfedc');
    expect(mod.sbiTransactionId('a_b-c')).toBe('cbacbacbac');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcXYZ0189-_'), minLength: 1, maxLength: 60 }), (id) => {
        if (id.replace(/[-_]/g, '') === '') {
          expect(() => mod.sbiTransactionId(id)).toThrow(RangeError);
          expect(() => esignetSbiTransactionId(id)).toThrow(RangeError);
        } else {
          expect(mod.sbiTransactionId(id)).toBe(esignetSbiTransactionId(id));
        }
      }),
    );
  });

  it('the login page may reach local device services (CSP connect-src) and still runs no inline code', async () => {
    const csp = (await fetch(`${server.url}/login?client_id=x`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:*");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect((await fetch(`${server.url}/login/assets/sbi-transaction-id.js`)).status).toBe(200);
  });

  it('the simulator finds the reference ID system’s encryption certificate in the server’s data folder', async () => {
    const file = defaultEncryptionCertificate({ SIGNET_DATA_DIR: server.config.dataDir });
    expect(file).toBe(path.join(server.config.dataDir, 'mock-identity-encryption.crt.pem'));
    const served = await (await fetch(`${server.url}${ENCRYPTION_CERT_PATH}`)).text();
    expect(readFileSync(file!, 'utf8').trim()).toBe(served.trim());
    expect(defaultEncryptionCertificate({ SIGNET_DATA_DIR: path.join(server.config.dataDir, 'nowhere') })).toBeUndefined();
  });
});
