// The server's own login page in a real browser (Debian's Chromium, driven by playwright-core):
// /login opens the transaction, the resident signs in with a PIN or an OTP and consents, and the
// relying party's callback receives code, state and iss. Also: a wrong PIN stays on the form with
// the message inline, the page's CSP, and the plain error page.
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing/start-test-server.js';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium, startCallbackServer, type Callback } from './support/browser.js';


/** Demo residents from server/src/plugins/mock-identity/residents.seed.json. */
const RESIDENT = { individualId: '2804195601', pin: '482915' };
const OTP_RESIDENT = { individualId: '2804195602' };
const WRONG_PIN_RESIDENT = { individualId: '2804195603', wrongPin: '000000' };
const KBI_RESIDENT = { individualId: '2804195605', fullName: 'Claire Dubois', dob: '1992-11-23', birthPlace: 'Grenoble' };


const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#e8590c"/><path d="M12 30 24 14l12 16H12Z" fill="#fff"/><circle cx="33" cy="16" r="4" fill="#fff"/></svg>';

let server: TestServer;
let callback: Callback;
let client: TestClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Console errors and uncaught exceptions (a CSP violation shows up here). */
let pageProblems: string[];

const screenshot = (name: string) => page.screenshot({ path: path.join(tmpdir(), `signet-login-ui-${name}.png`), fullPage: true });

function loginUrl(extra: Record<string, string> = {}): { url: string; state: string } {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(12).toString('base64url');
  const params = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    state,
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    claims: JSON.stringify({ userinfo: { name: { essential: true }, phone_number: null } }),
    ui_locales: 'en',
    ...extra,
  });
  return { url: `${server.url}/login?${params}`, state };
}

beforeAll(async () => {
  [server, callback] = await Promise.all([startTestServer(), startCallbackServer()]);
  client = await registerTestClient(server, {
    redirectUri: callback.url,
    authContextRefs: ['mosip:idp:acr:static-code', 'mosip:idp:acr:generated-code', 'mosip:idp:acr:password', 'mosip:idp:acr:knowledge'],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await callback?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 480, height: 900 }, locale: 'en-GB' });
  // Nothing leaves the machine: the client's https logo is served here, any other outside request fails.
  await context.route(
    (url) => !url.href.startsWith(server.url) && !url.href.startsWith(callback.url),
    (route) => (route.request().url() === 'https://rp.example.org/logo.png' ? route.fulfill({ status: 200, contentType: 'image/svg+xml', body: LOGO_SVG }) : route.abort()),
  );
  page = await context.newPage();
  pageProblems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') pageProblems.push(m.text());
  });
  page.on('pageerror', (e) => pageProblems.push(e.message));
  callback.received.length = 0;
});

afterEach(async () => {
  await context?.close();
});

const individualId = () => page.getByLabel('ID number');

describe('login page', () => {
  it('signs a resident in with a PIN, asks for consent, and lands on the callback with code, state and iss', async () => {
    const { url, state } = loginUrl();
    await page.goto(url);

    await expect.poll(() => page.locator('#rp-name').textContent()).toBe('Test Relying Party');
    await page.locator('#rp-logo:not([hidden])').waitFor();
    await expect.poll(() => page.title()).toBe('Sign in to Test Relying Party');
    // The authFactors alternatives, in the client's order; PIN is chosen first.
    expect(await page.locator('.method-name').allTextContents()).toEqual(['PIN', 'One-time code', 'Password', 'Security questions']);
    expect(await page.getByRole('radio', { name: 'PIN' }).isChecked()).toBe(true);
    await page.getByLabel('Your PIN').waitFor();
    await screenshot('1-login');

    await individualId().fill(RESIDENT.individualId);
    await page.getByLabel('Your PIN').fill(RESIDENT.pin);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Share your information' }).waitFor();
    // name is essential (locked, checked); the profile and email claims are optional.
    const name = page.getByRole('checkbox', { name: /Full name/ });
    expect(await name.isChecked()).toBe(true);
    expect(await name.isDisabled()).toBe(true);
    const email = page.getByRole('checkbox', { name: /^Email address/ });
    expect(await email.isChecked()).toBe(false);
    await email.check();
    await screenshot('2-consent');

    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback.url)), page.getByRole('button', { name: 'Allow' }).click()]);
    expect(callback.received).toHaveLength(1);
    const query = callback.received[0]!;
    expect(query.get('code')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(query.get('state')).toBe(state);
    expect(query.get('iss')).toBe(server.config.issuer);
    expect(query.get('error')).toBeNull();
    expect(pageProblems).toEqual([]);
  });

  it('starts at /authorize and, when the resident declines consent, returns access_denied built by the server', async () => {
    // prompt=consent: the resident already consented in the first test.
    const { url, state } = loginUrl({ prompt: 'consent' });
    await page.goto(url.replace('/login?', '/authorize?'));
    await page.waitForURL((u) => u.pathname === '/login');
    await individualId().fill(RESIDENT.individualId);
    await page.getByLabel('Your PIN').fill(RESIDENT.pin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Share your information' }).waitFor();
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback.url)), page.locator('#consent-cancel').click()]);
    const query = callback.received[0]!;
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('code')).toBeNull();
    expect(query.get('state')).toBe(state);
    expect(query.get('iss')).toBe(server.config.issuer);
    expect(pageProblems).toEqual([]);
  });

  it('keeps the resident on the form with the error inline after a wrong PIN', async () => {
    await page.goto(loginUrl().url);
    await individualId().fill(WRONG_PIN_RESIDENT.individualId);
    await page.getByLabel('Your PIN').fill(WRONG_PIN_RESIDENT.wrongPin);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const alert = page.locator('#login-error');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toMatch(/not correct/i);
    await screenshot('3-wrong-pin');
    // Still on the form, PIN cleared for the next try, the ID kept; no fatal panel, no redirect.
    expect(await page.locator('#view-login').isVisible()).toBe(true);
    expect(await page.locator('#view-error').isVisible()).toBe(false);
    expect(await page.getByLabel('Your PIN').inputValue()).toBe('');
    expect(await individualId().inputValue()).toBe(WRONG_PIN_RESIDENT.individualId);
    expect(callback.received).toHaveLength(0);
    expect(pageProblems).toEqual([]);
  });

  it('signs a resident in with an OTP from the demo outbox', async () => {
    const { url, state } = loginUrl({ acr_values: 'mosip:idp:acr:generated-code', scope: 'openid', claims: JSON.stringify({ userinfo: { name: { essential: true } } }) });
    await page.goto(url);
    await individualId().fill(OTP_RESIDENT.individualId);
    await page.getByRole('button', { name: 'Get one-time code' }).click();

    await page.getByLabel('Code you received').waitFor();
    expect(await page.locator('[data-otp-destination]').textContent()).toBe('We sent a 6-digit code to XXXXXXXX@XXXXXXXX and XXXXXXXX02.');
    const hint = page.locator('#otp-demo');
    expect(await hint.textContent()).toContain(`/v1/esignet/dev/outbox?individualId=${OTP_RESIDENT.individualId}`);
    await screenshot('4-otp');

    const outbox = await fetch(`${server.url}/v1/esignet/dev/outbox?individualId=${OTP_RESIDENT.individualId}`);
    const { response } = (await outbox.json()) as { response: { messages: { otp: string }[] } };
    const otp = response.messages.at(-1)?.otp;
    expect(otp).toMatch(/^\d{6}$/);
    await page.getByLabel('Code you received').fill(otp!);
    await page.getByRole('button', { name: 'Verify' }).click();

    await page.getByRole('heading', { name: 'Share your information' }).waitFor();
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback.url)), page.getByRole('button', { name: 'Allow' }).click()]);
    expect(callback.received[0]?.get('code')).toBeTruthy();
    expect(callback.received[0]?.get('state')).toBe(state);
    expect(pageProblems).toEqual([]);
  });

  it('signs a resident in with the knowledge questions (KBI)', async () => {
    const { url, state } = loginUrl({ acr_values: 'mosip:idp:acr:knowledge' });
    await page.goto(url);
    await individualId().fill(KBI_RESIDENT.individualId);
    await page.getByLabel('Full name').fill(KBI_RESIDENT.fullName);
    await page.getByLabel('Date of birth').fill(KBI_RESIDENT.dob);
    await page.getByLabel('Place of birth').fill(KBI_RESIDENT.birthPlace);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Share your information' }).waitFor();
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback.url)), page.getByRole('button', { name: 'Allow' }).click()]);
    expect(callback.received[0]?.get('state')).toBe(state);
    expect(pageProblems).toEqual([]);
  });

  it('offers biometrics through a local SBI device service, and says so when there is none', async () => {
    // The test client has no biometrics ACR: add BIO to the answer the page receives (the page
    // hashes what it receives, so later calls are unaffected here). test/browser/login-ui-bio.test.ts
    // signs in with the SBI simulator.
    await page.route('**/v1/esignet/authorization/v3/oauth-details', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { response: { authFactors: unknown[][] } };
      body.response.authFactors.push([{ type: 'BIO', count: 1, subTypes: null }]);
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(loginUrl().url);
    await page.getByRole('radio', { name: /Biometrics/ }).check();
    // The context refuses every request off the server: the page's scan of 127.0.0.1:4501–4600 finds nothing.
    await expect.poll(() => page.locator('[data-bio-title]').textContent(), { timeout: 10_000 }).toBe('No biometric device found');
    expect(await page.getByText(/assisted kiosk/).isVisible()).toBe(true);
    expect(await individualId().isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Scan and sign in' }).isVisible()).toBe(true);
    await screenshot('5-biometrics');
    expect(pageProblems.filter((p) => !/^Failed to load resource/.test(p))).toEqual([]);
  });

  it('shows the client name in the language of ui_locales (km → the khm entry)', async () => {
    await page.goto(loginUrl({ ui_locales: 'km en' }).url);
    const name = page.locator('#rp-name');
    await expect.poll(() => name.textContent()).toBe('ភាគីជឿទុកចិត្ត');
    expect(await name.getAttribute('lang')).toBe('km');
  });

  it('ends the sign-in with the server’s own code when the session breaks mid-way (errors come as HTTP 200)', async () => {
    // A tampered oauth-details-hash: the API answers HTTP 200 with errors[], as eSignet does.
    await page.route('**/v1/esignet/authorization/v3/authenticate', (route) => route.continue({ headers: { ...route.request().headers(), 'oauth-details-hash': 'A'.repeat(43) } }));
    await page.goto(loginUrl().url);
    await individualId().fill(RESIDENT.individualId);
    await page.getByLabel('Your PIN').fill(RESIDENT.pin);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.locator('#view-error').waitFor({ state: 'visible' });
    expect(await page.locator('#error-code').textContent()).toBe('Error code: invalid_oauth_details_hash');
    expect(await page.locator('#error-text').textContent()).toMatch(/start again/i);
    expect(callback.received).toHaveLength(0);
    expect(pageProblems).toEqual([]);
  });

  it('shows a fatal error panel when the transaction cannot be opened', async () => {
    await page.goto(loginUrl({ redirect_uri: 'https://evil.example/callback' }).url);
    const panel = page.locator('#view-error');
    await panel.waitFor({ state: 'visible' });
    expect(await page.locator('#error-text').textContent()).toMatch(/redirect/i);
    await screenshot('6-fatal-error');
    pageProblems = pageProblems.filter((p) => !/status of 400/.test(p));
    expect(pageProblems).toEqual([]);
  });
});

describe('login page HTTP', () => {
  it('serves /login and its assets under a strict CSP', async () => {
    const res = await fetch(`${server.url}/login?client_id=x`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: https:", "frame-ancestors 'none'", "form-action 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('data-demo="true"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
    for (const asset of ['login.js', 'login.css', 'favicon.svg']) {
      const a = await fetch(`${server.url}/login/assets/${asset}`);
      expect(a.status, asset).toBe(200);
      expect(a.headers.get('content-security-policy')).toBe(csp);
    }
    expect((await fetch(`${server.url}/login/assets/index.html`)).status).toBe(404);
  });

  it('renders /login/error with the code and an escaped description', async () => {
    const res = await fetch(`${server.url}/login/error?error=invalid_request&error_description=${encodeURIComponent('<b>bad</b> request')}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Error code: invalid_request');
    expect(html).toContain('&lt;b&gt;bad&lt;/b&gt; request');
    expect(html).not.toContain('<b>bad</b>');
    // Replacement patterns in the input are text, not instructions to copy the page.
    const dollar = await (await fetch(`${server.url}/login/error?error=invalid_request&error_description=${encodeURIComponent("x $` y $' z $&")}`)).text();
    expect(dollar).toContain("x $` y $&#39; z $&amp;");
    expect(dollar.match(/<html/g)).toHaveLength(1);
  });
});
