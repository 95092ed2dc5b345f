// "Verify at an assisted kiosk" in the resident login app (/login), in Debian's Chromium against a
// real server: the link code shown large and as a QR with its time left (English, Khmer, Arabic:
// lang, dir, the code left to right in every script, axe clean, screenshots in
// test/artifacts/login-app/), a new code once it expires, the long poll when the event stream
// fails, Back and Cancel from the screen.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LINK_CODE_ALPHABET } from '@signet-kiosk/shared/esignet';
import { startTestServer, type TestServer } from '@signet-kiosk/server/testing';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium, startCallbackServer, type Callback } from './support/browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/login-app/', import.meta.url));
const CATALOGUES = fileURLToPath(new URL('../../kiosk/renderer/src/i18n/catalogues/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BIO_ACR = 'mosip:idp:acr:biometrics';
const PIN_ACR = 'mosip:idp:acr:static-code';
const PROGRESS_PATH = '/v1/signet/linked-authorization/progress';
/** A demo resident (server/src/plugins/mock-identity/README.md). */
const RESIDENT = '2804195602';
/** `ABCD-EFGH` in the link-code alphabet. */
const SHOWN_CODE = new RegExp(`^[${LINK_CODE_ALPHABET}]{4}-[${LINK_CODE_ALPHABET}]{4}$`);
const LANGS = ['en', 'km', 'ar'] as const;
type Lang = (typeof LANGS)[number];

/** What a resident reads, from the app's own catalogues. */
const words = (lang: Lang) =>
  JSON.parse(readFileSync(path.join(CATALOGUES, `${lang}.json`), 'utf8')) as Record<string, string>;
const EN = words('en');

let server: TestServer;
let callback: Callback;
let client: TestClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Console errors and uncaught exceptions (a CSP violation shows up here). */
let pageProblems: string[];

/** /authorize for biometrics or a PIN; it redirects the browser to /login. */
function authorizeUrl(lang: Lang): { url: string; state: string } {
  const state = randomBytes(12).toString('base64url');
  const params = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    acr_values: `${BIO_ACR} ${PIN_ACR}`,
    state,
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
    code_challenge_method: 'S256',
    ui_locales: lang,
    prompt: 'consent',
  });
  return { url: `${server.url}/authorize?${params}`, state };
}

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

const shoot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `assisted-${name}.png`), fullPage: true });
const linkCode = () => page.locator('#link-code');
const stage = () => page.locator('[data-link-stage]').getAttribute('data-link-stage');
const linkCodeCalls = () => server.audit.events.filter((e) => e.action === 'link-code').length;

/** From /authorize to the assisted screen with its first code shown; returns the code as shown. */
async function openAssisted(lang: Lang = 'en'): Promise<{ state: string; shown: string }> {
  const w = words(lang);
  const { url, state } = authorizeUrl(lang);
  await page.goto(url);
  await page.locator('#individual-id').fill(RESIDENT);
  await page.getByRole('button', { name: w['action.continue'] }).click();
  await page.locator('button.method[data-factors="ASSISTED"]').click();
  await page.getByRole('heading', { level: 1, name: w['assisted.title'] }).waitFor();
  await page.locator('[data-link-stage="WAITING"]').waitFor();
  const shown = (await linkCode().textContent()) ?? '';
  return { state, shown };
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [server, callback] = await Promise.all([startTestServer(), startCallbackServer()]);
  client = await registerTestClient(server, { redirectUri: callback.url, authContextRefs: [BIO_ACR, PIN_ACR] });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await callback?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 480, height: 1000 }, locale: 'en-GB' });
  // Nothing leaves the machine: any request off the server and the callback fails.
  await context.route(
    (url) => !url.href.startsWith(server.url) && !url.href.startsWith(callback.url),
    (route) => route.abort(),
  );
  page = await context.newPage();
  pageProblems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) pageProblems.push(m.text());
  });
  page.on('pageerror', (e) => pageProblems.push(e.message));
  callback.received.length = 0;
});

afterEach(async () => {
  await context?.close();
});

describe('verify at an assisted kiosk: the resident’s screen', { timeout: 90_000 }, () => {
  for (const lang of LANGS) {
    it(`${lang}: offered beside biometrics with its explanation; shows the code large, as a QR and its time left; axe clean`, async () => {
      const w = words(lang);
      const { url } = authorizeUrl(lang);
      await page.goto(url);
      await page.locator('#individual-id').fill(RESIDENT);
      await page.getByRole('button', { name: w['action.continue'] }).click();
      await page.getByRole('heading', { level: 1, name: w['choose.title'] }).waitFor();
      const offer = page.locator('button.method[data-factors="ASSISTED"]');
      expect(await offer.locator('.method-name').textContent()).toBe(w['factor.ASSISTED']);
      expect(await offer.locator('.method-hint').textContent()).toBe(w['factor.ASSISTED.hint']);
      await expectAccessible(`${lang} choice`);
      await shoot(`${lang}-0-choice`);

      await offer.click();
      await page.getByRole('heading', { level: 1, name: w['assisted.title'] }).waitFor();
      await page.locator('[data-link-stage="WAITING"]').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      const shown = (await linkCode().textContent()) ?? '';
      expect(shown).toMatch(SHOWN_CODE);
      // Latin letters and digits read left to right, in Arabic too.
      expect(await linkCode().getAttribute('dir')).toBe('ltr');
      const qr = page.locator('svg.link-qr');
      expect(await qr.getAttribute('role')).toBe('img');
      expect(await qr.getAttribute('aria-label')).toContain(shown);
      expect(await qr.getAttribute('data-qr-text')).toBe(shown);
      // A version-1 QR with its 4-module quiet zone: 29 modules a side.
      expect(await qr.getAttribute('viewBox')).toBe('0 0 29 29');
      expect(((await qr.locator('path').getAttribute('d')) ?? '').length).toBeGreaterThan(200);
      // Its time left, counting down from the server's 60 s.
      const timer = page.locator('[data-link-timer]');
      const first = (await timer.textContent()) ?? '';
      expect(first).toMatch(/\d+/);
      const secondsOf = (text: string) => Number(/\d+/.exec(text)![0]);
      expect(secondsOf(first)).toBeGreaterThan(40);
      expect(secondsOf(first)).toBeLessThanOrEqual(60);
      await expect
        .poll(async () => secondsOf((await timer.textContent()) ?? ''), { timeout: 5_000 })
        .toBeLessThan(secondsOf(first));
      expect(await page.locator('#link-status').textContent()).toContain(w['assisted.waiting']);
      await expectAccessible(`${lang} code`);
      await shoot(`${lang}-1-code`);
      expect(pageProblems).toEqual([]);
    });
  }

  it('offers a new code once the shown one expires, and shows the new one', async () => {
    await page.clock.install();
    const { shown } = await openAssisted();
    const before = linkCodeCalls();
    await page.clock.fastForward(61_000);
    await page.locator('[data-link-stage="EXPIRED"]').waitFor();
    expect(await page.locator('#link-status').textContent()).toContain(EN['assisted.expired']);
    expect(await page.locator('svg.link-qr').count()).toBe(0);
    await expectAccessible('expired');
    await shoot('en-2-expired');
    await page.getByRole('button', { name: EN['assisted.newCode'] }).click();
    await page.locator('[data-link-stage="WAITING"]').waitFor();
    const renewed = (await linkCode().textContent()) ?? '';
    expect(renewed).toMatch(SHOWN_CODE);
    expect(renewed).not.toBe(shown);
    expect(linkCodeCalls()).toBe(before + 1);
  });

  it('falls back to the long poll when the event stream fails', async () => {
    await page.route(
      (url) => url.pathname === PROGRESS_PATH,
      (route) => (route.request().method() === 'GET' ? route.abort('connectionrefused') : route.continue()),
    );
    const polled = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === PROGRESS_PATH);
    const { shown } = await openAssisted();
    const body = (await polled).postDataJSON() as { request: { linkCode: string; after: string | null } };
    expect(body.request.linkCode.replace('-', '')).toBe(shown.replace('-', ''));
    expect(await stage()).toBe('WAITING');
  });

  it('goes back to the choice, and Cancel returns to the relying party with access_denied', async () => {
    const { state } = await openAssisted();
    await page.getByRole('button', { name: EN['action.back'] }).click();
    await page.getByRole('heading', { level: 1, name: EN['choose.title'] }).waitFor();
    await page.locator('button.method[data-factors="ASSISTED"]').click();
    await page.locator('[data-link-stage="WAITING"]').waitFor();
    await page.getByRole('button', { name: EN['action.cancel'] }).click();
    await page.waitForURL((u) => u.href.startsWith(callback.url));
    expect(callback.received[0]?.get('error')).toBe('access_denied');
    expect(callback.received[0]?.get('state')).toBe(state);
  });
});
