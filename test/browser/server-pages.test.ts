// The server's own pages in Chromium: `/` (what the server is, with discovery, keys, health and
// the demo hint), `/login` opened without a sign-in (what the page is, where sign-ins start) and
// the /authorize error page for requests that cannot go back to the application — in English,
// French, Khmer and Arabic (right to left, mirrored), under their CSP with no script, and with no
// axe-core violation of any impact. Screenshots go to test/artifacts/server-pages/.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@signet-kiosk/server/testing';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium } from './support/browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'server-pages');
const PAGE_CSP =
  "default-src 'none'; style-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let server: TestServer;
let client: TestClient;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  client = await registerTestClient(server);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

interface Opened {
  page: Page;
  status: number;
  headers: Record<string, string>;
  /** Console errors (a CSP violation shows up here) and every request the page made. */
  problems: string[];
  requests: string[];
}

async function open(url: string, locale = 'en-GB'): Promise<Opened> {
  context = await browser.newContext({ viewport: { width: 480, height: 900 }, locale });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    // An error page's own 400 is reported as a failed load; everything else is a problem.
    if (m.type() === 'error' && !(m.location().url === url && /status of 400/.test(m.text()))) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const response = await page.goto(url);
  await page.waitForLoadState('load');
  return { page, status: response!.status(), headers: response!.headers(), problems, requests };
}

/** axe-core's violations of every impact, with the default rule set (WCAG and best practices). */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through DevTools, so the page's CSP (no script at all) does not apply to it.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations.map((v) => `${v.impact} ${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** The fonts Chromium drew an element's text with (DevTools' platform fonts). */
async function renderedFonts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.map((f) => f.familyName);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

function authorizeUrl(params: Record<string, string>): string {
  const verifier = randomBytes(32).toString('base64url');
  const q = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid',
    state: 'st-1',
    nonce: 'n-1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  });
  return `${server.url}/authorize?${q}`;
}

/** Shared checks of every server page: its CSP, no script, only its stylesheet (and for Khmer its font) loaded, no console error, axe clean. */
async function expectSoundPage(opened: Opened, lang: string, dir: 'ltr' | 'rtl'): Promise<void> {
  const { page } = opened;
  expect(opened.headers['content-security-policy']).toBe(PAGE_CSP);
  expect(opened.headers['cache-control']).toBe('no-store');
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  expect(await page.getAttribute('html', 'dir')).toBe(dir);
  expect(await page.locator('script').count()).toBe(0);
  await page.evaluate(() => document.fonts.ready);
  const fonts =
    lang === 'km' ? ['/pages/fonts/noto-sans-khmer-400.woff2', '/pages/fonts/noto-sans-khmer-700.woff2'] : [];
  expect(opened.requests.slice(1).sort()).toEqual(['/pages/page.css', ...fonts].sort());
  // Khmer text is drawn with the served font, not a fallback without Khmer glyphs (boxes).
  if (lang === 'km') {
    for (const selector of ['h1', '.brand-sub'])
      expect(await renderedFonts(page, selector), selector).toEqual(['Noto Sans Khmer']);
    // Its Latin words and punctuation may come from another font.
    expect(await renderedFonts(page, 'main p')).toContain('Noto Sans Khmer');
  }
  // The stylesheet applied: the card is the login page's white card, not an unstyled block.
  expect(
    await page
      .locator('.card')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor),
  ).toBe('rgb(255, 255, 255)');
  expect(opened.problems).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
}

describe('the home page', () => {
  it('says what the server is and links to discovery, the keys and the health check, with the demo hint in demo mode', async () => {
    const opened = await open(`${server.url}/`);
    const { page } = opened;
    expect(opened.status).toBe(200);
    await expectSoundPage(opened, 'en', 'ltr');
    expect(await page.locator('h1').textContent()).toBe('Signet sign-in service');
    expect(await page.locator('main').textContent()).toContain(`Issuer: ${server.url}`);
    expect(await page.locator('main').textContent()).toContain('npm run demo:rp');
    expect(await page.getByRole('link', { name: 'http://127.0.0.1:8090/' }).count()).toBe(1);
    await shoot(page, 'home');
    for (const [name, check] of [
      ['OpenID Provider configuration', (body: unknown) => expect(body).toMatchObject({ issuer: server.url })],
      ['Signing keys', (body: unknown) => expect((body as { keys: unknown[] }).keys.length).toBeGreaterThan(0)],
      ['Health', (body: unknown) => expect(body).toEqual({ status: 'UP' })],
    ] as const) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const res = await fetch(new URL(href!, server.url));
      expect(res.status, name).toBe(200);
      check(await res.json());
    }
  });

  it('leaves the demo hint out when the server is not in demo mode', async () => {
    const plain = await startTestServer({ demo: false });
    try {
      const body = await (await fetch(`${plain.url}/`)).text();
      expect(body).toContain('Signet sign-in service');
      expect(body).not.toContain('demo:rp');
    } finally {
      await plain.close();
    }
  });
});

describe('/login without a sign-in request', () => {
  const cases = [
    { name: 'en', query: '', locale: 'en-GB', lang: 'en', dir: 'ltr', title: 'This page opens from an application' },
    {
      name: 'fr',
      query: '?ui_locales=fr-FR',
      locale: 'en-GB',
      lang: 'fr',
      dir: 'ltr',
      title: 'Cette page s’ouvre depuis une application',
    },
    { name: 'km', query: '', locale: 'km-KH', lang: 'km', dir: 'ltr', title: 'ទំព័រនេះបើកចេញពីកម្មវិធីមួយ' },
    {
      name: 'ar',
      query: '?ui_locales=ar',
      locale: 'en-GB',
      lang: 'ar',
      dir: 'rtl',
      title: 'تُفتح هذه الصفحة من خلال تطبيق',
    },
  ] as const;

  it.each(cases)('explains what the sign-in page is, in $name', async ({ name, query, locale, lang, dir, title }) => {
    const opened = await open(`${server.url}/login${query}`, locale);
    expect(opened.status).toBe(200);
    await expectSoundPage(opened, lang, dir);
    expect(await opened.page.locator('h1').textContent()).toBe(title);
    await shoot(opened.page, `login-without-sign-in-${name}`);
  });

  it('mirrors the layout in Arabic', async () => {
    const { page } = await open(`${server.url}/login?ui_locales=ar`);
    const next = page.locator('.next-step');
    // The accent bar of "what to do next" stands at the start of the line: the right in Arabic.
    expect(
      await next.evaluate((el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]),
    ).toEqual(['4px', '0px']);
    const card = await page.locator('.card').boundingBox();
    const icon = await page.locator('.status-icon').boundingBox();
    expect(icon!.x + icon!.width).toBeCloseTo(card!.x + card!.width - 24, -1);
  });

  it('still opens the login page when the request carries a sign-in', async () => {
    const res = await fetch(`${server.url}/login?client_id=${client.clientId}&ui_locales=fr`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<script[^>]+src="\/login\/app\/assets\/[\w-]+\.js"/);
  });
});

describe('/authorize errors that cannot go back to the application', () => {
  it('explains an unknown application in plain words, the code in small print', async () => {
    const opened = await open(authorizeUrl({ client_id: 'nobody' }));
    const { page } = opened;
    expect(opened.status).toBe(400);
    expect(opened.headers.location).toBeUndefined();
    await expectSoundPage(opened, 'en', 'ltr');
    expect(await page.locator('h1').textContent()).toBe('We could not start your sign-in');
    expect(await page.locator('main p').first().textContent()).toMatch(
      /^The application that sent you here is not registered/,
    );
    expect(await page.locator('.next-step').textContent()).toMatch(/^Go back to the application and try again\./);
    expect(await page.locator('.small-print').textContent()).toBe(
      'Error code: invalid_request (client_id is not a registered, active client)',
    );
    // The code is not up front: it only appears in the small print.
    expect((await page.locator('main').textContent())!.indexOf('invalid_request')).toBeGreaterThan(
      (await page.locator('main').textContent())!.indexOf('Go back'),
    );
    await shoot(page, 'authorize-error-en');
  });

  it('explains an unregistered redirect URI, in French when ui_locales asks for it', async () => {
    const opened = await open(authorizeUrl({ redirect_uri: 'https://evil.example.net/cb', ui_locales: 'fr' }));
    expect(opened.status).toBe(400);
    await expectSoundPage(opened, 'fr', 'ltr');
    expect(await opened.page.locator('h1').textContent()).toBe('Nous n’avons pas pu démarrer votre connexion');
    expect(await opened.page.locator('main p').first().textContent()).toContain(
      'une adresse qu’elle n’a pas enregistrée',
    );
    expect(await opened.page.locator('.small-print').textContent()).toBe(
      'Code d’erreur: invalid_request (redirect_uri is not registered for this client)',
    );
    await shoot(opened.page, 'authorize-error-fr');
  });

  it('speaks Khmer to a browser in Khmer, and Arabic right to left for ui_locales=ar', async () => {
    const km = await open(authorizeUrl({ client_id: 'nobody' }), 'km-KH');
    await expectSoundPage(km, 'km', 'ltr');
    expect(await km.page.locator('h1').textContent()).toBe('យើងមិនអាចចាប់ផ្ដើមការចូលប្រើរបស់អ្នកបានទេ');
    await shoot(km.page, 'authorize-error-km');
    await context!.close();

    const ar = await open(authorizeUrl({ client_id: 'nobody', ui_locales: 'ar' }), 'en-GB');
    await expectSoundPage(ar, 'ar', 'rtl');
    expect(await ar.page.locator('h1').textContent()).toBe('تعذّر علينا بدء تسجيل دخولك');
    // The English technical details keep their own direction inside the Arabic page.
    expect(await ar.page.locator('.small-print > span').getAttribute('dir')).toBe('ltr');
    expect(await ar.page.locator('.small-print > span').textContent()).toBe(
      'invalid_request (client_id is not a registered, active client)',
    );
    await shoot(ar.page, 'authorize-error-ar');
  });

  it('shows a malformed request (a repeated parameter) on the page too', async () => {
    const opened = await open(`${authorizeUrl({})}&state=again`);
    expect(opened.status).toBe(400);
    await expectSoundPage(opened, 'en', 'ltr');
    expect(await opened.page.locator('main p').first().textContent()).toBe(
      'The sign-in request from the application was incomplete or not in the expected format.',
    );
    expect(await opened.page.locator('.small-print').textContent()).toBe(
      'Error code: invalid_request (the parameter state is malformed or repeated)',
    );
  });
});
