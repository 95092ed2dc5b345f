// The MOSIP browser integrator (secure-biometric-interface-integrator 0.9.1, what eSignet's login UI
// uses) against our reference SBI simulator in headless Chromium: it discovers the devices over
// MOSIPDISC/MOSIPDINFO (CORS preflights included), keeps every L1 authentication device (it drops
// devices silently unless deviceInfo and digitalId are both JWS, L1 and purpose Auth), and
// completes a CAPTURE whose response verifies end to end.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptBioValue, verifyHashChain, verifyJwsX5cJson, unwrapSessionKey } from '@signet-kiosk/shared/sbi/crypto';
import {
  CaptureDataSchema,
  CaptureResponseSchema,
  DigitalIdSchema,
  esignetSbiTransactionId,
} from '@signet-kiosk/shared/sbi';
import { resemblance, startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { launchChromium } from './support/browser.js';

/**
 * The integrator only scans ports inside 4501–4600 (a portRange outside it falls back to the whole
 * range), so the simulator binds there: at the top of the range, away from the 4501 a real device
 * service takes first, and the integrator is told to scan exactly the port it got.
 */
const SIM_PORT_MIN = 4590;
const SIM_PORT_MAX = 4600;
/** eSignet derives the SBI transaction id from its own; the integrator passes it through as given. */
const TRANSACTION_ID = esignetSbiTransactionId('4f1c2a6e-77d0-4a9b-b5e3-9d1c0a7f2e11');
const PRESENTING = '2804195605';

let dataDir: string;
let sim: RunningSimulator;
let web: Server;
let pageUrl: string;
let browser: Browser;
let page: Page;
let pageProblems: string[];

/** The integrator page: its domainUri is its own origin, as eSignet's UI sends `window.origin` (the simulator refuses a page's capture for another site). */
function testPage(port: number, domainUri: string): string {
  const sbiEnv = {
    env: 'Developer',
    captureTimeout: 30,
    irisBioSubtypes: 'UNKNOWN',
    fingerBioSubtypes: 'UNKNOWN',
    faceCaptureCount: 1,
    faceCaptureScore: 70,
    fingerCaptureCount: 1,
    fingerCaptureScore: 70,
    irisCaptureCount: 1,
    irisCaptureScore: 70,
    portRange: `${port}-${port}`,
    discTimeout: 4,
    dinfoTimeout: 30,
    domainUri,
  };
  return `<!doctype html><html><head><meta charset="utf-8"><title>SBI integrator test</title></head><body>
<div id="sbi"></div>
<script src="/integrator.js"></script>
<script>
  window.sbiCaptures = [];
  window.sbiErrors = [];
  SecureBiometricInterface.init({
    container: document.getElementById('sbi'),
    sbiEnv: ${JSON.stringify(sbiEnv)},
    buttonLabel: 'scan_and_verify',
    transactionId: ${JSON.stringify(TRANSACTION_ID)},
    onCapture: (response) => window.sbiCaptures.push(response),
    onErrored: (error) => window.sbiErrors.push(error),
  });
</script></body></html>`;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sbi-integrator-'));
  sim = await startSimulator({ dataDir, portMin: SIM_PORT_MIN, portMax: SIM_PORT_MAX });
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('secure-biometric-interface-integrator/package.json'));
  const integratorJs = await readFile(join(pkgDir, 'dist/iife/index.js'));
  let html = '';
  web = createServer((req, res) => {
    if (req.url === '/integrator.js')
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(integratorJs);
    else if (req.url === '/') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const addr = web.address();
  pageUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  html = testPage(sim.port, new URL(pageUrl).origin);
  browser = await launchChromium();
  page = await browser.newPage();
  pageProblems = [];
  page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
});

afterAll(async () => {
  await browser?.close();
  web?.closeAllConnections();
  await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
  await sim?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('MOSIP secure-biometric-interface-integrator 0.9.1 in Chromium', () => {
  it('discovers the simulator and keeps every L1 authentication device', async () => {
    // Who presents is set through the admin API, as a tester would before the demo.
    const profile = await fetch(`${sim.url}/admin/profile`, {
      method: 'POST',
      body: JSON.stringify({ individualId: PRESENTING }),
    });
    expect(profile.status).toBe(200);
    await page.goto(pageUrl);
    // Discovery is done when the device drop-down is rendered with its options.
    await page.waitForSelector('[id^="deviceOption"]', { state: 'attached', timeout: 20_000 });
    const options = await page.$$eval('[id^="deviceOption"]', (els) =>
      els.map((e) => ({ id: e.id, text: e.textContent?.trim() ?? '' })),
    );
    // Finger, iris and face (Auth, L1) are all kept; the registration slap scanner is rightly left out.
    expect(options.map((o) => o.id)).toEqual(['deviceOption1', 'deviceOption2', 'deviceOption3']);
    expect(options.map((o) => o.text)).toEqual(['Signet-SIM-F1', 'Signet-SIM-I2', 'Signet-SIM-C1']);
    expect(await page.evaluate(() => (window as unknown as { sbiErrors: unknown[] }).sbiErrors)).toEqual([]);
  });

  it('completes a capture: three-part JWS data, the transactionId echoed, verifiable end to end', async () => {
    await page.click('.sbd-verify-button-div button');
    await page.waitForFunction(
      () => (window as unknown as { sbiCaptures: unknown[] }).sbiCaptures.length > 0,
      undefined,
      { timeout: 40_000 },
    );
    const [raw] = await page.evaluate(() => (window as unknown as { sbiCaptures: unknown[] }).sbiCaptures);
    expect(await page.evaluate(() => (window as unknown as { sbiErrors: unknown[] }).sbiErrors)).toEqual([]);

    const response = CaptureResponseSchema.parse(raw);
    expect(response.biometrics).toHaveLength(1);
    const b = response.biometrics[0]!;
    expect(b.error.errorCode).toBe('0');
    expect(b.data!.split('.')).toHaveLength(3);
    const { data } = await verifyJwsX5cJson(b.data!, CaptureDataSchema, {
      trustAnchors: [sim.pki.deviceProviderCa.certificate],
    });
    expect(data.transactionId).toBe(TRANSACTION_ID);
    expect(data).toMatchObject({
      bioType: 'Finger',
      purpose: 'Auth',
      env: 'Developer',
      domainUri: new URL(pageUrl).origin,
      requestedScore: '70',
    });
    const { data: digitalId } = await verifyJwsX5cJson(data.digitalId, DigitalIdSchema, {
      trustAnchors: [sim.pki.ftmCa.certificate],
    });
    expect(digitalId).toMatchObject({ serialNo: 'SIM-FNG-0001', type: 'Finger' });
    // The ID system can decrypt it, the hash chain holds, and it is the presenting resident's finger.
    const key = unwrapSessionKey(sim.pki.encryption.privateKey, b.sessionKey!);
    const iso = decryptBioValue(data.bioValue, { key, timestamp: data.timestamp, transactionId: data.transactionId });
    verifyHashChain([{ isoBytes: iso, hash: b.hash! }], '');
    expect(resemblance(iso, PRESENTING)).toBeGreaterThan(0.5);
    expect(resemblance(iso, '2804195602')).toBeLessThan(0.2);
    expect(pageProblems).toEqual([]);
  });

  it('drops the whole service when one device is Not Registered (its deviceInfo is unsigned, as the spec says)', async () => {
    // Worth knowing when demoing: the integrator decodes every deviceInfo of a port as a JWT and
    // gives up on the port at the first one that is not.
    const admin = (path: string, body: unknown) =>
      fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    try {
      expect((await admin('/admin/status', { deviceId: '4', status: 'Not Registered' })).status).toBe(200);
      await page.reload();
      await page.waitForFunction(
        () => (window as unknown as { sbiErrors: { errorCode: string }[] }).sbiErrors.length > 0,
        undefined,
        { timeout: 40_000 },
      );
      expect(await page.$$('[id^="deviceOption"]')).toHaveLength(0);
      expect(
        await page.evaluate(() =>
          (window as unknown as { sbiErrors: { errorCode: string }[] }).sbiErrors.map((e) => e.errorCode),
        ),
      ).toContain('device_not_found_msg');
    } finally {
      await admin('/admin/reset', {});
    }
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('[id^="deviceOption"]').length === 3, undefined, {
      timeout: 20_000,
    });
  });
});
