// The resident login app (kiosk/renderer, built into kiosk/dist/renderer) served by a real server
// at /login in Debian's Chromium: sign-in with each factor in English, Khmer, Arabic
// and French (lang, dir, translated headings, mirrored layout), attempts left and the block,
// Cancel from each screen, a lost transaction back to the relying party, the kiosk layout with its
// keypad, axe-core on every screen in every language, and screenshots of each into test/artifacts/.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@signet-kiosk/server/testing';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium, startCallbackServer, type Callback } from './support/browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/login-app/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Demo residents (server/src/plugins/mock-identity/README.md). */
const SOKHA = { id: '2804195601', pin: '482915', password: 'Mekong#Sokha2026' };
const DARA = { id: '2804195602', pin: '736204' };
const SREYMOM = { id: '2804195603', pin: '159357' };
const AMINA = { id: '2804195604', pin: '804213', password: 'Petra#Amina2026' };
const CLAIRE = { id: '2804195605', fullName: 'Claire Dubois', dob: '1992-11-23', birthPlace: 'Grenoble' };
const VUTHY = { id: '2804195606', pin: '390518' };

const ALL_ACRS = [
  'mosip:idp:acr:static-code',
  'mosip:idp:acr:generated-code',
  'mosip:idp:acr:password',
  'mosip:idp:acr:knowledge',
];

/** The headings each language shows (from its catalogue: the test reads what a resident sees). */
const HEADINGS = {
  en: {
    start: 'Enter your ID number',
    choose: 'Choose how to sign in',
    pin: 'Enter your PIN',
    consent: 'Share your information',
    continue: 'Continue',
    signIn: 'Sign in',
    allow: 'Allow',
    cancel: 'Cancel',
  },
  km: {
    start: 'បញ្ចូលលេខអត្តសញ្ញាណរបស់អ្នក',
    choose: 'ជ្រើសរើសរបៀបចូលគណនី',
    pin: 'បញ្ចូលលេខកូដ PIN របស់អ្នក',
    consent: 'ចែករំលែកព័ត៌មានរបស់អ្នក',
    continue: 'បន្ត',
    signIn: 'ចូលគណនី',
    allow: 'អនុញ្ញាត',
    cancel: 'បោះបង់',
  },
  ar: {
    start: 'أدخل رقم هويتك',
    choose: 'اختر طريقة تسجيل الدخول',
    pin: 'أدخل رقمك السري',
    consent: 'شارك معلوماتك',
    continue: 'متابعة',
    signIn: 'تسجيل الدخول',
    allow: 'سماح',
    cancel: 'إلغاء',
  },
  fr: {
    start: 'Saisissez votre numéro d’identité',
    choose: 'Choisissez comment vous connecter',
    pin: 'Saisissez votre code PIN',
    consent: 'Partager vos informations',
    continue: 'Continuer',
    signIn: 'Se connecter',
    allow: 'Autoriser',
    cancel: 'Annuler',
  },
} as const;
type Lang = keyof typeof HEADINGS;

let server: TestServer;
let callback: Callback;
let client: TestClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Console errors and uncaught exceptions (a CSP violation shows up here). */
let pageProblems: string[];

function loginUrl(extra: Record<string, string> = {}): { url: string; state: string } {
  const state = randomBytes(12).toString('base64url');
  const params = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    state,
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
    code_challenge_method: 'S256',
    claims: JSON.stringify({ userinfo: { name: { essential: true }, phone_number: null } }),
    ui_locales: 'en',
    ...extra,
  });
  return { url: `${server.url}/login?${params}`, state };
}

async function newPage(options: { locale?: string; viewport?: { width: number; height: number } } = {}) {
  context = await browser.newContext({
    viewport: options.viewport ?? { width: 480, height: 900 },
    locale: options.locale ?? 'en-GB',
  });
  // Nothing leaves the machine: any request off the server and the callback fails.
  await context.route(
    (url) => !url.href.startsWith(server.url) && !url.href.startsWith(callback.url),
    (route) => route.abort(),
  );
  // A CSP violation the page's code catches (an eval probe) reaches no console: report every one.
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  page = await context.newPage();
  pageProblems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) pageProblems.push(m.text());
  });
  page.on('pageerror', (e) => pageProblems.push(e.message));
}

/** axe-core on the page as it is: no violations of any impact. Injected through the debugger (the CSP allows no inline script). */
async function expectAccessible(label: string) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((v) => `${v.impact} ${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
  expect(violations, label).toEqual([]);
}

async function shoot(name: string) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Checks the screen (heading, axe) and takes its screenshot. */
async function screen(lang: string, name: string, heading: string) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await expectAccessible(`${lang} ${name}`);
  await shoot(`${lang}-${name}`);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [server, callback] = await Promise.all([startTestServer(), startCallbackServer()]);
  client = await registerTestClient(server, { redirectUri: callback.url, authContextRefs: ALL_ACRS });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await callback?.close();
  await server?.close();
});

beforeEach(() => {
  callback.received.length = 0;
});

afterEach(async () => {
  await context?.close();
});

const idField = () => page.locator('#individual-id');
const onCallback = () => page.waitForURL((u) => u.href.startsWith(callback.url));

// Four screens, each checked with axe: slow when other test files share the cores.
describe('sign-in with a PIN in each language', { timeout: 90_000 }, () => {
  const cases: { lang: Lang; dir: 'ltr' | 'rtl'; resident: { id: string; pin: string }; rpName: string }[] = [
    { lang: 'en', dir: 'ltr', resident: SOKHA, rpName: 'Test Relying Party' },
    { lang: 'km', dir: 'ltr', resident: DARA, rpName: 'ភាគីជឿទុកចិត្ត' },
    { lang: 'ar', dir: 'rtl', resident: AMINA, rpName: 'Test Relying Party' },
    { lang: 'fr', dir: 'ltr', resident: VUTHY, rpName: 'Test Relying Party' },
  ];
  for (const { lang, dir, resident, rpName } of cases) {
    it(`${lang}: lang/dir, translated headings on every screen, axe clean, mirrored in RTL; lands with code, state and iss`, async () => {
      await newPage();
      const h = HEADINGS[lang];
      const { url, state } = loginUrl({ ui_locales: lang });
      await page.goto(url);
      await screen(lang, '1-start', h.start);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('html').getAttribute('dir')).toBe(dir);
      expect(await page.locator('#rp-name').textContent()).toBe(rpName);
      expect(await idField().getAttribute('inputmode')).toBe('numeric');

      // The layout mirrors: Cancel is at the inline start (left in LTR, right in RTL).
      const cancel = await page.getByRole('button', { name: h.cancel }).boundingBox();
      const next = await page.getByRole('button', { name: h.continue }).boundingBox();
      expect(cancel && next).toBeTruthy();
      if (dir === 'rtl') expect(cancel!.x).toBeGreaterThan(next!.x);
      else expect(cancel!.x).toBeLessThan(next!.x);

      await idField().fill(resident.id);
      await page.getByRole('button', { name: h.continue }).click();
      await screen(lang, '2-choose', h.choose);
      await page.locator('button.method[data-factors="PIN"]').click();
      await screen(lang, '3-pin', h.pin);
      await page.locator('#pin').fill(resident.pin);
      await page.getByRole('button', { name: h.signIn, exact: true }).click();
      await screen(lang, '4-consent', h.consent);
      await Promise.all([onCallback(), page.getByRole('button', { name: h.allow }).click()]);
      const query = callback.received[0]!;
      expect(query.get('code')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      expect(query.get('state')).toBe(state);
      expect(query.get('iss')).toBe(server.config.issuer);
      expect(pageProblems).toEqual([]);
    });
  }

  it('takes the first language from the browser when ui_locales names none we have', async () => {
    await newPage({ locale: 'ar-EG' });
    const { url } = loginUrl({ ui_locales: 'de' });
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: HEADINGS.ar.start }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
  });

  it('switches language on the spot, keeping what was typed', async () => {
    await newPage();
    await page.goto(loginUrl().url);
    await idField().fill('123');
    // Each language by its own name.
    expect(await page.getByLabel('Language').locator('option').allTextContents()).toEqual([
      'English',
      'العربية',
      'Français',
      'ខ្មែរ',
    ]);
    await page.getByLabel('Language').selectOption('km');
    await page.getByRole('heading', { level: 1, name: HEADINGS.km.start }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('km');
    expect(await page.locator('#rp-name').textContent()).toBe('ភាគីជឿទុកចិត្ត');
    expect(await idField().inputValue()).toBe('123');
  });
});

describe('the other factors', () => {
  it('password (en), with show/hide', async () => {
    await newPage();
    // prompt=consent: residents consented to this client in earlier tests.
    const { url, state } = loginUrl({ acr_values: 'mosip:idp:acr:password', prompt: 'consent' });
    await page.goto(url);
    await idField().fill(SOKHA.id);
    await page.getByRole('button', { name: 'Continue' }).click();
    await screen('en', '3-password', 'Enter your password');
    await page.getByLabel('Your password').fill(SOKHA.password);
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.getByLabel('Your password').getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Share your information' }).waitFor();
    await Promise.all([onCallback(), page.getByRole('button', { name: 'Allow' }).click()]);
    expect(callback.received[0]?.get('state')).toBe(state);
    expect(pageProblems).toEqual([]);
  });

  for (const lang of ['en', 'km', 'ar'] as const) {
    it(`one-time code (${lang}): countdown before a resend, then the code from the demo outbox`, async () => {
      await newPage();
      const { url, state } = loginUrl({
        ui_locales: lang,
        prompt: 'consent',
        acr_values: 'mosip:idp:acr:generated-code',
        scope: 'openid',
        claims: JSON.stringify({ userinfo: { name: { essential: true } } }),
      });
      await page.goto(url);
      await idField().fill(SREYMOM.id);
      await page.getByRole('button', { name: HEADINGS[lang].continue }).click();
      await page.locator('.otp-intro').waitFor();
      await expectAccessible(`${lang} otp intro`);
      await shoot(`${lang}-3-otp-intro`);
      await page.locator('form button[type=submit]').click();
      await page.locator('#otp').waitFor();
      expect(await page.locator('[data-otp-destination]').textContent()).toMatch(/X{8}@X{8}/);
      // The resend button waits for the countdown the server configures.
      // In the language's digits: Khmer's and Arabic's own, as the catalogue's calendar.digits.
      const digits = { en: /[0-9]/, fr: /[0-9]/, km: /[០-៩]/, ar: /[٠-٩]/ }[lang];
      expect(await page.locator('[data-otp-timer]').textContent()).toMatch(digits);
      expect(await page.locator('.resend button').isDisabled()).toBe(true);
      await expectAccessible(`${lang} otp sent`);
      await shoot(`${lang}-3-otp-sent`);
      const outbox = await fetch(`${server.url}/v1/esignet/dev/outbox?individualId=${SREYMOM.id}`);
      const { response } = (await outbox.json()) as { response: { messages: { otp: string }[] } };
      await page.locator('#otp').fill(response.messages.at(-1)!.otp);
      await page.locator('form button[type=submit]').click();
      await page.getByRole('heading', { level: 1, name: HEADINGS[lang].consent }).waitFor();
      await Promise.all([onCallback(), page.getByRole('button', { name: HEADINGS[lang].allow }).click()]);
      expect(callback.received[0]?.get('state')).toBe(state);
      expect(pageProblems).toEqual([]);
    });
  }

  it('knowledge questions (fr), labels in French', async () => {
    await newPage();
    const { url, state } = loginUrl({ ui_locales: 'fr', acr_values: 'mosip:idp:acr:knowledge', prompt: 'consent' });
    await page.goto(url);
    await idField().fill(CLAIRE.id);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await screen('fr', '3-kbi', 'Répondez à vos questions de sécurité');
    await page.getByLabel('Nom complet').fill(CLAIRE.fullName);
    await page.getByLabel('Date de naissance').fill(CLAIRE.dob);
    await page.getByLabel('Lieu de naissance').fill(CLAIRE.birthPlace);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: HEADINGS.fr.consent }).waitFor();
    await Promise.all([onCallback(), page.getByRole('button', { name: 'Autoriser' }).click()]);
    expect(callback.received[0]?.get('state')).toBe(state);
    expect(pageProblems).toEqual([]);
  });
});

describe('every failure leads somewhere', () => {
  it('a wrong PIN says how many attempts are left, then the block says until when and offers the ways out', async () => {
    await newPage();
    await page.goto(loginUrl({ acr_values: 'mosip:idp:acr:static-code' }).url);
    await idField().fill(VUTHY.id);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#pin').fill('000000');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const alert = page.locator('#login-error');
    await expect.poll(() => alert.textContent()).toMatch(/not correct\. 2 attempts left\./);
    await expect.poll(() => page.locator('#pin').inputValue()).toBe('');
    await expectAccessible('en wrong pin');
    await shoot('en-5-wrong-pin');
    await page.locator('#pin').fill('000001');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => alert.textContent()).toMatch(/1 attempt left\./);
    await page.locator('#pin').fill('000002');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await screen('en', '6-blocked', 'Too many attempts');
    expect(await page.locator('#blocked-text').textContent()).toMatch(
      /not correct\. (No attempts left for this sign-in\.|You can try again after .+\.)$/,
    );
    expect(callback.received).toHaveLength(0);
    // The way out: back to the relying party with access_denied, built by the server.
    await Promise.all([
      onCallback(),
      page.getByRole('button', { name: /^(Back to Test Relying Party|Cancel)$/ }).click(),
    ]);
    expect(callback.received[0]?.get('error')).toBe('access_denied');
  });

  it('a lost transaction ends on a fatal screen whose “Back to …” returns the error to the relying party', async () => {
    await newPage();
    // A tampered oauth-details-hash: the server no longer recognises the session.
    await page.route('**/v1/esignet/authorization/v3/authenticate', (route) =>
      route.continue({ headers: { ...route.request().headers(), 'oauth-details-hash': 'A'.repeat(43) } }),
    );
    const { url, state } = loginUrl({ acr_values: 'mosip:idp:acr:static-code' });
    await page.goto(url);
    await idField().fill(SOKHA.id);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#pin').fill(SOKHA.pin);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await screen('en', '7-fatal', 'This sign-in cannot continue');
    expect(await page.locator('#error-code').textContent()).toBe('Error code: invalid_oauth_details_hash');
    expect(await page.locator('#error-text').textContent()).toMatch(/start again/i);
    await Promise.all([onCallback(), page.getByRole('button', { name: 'Back to Test Relying Party' }).click()]);
    const query = callback.received[0]!;
    expect(query.get('error')).toBeTruthy();
    expect(query.get('code')).toBeNull();
    expect(query.get('state')).toBe(state);
  });

  it('a request the server refuses ends on the fatal screen with its reason', async () => {
    await newPage();
    await page.goto(loginUrl({ redirect_uri: 'https://evil.example/callback' }).url);
    await page.getByRole('heading', { level: 1, name: 'This sign-in cannot continue' }).waitFor();
    expect(await page.locator('#error-text').textContent()).toMatch(/redirect/i);
    await expectAccessible('en fatal no transaction');
  });

  it('an expired code says so (not “wrong”), and a new code signs in', async () => {
    // A server whose codes live 2 s: the resident waits too long.
    const shortOtp = await startTestServer({}, { otpTtlMs: 2000 });
    try {
      const rp = await registerTestClient(shortOtp, {
        redirectUri: callback.url,
        authContextRefs: ['mosip:idp:acr:generated-code'],
      });
      await newPage();
      const state = randomBytes(12).toString('base64url');
      const params = new URLSearchParams({
        client_id: rp.clientId,
        redirect_uri: rp.redirectUri,
        response_type: 'code',
        scope: 'openid',
        state,
        nonce: randomBytes(12).toString('base64url'),
        code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'),
        code_challenge_method: 'S256',
      });
      await context.route(
        (url) => url.href.startsWith(shortOtp.url),
        (route) => route.continue(),
      );
      await page.goto(`${shortOtp.url}/login?${params}`);
      await idField().fill(DARA.id);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Get one-time code' }).click();
      await page.locator('#otp').waitFor();
      const readOtp = async () => {
        const outbox = await fetch(`${shortOtp.url}/v1/esignet/dev/outbox?individualId=${DARA.id}`);
        return ((await outbox.json()) as { response: { messages: { otp: string }[] } }).response.messages.at(-1)!.otp;
      };
      const first = await readOtp();
      await new Promise((r) => setTimeout(r, 2500));
      await page.locator('#otp').fill(first);
      await page.getByRole('button', { name: 'Verify' }).click();
      const alert = page.locator('#login-error');
      await expect.poll(() => alert.textContent()).toMatch(/^This code has expired\. Ask for a new code\./);
      expect(await alert.textContent()).not.toMatch(/not correct/);
      await expectAccessible('en expired otp');
      await shoot('en-5-otp-expired');
      // The resend countdown (30 s by default) keeps its promise: the button opens when it ends.
      await expect
        .poll(() => page.getByRole('button', { name: 'Send a new code' }).isEnabled(), {
          timeout: 40_000,
          interval: 1000,
        })
        .toBe(true);
      await page.getByRole('button', { name: 'Send a new code' }).click();
      await expect.poll(readOtp).not.toBe(first);
      await page.locator('#otp').fill(await readOtp());
      // scope=openid alone asks for no claims: no consent screen, straight back with the code.
      await Promise.all([onCallback(), page.getByRole('button', { name: 'Verify' }).click()]);
      expect(callback.received[0]?.get('state')).toBe(state);
      expect(callback.received[0]?.get('code')).toBeTruthy();
    } finally {
      await shortOtp.close();
    }
  }, 90_000);

  const cancelFrom: { screen: string; reach: () => Promise<void> }[] = [
    { screen: 'start', reach: async () => {} },
    {
      screen: 'choose',
      reach: async () => {
        await idField().fill(SOKHA.id);
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.getByRole('heading', { level: 1, name: 'Choose how to sign in' }).waitFor();
      },
    },
    {
      screen: 'factor',
      reach: async () => {
        await idField().fill(SOKHA.id);
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.locator('button.method[data-factors="PWD"]').click();
        await page.getByLabel('Your password').waitFor();
      },
    },
    {
      screen: 'consent',
      reach: async () => {
        await idField().fill(SOKHA.id);
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.locator('button.method[data-factors="PIN"]').click();
        await page.locator('#pin').fill(SOKHA.pin);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Share your information' }).waitFor();
      },
    },
  ];
  for (const { screen: name, reach } of cancelFrom) {
    it(`Cancel on the ${name} screen returns access_denied, built by the server`, async () => {
      await newPage();
      const { url, state } = loginUrl({ prompt: 'consent' });
      await page.goto(url);
      await page.getByRole('heading', { level: 1, name: 'Enter your ID number' }).waitFor();
      await reach();
      await Promise.all([onCallback(), page.getByRole('button', { name: 'Cancel' }).click()]);
      const query = callback.received[0]!;
      expect(query.get('error')).toBe('access_denied');
      expect(query.get('state')).toBe(state);
      expect(query.get('iss')).toBe(server.config.issuer);
      expect(pageProblems).toEqual([]);
    });
  }
});

describe('every screen in every language', () => {
  /** What each language calls the buttons these walks press. */
  const WORDS = {
    en: {
      back: 'Back',
      blocked: 'Too many attempts',
      fatal: 'This sign-in cannot continue',
      pwd: 'Enter your password',
      kbi: 'Answer your security questions',
      otp: 'Sign in with a one-time code',
      bio: 'Sign in with biometrics',
    },
    km: {
      back: 'ថយក្រោយ',
      blocked: 'ការព្យាយាមច្រើនពេក',
      fatal: 'ការចូលគណនីនេះមិនអាចបន្តបានទេ',
      pwd: 'បញ្ចូលពាក្យសម្ងាត់របស់អ្នក',
      kbi: 'ឆ្លើយសំណួរសុវត្ថិភាពរបស់អ្នក',
      otp: 'ចូលគណនីដោយលេខកូដប្រើតែម្តង',
      bio: 'ចូលគណនីដោយជីវមាត្រ',
    },
    ar: {
      back: 'رجوع',
      blocked: 'محاولات كثيرة جدًا',
      fatal: 'لا يمكن متابعة تسجيل الدخول هذا',
      pwd: 'أدخل كلمة المرور',
      kbi: 'أجب عن أسئلة الأمان',
      otp: 'تسجيل الدخول برمز لمرة واحدة',
      bio: 'تسجيل الدخول بالقياسات الحيوية',
    },
    fr: {
      back: 'Retour',
      blocked: 'Trop de tentatives',
      fatal: 'Cette connexion ne peut pas continuer',
      pwd: 'Saisissez votre mot de passe',
      kbi: 'Répondez à vos questions de sécurité',
      otp: 'Connexion avec un code à usage unique',
      bio: 'Connexion biométrique',
    },
  } as const;
  /** Residents this describe blocks, one per language, on a server of its own. */
  const TO_BLOCK = { en: SOKHA, km: DARA, ar: AMINA, fr: SREYMOM } as const;
  let own: TestServer;
  let ownClient: TestClient;
  beforeAll(async () => {
    // Twelve wrong PINs from one address: the per-source back-off would answer before the ID blocks.
    own = await startTestServer({ limits: { authFailuresPerSource: 100 } });
    ownClient = await registerTestClient(own, { redirectUri: callback.url, authContextRefs: ALL_ACRS });
  });
  afterAll(async () => {
    await own?.close();
  });
  const ownUrl = (extra: Record<string, string>) =>
    `${own.url}/login?${new URLSearchParams({ client_id: ownClient.clientId, redirect_uri: ownClient.redirectUri, response_type: 'code', scope: 'openid profile', state: 's', nonce: 'n', code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'), code_challenge_method: 'S256', ...extra })}`;

  for (const lang of ['en', 'km', 'ar', 'fr'] as const) {
    it(`${lang}: each factor's form, biometrics without a device, the block and the fatal screen are translated and axe clean`, async () => {
      const w = WORDS[lang];
      const h = HEADINGS[lang];
      await newPage();
      await context.route(
        (url) => url.href.startsWith(own.url),
        (route) => route.continue(),
      );
      // The test client has no biometrics ACR: BIO is added to the answer the page receives (it
      // hashes what it receives; this walk never authenticates with it).
      await page.route('**/v1/esignet/authorization/v3/oauth-details', async (route) => {
        const res = await route.fetch();
        const body = (await res.json()) as { response: { authFactors: unknown[][] } };
        body.response.authFactors.push([{ type: 'BIO', count: 1, subTypes: null }]);
        await route.fulfill({ response: res, json: body });
      });
      await page.goto(ownUrl({ ui_locales: lang }));
      await idField().fill(TO_BLOCK[lang].id);
      await page.getByRole('button', { name: h.continue }).click();
      for (const [factors, title] of [
        ['PWD', w.pwd],
        ['KBI', w.kbi],
        ['OTP', w.otp],
        ['BIO', w.bio],
      ] as const) {
        await page.locator(`button.method[data-factors="${factors}"]`).click();
        await screen(lang, `3-${factors.toLowerCase()}-form`, title);
        if (factors === 'BIO') {
          // No device service answers here: the screen says so and what to do instead.
          await expect.poll(() => page.locator('[data-bio-title]').textContent(), { timeout: 10_000 }).not.toBe('');
          await page.locator('[data-bio-phase="none"]').waitFor();
          await expectAccessible(`${lang} bio none`);
          await shoot(`${lang}-3-bio-none`);
        }
        await page.getByRole('button', { name: w.back }).click();
        await page.getByRole('heading', { level: 1, name: h.choose }).waitFor();
      }
      // A fresh transaction, as the server sent it, for the refusals.
      await page.unroute('**/v1/esignet/authorization/v3/oauth-details');
      await page.goto(ownUrl({ ui_locales: lang }));
      await idField().fill(TO_BLOCK[lang].id);
      await page.getByRole('button', { name: h.continue }).click();
      await page.locator('button.method[data-factors="PIN"]').click();
      for (const wrong of ['000000', '000001', '000002']) {
        await page.locator('#pin').fill(wrong);
        await page.getByRole('button', { name: h.signIn, exact: true }).click();
        await expect
          .poll(
            async () =>
              (await page.locator('#login-error').isVisible()) ||
              (await page.getByRole('heading', { level: 1, name: w.blocked }).isVisible()),
          )
          .toBe(true);
        if (wrong !== '000002') {
          await expectAccessible(`${lang} refused`);
          await shoot(`${lang}-5-refused`);
        }
      }
      await screen(lang, '6-blocked', w.blocked);
      // The block's end in the resident's language: a month the catalogue names (Chromium's Intl has
      // no Khmer, so Khmer's come from its catalogue, with Khmer digits), never an English date.
      const blockedText = (await page.locator('#blocked-text').textContent()) ?? '';
      const catalogue = JSON.parse(
        readFileSync(new URL(`../../kiosk/renderer/src/i18n/catalogues/${lang}.json`, import.meta.url), 'utf8'),
      ) as Record<string, string>;
      const months = Array.from({ length: 12 }, (_, i) => catalogue[`calendar.month${i + 1}`]!);
      expect(
        months.some((m) => blockedText.includes(m)),
        blockedText,
      ).toBe(true);
      if (lang === 'km' || lang === 'ar') expect(blockedText).not.toMatch(/[A-Za-z]/);
      if (lang === 'km') expect(blockedText).not.toMatch(/[0-9]/);
      await page.goto(ownUrl({ ui_locales: lang, redirect_uri: 'https://evil.example/cb' }));
      await screen(lang, '7-fatal', w.fatal);
    }, 90_000);
  }
});

describe('kiosk layout', () => {
  it('on a portrait screen: large type, an on-screen keypad for the ID and PIN, 48 px targets, and sign-in by touch', async () => {
    await newPage({ viewport: { width: 1080, height: 1920 } });
    const { url, state } = loginUrl({ acr_values: 'mosip:idp:acr:static-code', prompt: 'consent' });
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Enter your ID number' }).waitFor();
    expect(await page.locator('.page.kiosk').count()).toBe(1);
    const keypad = page.locator('[data-keypad-for="individual-id"]');
    for (const digit of SOKHA.id) await keypad.getByRole('button', { name: digit, exact: true }).click();
    expect(await idField().inputValue()).toBe(SOKHA.id);
    // Every button is a touch target of at least 48 × 48 px.
    const small = await page
      .locator('button, select, input')
      .evaluateAll(
        (els) =>
          els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && (r.height < 48 || r.width < 48))
            .length,
      );
    expect(small).toBe(0);
    await expectAccessible('en kiosk start');
    await shoot('en-kiosk-1-start');
    await page.getByRole('button', { name: 'Continue' }).click();
    const pinPad = page.locator('[data-keypad-for="pin"]');
    for (const digit of SOKHA.pin) await pinPad.getByRole('button', { name: digit, exact: true }).click();
    await shoot('en-kiosk-2-pin');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Share your information' }).waitFor();
    await Promise.all([onCallback(), page.getByRole('button', { name: 'Allow' }).click()]);
    expect(callback.received[0]?.get('state')).toBe(state);
  });
});

describe('keyboard and kiosk behaviour', () => {
  it('signs in with the keyboard alone: the heading has the focus on each screen, Tab and Enter do the rest', async () => {
    await newPage();
    const { url, state } = loginUrl({ acr_values: 'mosip:idp:acr:static-code', prompt: 'consent' });
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Enter your ID number' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // The language switch comes before the heading in the page; the ID field is next after it.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('individual-id');
    await page.keyboard.type(AMINA.id);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Enter your PIN' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pin');
    await page.keyboard.type(AMINA.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Share your information' }).waitFor();
    // Tab to Allow (past the optional claims) and press it.
    for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Allow'; i++)
      await page.keyboard.press('Tab');
    await Promise.all([onCallback(), page.keyboard.press('Enter')]);
    expect(callback.received[0]?.get('state')).toBe(state);
  });

  it('inside the kiosk window (window.kiosk present) takes the kiosk layout, and an idle screen returns to a clean start', async () => {
    const idle = await startTestServer({ kioskIdleSeconds: 2 });
    try {
      const rp = await registerTestClient(idle, { redirectUri: callback.url });
      await newPage();
      await context.route(
        (url) => url.href.startsWith(idle.url),
        (route) => route.continue(),
      );
      await context.addInitScript(() => {
        (window as unknown as { kiosk: object }).kiosk = {};
      });
      const params = new URLSearchParams({
        client_id: rp.clientId,
        redirect_uri: rp.redirectUri,
        response_type: 'code',
        scope: 'openid',
        state: 's',
        code_challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url'),
        code_challenge_method: 'S256',
      });
      await page.goto(`${idle.url}/login?${params}`);
      await page.getByRole('heading', { level: 1, name: 'Enter your ID number' }).waitFor();
      // Landscape, but the kiosk's window: the kiosk layout and its keypad.
      expect(await page.locator('.page.kiosk').count()).toBe(1);
      await page.locator('[data-keypad-for="individual-id"]').waitFor();
      await idField().fill(SOKHA.id);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Choose how to sign in' }).waitFor();
      // Nobody touches the screen for 2 s: back to the start, the ID gone.
      await page.getByRole('heading', { level: 1, name: 'Enter your ID number' }).waitFor({ timeout: 10_000 });
      expect(await idField().inputValue()).toBe('');
    } finally {
      await idle.close();
    }
  });
});

describe('what the classic page’s tests asserted, on the app', { timeout: 90_000 }, () => {
  const LOGO_SVG =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#e8590c"/></svg>';

  it('shows the client’s logo, name and title, the factors in the client’s order, the essential claim locked and the optional ones chosen by the resident', async () => {
    await newPage();
    // The test client's https logo, served here (everything else off the server fails).
    await page.route('https://rp.example.org/logo.png', (route) =>
      route.fulfill({ status: 200, contentType: 'image/svg+xml', body: LOGO_SVG }),
    );
    const { url, state } = loginUrl({ prompt: 'consent' });
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Enter your ID number' }).waitFor();
    expect(await page.locator('#rp-name').textContent()).toBe('Test Relying Party');
    await expect
      .poll(() =>
        page
          .locator('.rp-logo img')
          .evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0),
      )
      .toBe(true);
    await expect.poll(() => page.title()).toBe('Sign in to Test Relying Party');
    await idField().fill(SOKHA.id);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Choose how to sign in' }).waitFor();
    // The authFactors alternatives, in the client's order.
    expect(await page.locator('.method-name').allTextContents()).toEqual([
      'PIN',
      'One-time code',
      'Password',
      'Security questions',
    ]);
    await page.locator('button.method[data-factors="PIN"]').click();
    await page.getByLabel('Your PIN').fill(SOKHA.pin);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Share your information' }).waitFor();
    // name is essential (locked, checked); the profile and email claims are optional.
    const name = page.getByRole('checkbox', { name: /^Full name/ });
    expect(await name.isChecked()).toBe(true);
    expect(await name.isDisabled()).toBe(true);
    const email = page.getByRole('checkbox', { name: /^Email address/ });
    expect(await email.isChecked()).toBe(false);
    await email.check();
    await Promise.all([onCallback(), page.getByRole('button', { name: 'Allow' }).click()]);
    expect(callback.received).toHaveLength(1);
    const query = callback.received[0]!;
    expect(query.get('code')).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(query.get('state')).toBe(state);
    expect(query.get('iss')).toBe(server.config.issuer);
    expect(query.get('error')).toBeNull();
    expect(pageProblems).toEqual([]);
  });

  it('starts at /authorize and, when the resident declines consent, returns access_denied built by the server', async () => {
    await newPage();
    const { url, state } = loginUrl({ prompt: 'consent', acr_values: 'mosip:idp:acr:static-code' });
    await page.goto(url.replace('/login?', '/authorize?'));
    await page.waitForURL((u) => u.pathname === '/login');
    await idField().fill(SOKHA.id);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Your PIN').fill(SOKHA.pin);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Share your information' }).waitFor();
    await Promise.all([onCallback(), page.getByRole('button', { name: 'Cancel' }).click()]);
    const query = callback.received[0]!;
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('code')).toBeNull();
    expect(query.get('state')).toBe(state);
    expect(query.get('iss')).toBe(server.config.issuer);
    expect(pageProblems).toEqual([]);
  });

  it('keeps the resident on the PIN form after a wrong PIN: the message inline as an alert, the PIN cleared, the ID kept, no fatal screen, no redirect', async () => {
    await newPage();
    await page.goto(loginUrl({ acr_values: 'mosip:idp:acr:static-code' }).url);
    await idField().fill(SREYMOM.id);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Your PIN').fill('000000');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const alert = page.locator('#login-error');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toMatch(/not correct/i);
    expect(await page.getByRole('heading', { level: 1, name: 'Enter your PIN' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 1, name: 'This sign-in cannot continue' }).count()).toBe(0);
    await expect.poll(() => page.getByLabel('Your PIN').inputValue()).toBe('');
    expect(await page.locator('.signing-in-as').textContent()).toContain(SREYMOM.id);
    expect(callback.received).toHaveLength(0);
    expect(pageProblems).toEqual([]);
  });

  it('an OTP says where it went (masked) and, in demo mode, where to read it', async () => {
    await newPage();
    await page.goto(
      loginUrl({
        acr_values: 'mosip:idp:acr:generated-code',
        prompt: 'consent',
        scope: 'openid',
        claims: JSON.stringify({ userinfo: { name: { essential: true } } }),
      }).url,
    );
    await idField().fill(DARA.id);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Get one-time code' }).click();
    await page.getByLabel('Code you received').waitFor();
    expect(await page.locator('[data-otp-destination]').textContent()).toMatch(
      /^We sent a 6-digit code to X{8}@X{8} · X{8}02\.$/,
    );
    expect(await page.locator('#otp-demo').textContent()).toContain(`/v1/esignet/dev/outbox?individualId=${DARA.id}`);
    expect(pageProblems).toEqual([]);
  });

  it('marks the client name with the language it is in (km → the khm entry)', async () => {
    await newPage();
    await page.goto(loginUrl({ ui_locales: 'km en' }).url);
    const name = page.locator('#rp-name');
    await expect.poll(() => name.textContent()).toBe('ភាគីជឿទុកចិត្ត');
    expect(await name.getAttribute('lang')).toBe('km');
  });

  it('serves /login under the whole CSP (images from https for client logos, forms only to itself) and its favicon', async () => {
    const res = await fetch(`${server.url}/login?client_id=x`);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data: https:",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    const favicon = await fetch(`${server.url}/login/assets/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-security-policy')).toBe(csp);
  });

  it('renders /login/error with the code and an escaped description', async () => {
    const res = await fetch(
      `${server.url}/login/error?error=invalid_request&error_description=${encodeURIComponent('<b>bad</b> request')}`,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Error code: invalid_request');
    expect(html).toContain('&lt;b&gt;bad&lt;/b&gt; request');
    expect(html).not.toContain('<b>bad</b>');
    // Replacement patterns in the input are text, not instructions to copy the page.
    const dollar = await (
      await fetch(
        `${server.url}/login/error?error=invalid_request&error_description=${encodeURIComponent("x $` y $' z $&")}`,
      )
    ).text();
    expect(dollar).toContain('x $` y $&#39; z $&amp;');
    expect(dollar.match(/<html/g)).toHaveLength(1);
  });
});

describe('login app over HTTP', () => {
  it('serves the app at /login and its bundle under the strict CSP, no inline code', async () => {
    const res = await fetch(`${server.url}/login?client_id=x`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"])
      expect(csp).toContain(directive);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('data-demo="true"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
    const assets = [...html.matchAll(/(?:src|href)="(\/login\/app\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const a = await fetch(`${server.url}${asset}`);
      expect(a.status, asset).toBe(200);
      expect(a.headers.get('content-security-policy')).toBe(csp);
      expect(a.headers.get('cache-control')).toContain('immutable');
    }
    // Only the bundle: not the page itself, nor the locales manifest, through the asset route.
    expect((await fetch(`${server.url}/login/app/index.html`)).status).toBe(404);
    expect((await fetch(`${server.url}/login/app/locales.json`)).status).toBe(404);
  });

  it('discovery advertises the languages the app has catalogues for', async () => {
    const metadata = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string[]
    >;
    expect(metadata.ui_locales_supported).toEqual(['en', 'ar', 'fr', 'km']);
    expect(metadata.claims_locales_supported).toEqual(['en', 'ar', 'fr', 'km']);
  });
});
