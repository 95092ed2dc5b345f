// "Verify at an assisted kiosk" in the resident login app (/login), in Debian's Chromium against a
// real server: the link code shown large and as a QR with its time left (English, Khmer, Arabic:
// lang, dir, the code left to right in every script, axe clean, screenshots in
// test/artifacts/login-app/), a new code once it expires, the long poll when the event stream
// fails, Back and Cancel from the screen; and the whole assisted sign-in with a registered kiosk
// whose operator really signed in, called from the test as the kiosk would (the code as shown,
// real captures from the SBI simulator, the kiosk-signed attestation): LINKED names the kiosk, a
// capture of someone else's finger is shown with its attempts left while the page keeps waiting,
// the resident's own finger leads to consent on the resident's page, which names the kiosk and the
// masked ID it verified (as does the Continue screen when consent is on record), and onto the relying party; an operator who types another ID than the one
// the resident typed is refused, and the resident's page says so.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { LINK_CODE_ALPHABET, type LinkTransactionResponse } from '@signet-kiosk/shared/esignet';
import {
  KIOSK_ATTESTATION_HEADER,
  kioskAttestationClaims,
  signKioskAttestation,
  type Kiosk,
} from '@signet-kiosk/shared/kiosk';
import { CaptureResponseSchema, esignetSbiTransactionId, sbiTimestamp } from '@signet-kiosk/shared/sbi';
import { INDIVIDUAL_ID_HEADER, startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import {
  kioskRegistrationRequest,
  makeKioskKeyPair,
  registerKiosk,
  signInOperator,
  startTestServer,
  type KioskKeyPair,
  type TestServer,
} from '@signet-kiosk/server/testing';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium, startCallbackServer, type Callback } from './support/browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/login-app/', import.meta.url));
const CATALOGUES = fileURLToPath(new URL('../../kiosk/renderer/src/i18n/catalogues/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BIO_ACR = 'mosip:idp:acr:biometrics';
const PIN_ACR = 'mosip:idp:acr:static-code';
const PROGRESS_PATH = '/v1/signet/linked-authorization/progress';
/** Demo residents (server/src/plugins/mock-identity/README.md): Dara Lim signs in, Sokha Chan's finger is the wrong one. */
const RESIDENT = '2804195602';
const OTHER_RESIDENT = '2804195601';
/** The kiosk's operator: Amina, on the kiosk's list, signed in with her PIN. */
const OPERATOR = { individualId: '2804195604', pin: '804213' };
/** The kiosk's device service, on ports no other test uses (the resident's page never scans here). */
const SIM_PORTS = { portMin: 4641, portMax: 4645 };
/** `ABCD-EFGH` in the link-code alphabet. */
const SHOWN_CODE = new RegExp(`^[${LINK_CODE_ALPHABET}]{4}-[${LINK_CODE_ALPHABET}]{4}$`);
const LANGS = ['en', 'km', 'ar'] as const;
type Lang = (typeof LANGS)[number];

/** What a resident reads, from the app's own catalogues. */
const words = (lang: Lang) =>
  JSON.parse(readFileSync(path.join(CATALOGUES, `${lang}.json`), 'utf8')) as Record<string, string>;
const EN = words('en');

let server: TestServer;
let sim: RunningSimulator;
let kiosk: TestKiosk;
let callback: Callback;
let client: TestClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Console errors and uncaught exceptions (a CSP violation shows up here). */
let pageProblems: string[];

/** /authorize for biometrics or a PIN; it redirects the browser to /login. `consent: false` leaves out prompt=consent. */
function authorizeUrl(lang: Lang, { consent = true } = {}): { url: string; state: string } {
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
    ...(consent ? { prompt: 'consent' } : {}),
  });
  return { url: `${server.url}/authorize?${params}`, state };
}

/** The consent screen's line naming the kiosk and the masked ID it verified, as `lang` words it. */
const verifiedAtText = (lang: Lang) => {
  const template = words(lang)['consent.verifiedAt']!;
  return template
    .replace('{kiosk}', `\u2068${kiosk.kiosk.name}\u2069`)
    .replace('{id}', `\u2066••••••${RESIDENT.slice(-4)}\u2069`);
};

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
async function openAssisted(
  lang: Lang = 'en',
  options: { consent?: boolean } = {},
): Promise<{ state: string; shown: string }> {
  const w = words(lang);
  const { url, state } = authorizeUrl(lang, options);
  await page.goto(url);
  await page.locator('#individual-id').fill(RESIDENT);
  await page.getByRole('button', { name: w['action.continue'] }).click();
  await page.locator('button.method[data-factors="ASSISTED"]').click();
  await page.getByRole('heading', { level: 1, name: w['assisted.title'] }).waitFor();
  await page.locator('[data-link-stage="WAITING"]').waitFor();
  const shown = (await linkCode().textContent()) ?? '';
  return { state, shown };
}

/** A registered kiosk as the test holds it: its key, and its operator's token and sub. */
interface TestKiosk {
  kiosk: Kiosk;
  key: KioskKeyPair;
  accessToken: string;
  operatorSub: string;
}

/** A kiosk call: the operator's bearer token and an eSignet envelope, no cookies. */
async function kioskCall<T>(endpoint: string, request: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/v1/esignet/linked-authorization${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk.accessToken}`, ...headers },
    body: JSON.stringify({ requestTime: new Date().toISOString(), request }),
  });
  const body = (await res.json()) as { response: T | null; errors: { errorCode: string }[] };
  expect(body.errors, endpoint).toEqual([]);
  return body.response!;
}

/** The operator enters the code as the resident's page shows it (ABCD-EFGH). */
const linkAtKiosk = (shown: string) => kioskCall<LinkTransactionResponse>('/v2/link-transaction', { linkCode: shown });

/**
 * The kiosk captures `presenter`'s finger for the link transaction and submits it, for `individualId`
 * (the resident's unless told), with its attestation; returns the refusal's code, if any.
 */
async function authenticateAtKiosk(
  linkTransactionId: string,
  presenter: string,
  individualId: string = RESIDENT,
): Promise<string | undefined> {
  const res = await fetch(`${sim.url}/capture`, {
    method: 'CAPTURE',
    headers: { 'content-type': 'application/json', [INDIVIDUAL_ID_HEADER]: presenter },
    body: JSON.stringify({
      env: 'Developer',
      purpose: 'Auth',
      specVersion: '0.9.5',
      timeout: '10000',
      captureTime: sbiTimestamp(),
      domainUri: server.url,
      transactionId: esignetSbiTransactionId(linkTransactionId),
      bio: [
        {
          type: 'Finger',
          count: '1',
          bioSubType: ['UNKNOWN'],
          requestedScore: '60',
          deviceId: '1',
          deviceSubId: '0',
          previousHash: '',
        },
      ],
      customOpts: null,
    }),
  });
  const items = CaptureResponseSchema.parse(await res.json()).biometrics.map(({ error, ...item }) => {
    expect(error.errorCode, error.errorInfo).toBe('0');
    return item;
  });
  const challenge = Buffer.from(JSON.stringify(items)).toString('base64');
  const claims = await kioskAttestationClaims({
    kioskId: kiosk.kiosk.kioskId,
    operatorSub: kiosk.operatorSub,
    audience: server.config.issuer,
    linkTransactionId,
    accessToken: kiosk.accessToken,
    individualId,
    challenges: [challenge],
  });
  const res2 = await fetch(`${server.url}/v1/esignet/linked-authorization/v2/authenticate`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${kiosk.accessToken}`,
      [KIOSK_ATTESTATION_HEADER]: await signKioskAttestation(claims, kiosk.key.privateKey),
    },
    body: JSON.stringify({
      requestTime: new Date().toISOString(),
      request: {
        linkedTransactionId: linkTransactionId,
        individualId,
        challengeList: [{ authFactorType: 'BIO', challenge, format: 'encoded-json' }],
      },
    }),
  });
  const answer = (await res2.json()) as { errors: { errorCode: string; reason?: string }[] };
  return answer.errors[0] && (answer.errors[0].reason ?? answer.errors[0].errorCode);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Each language's walk makes one wrong capture for the same resident from this one address: more
  // than the default three in a window would bar the address from that resident.
  [server, callback] = await Promise.all([
    startTestServer({ limits: { authFailuresPerSourceAndIndividual: 10, authFailuresPerSource: 10 } }),
    startCallbackServer(),
  ]);
  client = await registerTestClient(server, { redirectUri: callback.url, authContextRefs: [BIO_ACR, PIN_ACR] });
  // The kiosk's device service encrypts for the reference ID system's certificate, which it serves.
  const certFile = path.join(server.config.dataDir, 'ida-fir.crt.pem');
  await writeFile(
    certFile,
    await (await fetch(`${server.url}/v1/mock-identity-system/sbi/encryption-certificate`)).text(),
  );
  sim = await startSimulator(
    { dataDir: path.join(server.config.dataDir, 'sbi-simulator'), ...SIM_PORTS, encryptionCertificate: certFile },
    { onError: (e) => console.error('simulator', e) },
  );
  const key = await makeKioskKeyPair();
  const registered = await registerKiosk(server.ctx, kioskRegistrationRequest(key.publicJwk), [OPERATOR.individualId]);
  const operator = await signInOperator(server, {
    clientId: registered.clientId,
    privateKey: key.privateKey,
    individualId: OPERATOR.individualId,
    pin: OPERATOR.pin,
  });
  kiosk = { kiosk: registered, key, accessToken: operator.accessToken, operatorSub: operator.idTokenClaims.sub };
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sim?.close();
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
    it(`${lang}: offered beside biometrics; the code large, as a QR, with its time left; the kiosk named once linked; a refused capture with attempts left; consent; the relying party`, async () => {
      const w = words(lang);
      const linkAuthCodes = server.audit.events.filter(
        (e) => e.action === 'link-auth-code' && e.outcome === 'success',
      ).length;
      const { url, state } = authorizeUrl(lang);
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
      // In the language's own digits (Khmer ០–៩, Arabic ٠–٩), read back as a number.
      const number = /[0-9០-៩٠-٩]+/;
      expect(first).toMatch(number);
      const digitSets = ['0123456789', '០១២៣៤៥៦៧៨៩', '٠١٢٣٤٥٦٧٨٩'];
      const digitValue = (d: string) => digitSets.map((set) => set.indexOf(d)).find((i) => i >= 0)!;
      const secondsOf = (text: string) => Number([...number.exec(text)![0]].map(digitValue).join(''));
      expect(secondsOf(first)).toBeGreaterThan(40);
      expect(secondsOf(first)).toBeLessThanOrEqual(60);
      await expect
        .poll(async () => secondsOf((await timer.textContent()) ?? ''), { timeout: 5_000 })
        .toBeLessThan(secondsOf(first));
      expect(await page.locator('#link-status').textContent()).toContain(w['assisted.waiting']);
      await expectAccessible(`${lang} code`);
      await shoot(`${lang}-1-code`);

      // The operator types the code as shown: the page names the kiosk and hides the code.
      const ltx = await linkAtKiosk(shown);
      await page.locator('[data-link-stage="LINKED"]').waitFor();
      expect(await page.locator('#linked-text').textContent()).toBe(
        // The name isolated from the sentence's direction (FSI … PDI).
        w['assisted.linked']!.replace('{kiosk}', `\u2068${kiosk.kiosk.name}\u2069`),
      );
      expect(await linkCode().count()).toBe(0);
      await expectAccessible(`${lang} linked`);
      await shoot(`${lang}-2-linked`);

      // Someone else's finger: the refusal and the attempts left, and the page still waits.
      expect(await authenticateAtKiosk(ltx.linkTransactionId, OTHER_RESIDENT)).toBe('auth_failed');
      const alert = page.locator('#assisted-error');
      await alert.waitFor({ state: 'visible' });
      const refusal = (await alert.textContent()) ?? '';
      expect(refusal).toContain(w['error.auth_failed']);
      expect(refusal.length).toBeGreaterThan(w['error.auth_failed']!.length);
      expect(await stage()).toBe('LINKED');
      await expectAccessible(`${lang} failed`);
      await shoot(`${lang}-3-failed`);

      // The resident's own finger: consent on the resident's page, naming the kiosk and whom it
      // verified (the ID masked but its last 4), then the relying party.
      expect(await authenticateAtKiosk(ltx.linkTransactionId, RESIDENT)).toBeUndefined();
      await page.getByRole('heading', { level: 1, name: w['consent.title'] }).waitFor();
      expect(await page.locator('#verified-at').textContent()).toBe(verifiedAtText(lang));
      expect(await page.locator('#verified-at').textContent()).not.toContain(RESIDENT);
      await expectAccessible(`${lang} consent`);
      await shoot(`${lang}-4-consent`);
      await page.getByRole('button', { name: w['consent.allow'] }).click();
      await page.waitForURL((u) => u.href.startsWith(callback.url));
      const query = callback.received[0]!;
      expect(query.get('code')).toBeTruthy();
      expect(query.get('state')).toBe(state);
      expect(query.get('iss')).toBe(server.config.issuer);
      expect(server.audit.events.filter((e) => e.action === 'link-auth-code' && e.outcome === 'success')).toHaveLength(
        linkAuthCodes + 1,
      );
      expect(pageProblems).toEqual([]);
    });
  }

  it('refuses an operator who types another ID than the resident did, and tells the resident; the right ID goes on', async () => {
    const { shown } = await openAssisted();
    const ltx = await linkAtKiosk(shown);
    await page.locator('[data-link-stage="LINKED"]').waitFor();
    // The operator types Sokha's ID (and scans Sokha's finger) in Dara's sign-in.
    expect(await authenticateAtKiosk(ltx.linkTransactionId, OTHER_RESIDENT, OTHER_RESIDENT)).toBe(
      'individual_id_mismatch',
    );
    const alert = page.locator('#assisted-error');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.textContent()).toContain(EN['error.individual_id_mismatch']);
    expect(await stage()).toBe('LINKED');
    await expectAccessible('mismatch');
    await shoot('en-3-id-mismatch');
    // Nothing of the other ID reached the resident's page, nor the audit.
    expect(await page.locator('body').textContent()).not.toContain(OTHER_RESIDENT);
    expect(JSON.stringify(server.audit.events)).not.toContain(OTHER_RESIDENT);
    expect(await authenticateAtKiosk(ltx.linkTransactionId, RESIDENT)).toBeUndefined();
    await page.getByRole('heading', { level: 1, name: EN['consent.title'] }).waitFor();
    expect(await page.locator('#verified-at').textContent()).toBe(verifiedAtText('en'));
    expect(pageProblems).toEqual([]);
  });

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

  it('follows the code with the long poll when the event stream fails, and with consent on record shows whom the kiosk verified before going on', async () => {
    await page.route(
      (url) => url.pathname === PROGRESS_PATH,
      (route) => (route.request().method() === 'GET' ? route.abort('connectionrefused') : route.continue()),
    );
    const polled = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === PROGRESS_PATH);
    // The resident consented to this client in the tests above: no prompt=consent, no consent screen.
    const { state, shown } = await openAssisted('en', { consent: false });
    const body = (await polled).postDataJSON() as { request: { linkCode: string; after: string | null } };
    expect(body.request.linkCode).toBe(shown.replace('-', ''));
    expect(await stage()).toBe('WAITING');
    const ltx = await linkAtKiosk(shown);
    await page.locator('[data-link-stage="LINKED"]').waitFor();
    expect(await authenticateAtKiosk(ltx.linkTransactionId, RESIDENT)).toBeUndefined();
    // NOCAPTURE: nothing to share, but the resident sees who was verified, and continues themselves.
    await page.locator('#verified-title').waitFor();
    expect(await page.locator('#verified-at').textContent()).toBe(verifiedAtText('en'));
    expect(callback.received).toEqual([]);
    await expectAccessible('verified (NOCAPTURE)');
    await shoot('en-4-verified');
    // In a non-Latin and a right-to-left language too: the same line, in their words.
    for (const lang of ['km', 'ar'] as const) {
      await page.locator('.lang-switch select').selectOption(lang);
      await page.locator(`html[lang="${lang}"]`).waitFor();
      expect(await page.locator('#verified-at').textContent()).toBe(verifiedAtText(lang));
      await expectAccessible(`verified (NOCAPTURE, ${lang})`);
      await shoot(`${lang}-4-verified`);
    }
    await page.locator('.lang-switch select').selectOption('en');
    await page.locator('html[lang="en"]').waitFor();
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(callback.url)),
      page.getByRole('button', { name: EN['action.continue'] }).click(),
    ]);
    expect(callback.received[0]?.get('code')).toBeTruthy();
    expect(callback.received[0]?.get('state')).toBe(state);
  });

  it('keeps its code through a language switch, goes back to the choice, and Cancel returns to the relying party with access_denied', async () => {
    const { state, shown } = await openAssisted();
    const calls = linkCodeCalls();
    await page.locator('.lang-switch select').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: words('ar')['assisted.title'] }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await linkCode().textContent()).toBe(shown);
    expect(linkCodeCalls()).toBe(calls);
    await page.locator('.lang-switch select').selectOption('en');
    await page.getByRole('heading', { level: 1, name: EN['assisted.title'] }).waitFor();
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
