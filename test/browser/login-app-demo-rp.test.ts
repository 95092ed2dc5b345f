// Sign-in through the demo relying party (demo/relying-party) in Chromium, as a newcomer does it:
// the relying party's button for a factor → /authorize → the login app in the browser's language
// (no ui_locales: the relying party sends none) → the factor's form → consent → the relying party's
// page with the verified ID token. A table of every factor the reference ID system verifies (PIN,
// one-time code, password, knowledge questions, biometrics through a trusted SBI device service)
// × English, Khmer and Arabic: lang/dir, translated headings (the consent screen's at each
// language's first sign-in: a relying party per language, as consent is asked once per client), the
// mirrored layout in Arabic, axe clean on the factor's form. One browser, a context per case.
// Screenshots in test/artifacts/login-app/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { freePort, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '@signet-kiosk/server/testing';
import { ACR } from '../../demo/relying-party/registration.js';
import { startDemoRelyingParty, type DemoRelyingParty } from '../../demo/relying-party/relying-party.js';
import { DEMO_RESIDENTS } from '../support/demo-residents.js';
import { launchChromium } from './support/browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/login-app/', import.meta.url));
const CATALOGUES = fileURLToPath(new URL('../../kiosk/renderer/src/i18n/catalogues/', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/**
 * Inside 4501–4600 (the app scans those), apart from the other files' device services
 * (biometric-login 4561–4570, login-app-bio 4571–4580, sbi-integrator 4590–4600).
 */
const SBI_PORTS = { portMin: 4581, portMax: 4585 };
const SBI_PORT = /^http:\/\/127\.0\.0\.1:(\d+)\//;
const ENCRYPTION_CERT_PATH = '/v1/mock-identity-system/sbi/encryption-certificate';

/** Dara Lim: PIN, password and knowledge answers in the seed; the simulator's default presenter. */
const DARA = { ...DEMO_RESIDENTS.pin, kbi: { fullName: 'Dara Lim', dob: '1985-09-30', birthPlace: 'Battambang' } };

const LANGS = [
  { lang: 'en', locale: 'en-GB', dir: 'ltr' },
  { lang: 'km', locale: 'km-KH', dir: 'ltr' },
  { lang: 'ar', locale: 'ar-EG', dir: 'rtl' },
] as const;
type Lang = (typeof LANGS)[number]['lang'];

/** Each factor: the relying party's button, the form's heading key, how to fill it in, what amr the ID token says. */
const FACTORS = [
  { method: 'pin', acr: ACR.pin, amr: 'pin', title: 'factor.PIN.title' },
  { method: 'otp', acr: ACR.otp, amr: 'otp', title: 'factor.OTP.title' },
  { method: 'pwd', acr: ACR.pwd, amr: 'pwd', title: 'factor.PWD.title' },
  { method: 'kbi', acr: ACR.kbi, amr: 'kba', title: 'factor.KBI.title' },
  { method: 'bio', acr: ACR.bio, amr: 'fpt', title: 'factor.BIO.title' },
] as const;
type Method = (typeof FACTORS)[number]['method'];

/** What a resident reads, from the app's own catalogues. */
const words = (lang: Lang) =>
  JSON.parse(readFileSync(path.join(CATALOGUES, `${lang}.json`), 'utf8')) as Record<string, string>;

let server: TestServer;
/** A demo relying party per language (client demo-rp-<lang>), each with its own key folder. */
const rps = new Map<Lang, DemoRelyingParty>();
const rpDataDirs: string[] = [];
let sim: RunningSimulator;
let browser: Browser;
let context: BrowserContext | undefined;
let page: Page;
/** Console errors and uncaught exceptions, except the device scan's refused ports. */
let pageProblems: string[];
/** Languages whose sign-in showed the consent screen: the first at each relying party must; later ones need not. */
const consentSeen = new Set<Lang>();

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startTestServer();
  const startRp = async (lang: Lang) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'demo-rp-browser-'));
    rpDataDirs.push(dataDir);
    const port = await freePort();
    const clientId = `demo-rp-${lang}`;
    rps.set(
      lang,
      await startDemoRelyingParty({ port, issuer: server.url, adminToken: TEST_ADMIN_TOKEN, dataDir, clientId }),
    );
  };
  [, sim, browser] = await Promise.all([
    Promise.all(LANGS.map(({ lang }) => startRp(lang))),
    // The reference simulator in the server's data folder: trusted in demo mode, encrypting for the ID system.
    startSimulator(
      {
        dataDir: path.join(server.config.dataDir, 'sbi-simulator'),
        ...SBI_PORTS,
        encryptionCertificate: `${server.url}${ENCRYPTION_CERT_PATH}`,
      },
      { onError: (e) => console.error('simulator', e) },
    ),
    launchChromium(),
  ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await Promise.all([...rps.values()].map((rp) => rp.close()));
  await server?.close();
  for (const dir of rpDataDirs) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** A fresh browser in `locale`: nothing leaves the machine, and the device scan reaches only this file's simulator. */
async function newPage(locale: string): Promise<void> {
  context = await browser.newContext({ viewport: { width: 480, height: 1000 }, locale });
  await context.route(
    (url) => {
      if (url.href.startsWith(server.url) || [...rps.values()].some((rp) => url.href.startsWith(rp.url))) return false;
      return SBI_PORT.exec(url.href)?.[1] !== String(sim.port);
    },
    (route) => route.abort('connectionrefused'),
  );
  page = await context.newPage();
  pageProblems = [];
  page.on('console', (m) => {
    const port = Number(SBI_PORT.exec(m.location().url)?.[1]);
    const scanMiss = /^Failed to load resource/.test(m.text()) && port >= 4501 && port <= 4600;
    if (m.type() === 'error' && !scanMiss) pageProblems.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => pageProblems.push(e.message));
}

/** axe-core on the page as it is: no violations of any impact (injected through DevTools: the CSP allows no inline script). */
async function expectAccessible(label: string): Promise<void> {
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

const heading = (name: string) => page.getByRole('heading', { level: 1, name });
const shoot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `demo-rp-${name}.png`), fullPage: true });

/** The latest code the demo outbox holds for Dara. */
async function latestOtp(): Promise<string> {
  const res = await fetch(`${server.url}/v1/esignet/dev/outbox?individualId=${DARA.individualId}`);
  const { response } = (await res.json()) as { response: { messages: { otp: string }[] } };
  return response.messages.at(-1)!.otp;
}

/** Fills in the factor's form and submits it. */
async function proveWith(method: Method, w: Record<string, string>): Promise<void> {
  const signIn = () => page.getByRole('button', { name: w['action.signIn'], exact: true }).click();
  switch (method) {
    case 'pin':
      await page.locator('#pin').fill(DARA.pin);
      return signIn();
    case 'otp': {
      const sent = (await latestOtp().catch(() => undefined)) ?? '';
      await page.getByRole('button', { name: w['factor.OTP.send'] }).click();
      await page.locator('#otp').waitFor();
      // The code this sign-in asked for, not one an earlier case left in the outbox.
      await expect.poll(latestOtp).not.toBe(sent);
      await page.locator('#otp').fill(await latestOtp());
      return page.locator('form button[type=submit]').click();
    }
    case 'pwd':
      await page.getByLabel(w['factor.PWD.label']!).fill(DARA.password);
      return signIn();
    case 'kbi':
      await page.getByLabel(w['kbi.fullName']!).fill(DARA.kbi.fullName);
      await page.getByLabel(w['kbi.dob']!).fill(DARA.kbi.dob);
      await page.getByLabel(w['kbi.birthPlace']!).fill(DARA.kbi.birthPlace);
      return signIn();
    case 'bio':
      // The trusted device is found and pre-selected; the simulator presents Dara's finger.
      await page.locator('[data-bio-phase]:not([data-bio-phase="searching"])').waitFor({ timeout: 15_000 });
      return page.getByRole('button', { name: w['factor.BIO.scan'] }).click();
  }
}

describe('sign-in through the demo relying party', { timeout: 90_000 }, () => {
  for (const { lang, locale, dir } of LANGS) {
    for (const { method, acr, amr, title } of FACTORS) {
      it(`${method} in ${lang} (browser in ${locale}): lang/dir, translated headings, back on the relying party's page`, async () => {
        const w = words(lang);
        const rp = rps.get(lang)!;
        await newPage(locale);
        await page.goto(`${rp.url}/`);
        await page.locator(`a[href="/login?method=${method}"]`).click();

        // The login app, in the browser's language (the relying party sent no ui_locales).
        await heading(w['start.title']!).waitFor();
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.locator('html').getAttribute('dir')).toBe(dir);
        // The layout mirrors: Cancel at the inline start (left in LTR, right in RTL).
        const cancel = await page.getByRole('button', { name: w['action.cancel'] }).boundingBox();
        const next = await page.getByRole('button', { name: w['action.continue'] }).boundingBox();
        if (dir === 'rtl') expect(cancel!.x).toBeGreaterThan(next!.x);
        else expect(cancel!.x).toBeLessThan(next!.x);

        await page.locator('#individual-id').fill(DARA.individualId);
        await page.getByRole('button', { name: w['action.continue'] }).click();
        // The relying party asked for one factor: its form comes straight after the ID — except
        // biometrics, which an operator's kiosk can also check, so the choice comes first.
        if (method === 'bio') {
          await heading(w['choose.title']!).waitFor();
          expect(await page.locator('button.method[data-factors="ASSISTED"]').isVisible()).toBe(true);
          await page.locator('button.method[data-factors="BIO"]').click();
        }
        await heading(w[title]!).waitFor();
        await expectAccessible(`${lang} ${method} form`);
        await shoot(`${lang}-${method}-form`);
        await proveWith(method, w);

        // Consent (the first time Dara signs in at this relying party), then back on its page.
        const consent = heading(w['consent.title']!);
        await expect
          .poll(async () => page.url().startsWith(`${rp.url}/callback`) || (await consent.isVisible()), {
            timeout: 30_000,
          })
          .toBe(true);
        if (page.url().startsWith(rp.url)) {
          // No consent screen: only when an earlier sign-in here got Dara's consent.
          expect(consentSeen.has(lang), 'the first sign-in at the relying party asks for consent').toBe(true);
        } else {
          consentSeen.add(lang);
          expect(await page.locator('html').getAttribute('dir')).toBe(dir);
          await shoot(`${lang}-${method}-consent`);
          await Promise.all([
            page.waitForURL(`${rp.url}/callback**`),
            page.getByRole('button', { name: w['consent.allow'] }).click(),
          ]);
        }
        const result = page.locator('main');
        await expect.poll(() => result.textContent()).toContain('Signed in as Dara Lim');
        const text = (await result.textContent()) ?? '';
        expect(text).toContain(acr);
        expect(text).toMatch(new RegExp(`amr\\s*${amr}\\b`));
        await shoot(`${lang}-${method}-signed-in`);
        expect(pageProblems).toEqual([]);
      });
    }
  }
});
