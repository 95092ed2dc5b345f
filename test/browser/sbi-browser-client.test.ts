// The resident app's browser SBI client (kiosk/renderer/src/sbi/browser-transport.ts), bundled with
// esbuild as the renderer's bundler would, in Chromium on a page of the real server, against two
// real simulators: one whose CAs the server trusts (demo mode, its data folder inside the server's),
// one with its own PKI. Discovery judges both with the server's public trust anchors (trusted
// first), a trusted capture gives a challenge the server accepts for a demo resident, an untrusted
// one is refused in the browser, a cancelled capture leaves the device busy until it is free, and
// device refusals (timeout, low quality, busy) come out as the codes the screens act on.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { esignetSbiTransactionId } from '@signet-kiosk/shared/sbi';
import { startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { PORT_BLOCK_REGION, portBlock, simulatorAdmin, startTestSimulator } from '@signet-kiosk/sbi-bridge/testing';
import { startTestServer, type TestServer } from '@signet-kiosk/server/testing';
import { EsignetUiDriver } from '../support/esignet-ui-driver.js';
import { registerTestClient, type TestClient } from '../support/test-client.js';
import { launchChromium } from './support/browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** A block of its own, away from the other files' device services (the client scans only it). */
const FILE_INDEX = 5;
const PORTS = portBlock(FILE_INDEX);
/** The 20 ports next to it, inside this file's part of the region: nothing listens there. */
const EMPTY_PORTS =
  PORTS.min - 20 >= PORT_BLOCK_REGION.min + FILE_INDEX * 1_000
    ? { min: PORTS.min - 20, max: PORTS.min - 1 }
    : { min: PORTS.max + 1, max: PORTS.max + 20 };
/** Any document of the server's origin will do (a route fulfilled by the test would count as a public page). */
const PAGE_PATH = '/.well-known/openid-configuration';
const BIO_ACR = 'mosip:idp:acr:biometrics';
/** The simulators' default presenter (Dara Lim), a demo resident with enrolled fingers. */
const RESIDENT = '2804195602';
const ENCRYPTION_CERT_PATH = '/v1/mock-identity-system/sbi/encryption-certificate';

interface PageView {
  key: string;
  modality: string;
  status: string;
  trusted: boolean;
  issues: string[];
  details: { endpoint: string; serialNo: string; certificateSubject?: string };
}
type PageOutcome = { challenge: string } | { code: string; retryAfterMs?: number; message: string };

let server: TestServer;
let trustedSim: RunningSimulator;
let otherSim: RunningSimulator & { dataDir: string };
let client: TestClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let bundle: string;

beforeAll(async () => {
  server = await startTestServer();
  trustedSim = await startSimulator(
    {
      dataDir: path.join(server.config.dataDir, 'sbi-simulator'),
      portMin: PORTS.min,
      portMax: PORTS.max,
      encryptionCertificate: `${server.url}${ENCRYPTION_CERT_PATH}`,
    },
    { onError: (e) => console.error('simulator', e) },
  );
  otherSim = await startTestSimulator(PORTS);
  client = await registerTestClient(server, { authContextRefs: [BIO_ACR] });
  // The page's script: the renderer's SBI client as a bundler builds it for browsers.
  const built = await build({
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    conditions: ['source'],
    logLevel: 'silent',
    stdin: {
      resolveDir: ROOT,
      loader: 'ts',
      contents:
        "import { BrowserSbiClient } from './kiosk/renderer/src/sbi/browser-transport.ts'; (globalThis as any).BrowserSbiClient = BrowserSbiClient;",
    },
  });
  bundle = built.outputFiles[0]!.text;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await otherSim?.close();
  await trustedSim?.close();
  await server?.close();
});

beforeEach(async () => {
  await Promise.all([
    simulatorAdmin(trustedSim, 'POST', '/admin/reset', {}),
    simulatorAdmin(otherSim, 'POST', '/admin/reset', {}),
  ]);
  context = await browser.newContext();
  page = await context.newPage();
  // A document the server itself serves (from 127.0.0.1, so Chromium's local network access lets it
  // reach the device services, as the login app at /login would), with the bundled client run in it.
  await page.goto(`${server.url}${PAGE_PATH}`);
  await page.evaluate(bundle);
  await page.evaluate((ports) => {
    (globalThis as unknown as { sbi: unknown }).sbi = new (
      globalThis as unknown as { BrowserSbiClient: new (o: unknown) => unknown }
    ).BrowserSbiClient({ ports });
  }, PORTS);
});

afterEach(async () => {
  await context?.close();
});

/** discover() in the page. */
const discover = (): Promise<PageView[]> =>
  page.evaluate(() => (globalThis as unknown as { sbi: { discover(): Promise<PageView[]> } }).sbi.discover());

/** capture() in the page: its challenge, or its SbiClientError's code; `abortAfterMs` cancels it. */
function capture(
  request: { deviceKey: string; transactionId: string; domainUri: string; timeoutMs?: number },
  abortAfterMs?: number,
): Promise<PageOutcome> {
  return page.evaluate(
    async ({ request, abortAfterMs }) => {
      const sbi = (globalThis as unknown as { sbi: { capture(r: unknown): Promise<{ challenge: string }> } }).sbi;
      const controller = new AbortController();
      if (abortAfterMs !== undefined) setTimeout(() => controller.abort(), abortAfterMs);
      try {
        return await sbi.capture({ count: 1, timeoutMs: 10_000, ...request, signal: controller.signal });
      } catch (e) {
        const err = e as { name: string; code: string; retryAfterMs?: number; message: string };
        if (err.name !== 'SbiClientError') throw e;
        return {
          code: err.code,
          message: err.message,
          ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
        };
      }
    },
    { request, abortAfterMs },
  );
}

/** A BIO sign-in opened through /authorize and oauth-details, as the login app does. */
async function openSignIn(): Promise<EsignetUiDriver> {
  const url = new URL(`${server.url}/authorize`);
  for (const [k, v] of Object.entries({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    acr_values: BIO_ACR,
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    code_challenge: randomBytes(32).toString('base64url'),
    code_challenge_method: 'S256',
  }))
    url.searchParams.set(k, v);
  const driver = new EsignetUiDriver(server.url);
  const auth = await driver.authorize(url);
  expect((await driver.oauthDetailsFrom(auth.location!)).errors).toEqual([]);
  return driver;
}

const endpointOf = (sim: RunningSimulator) => `http://127.0.0.1:${sim.port}`;

describe('the browser SBI client', () => {
  it('lists the devices of both services, trusted ones first and best first, the others with why', async () => {
    const views = await discover();
    // Each simulator's three Auth devices (its registration slap scanner is no sign-in device).
    expect(views.map((v) => [v.details.endpoint, v.modality, v.trusted])).toEqual([
      [endpointOf(trustedSim), 'Finger', true],
      [endpointOf(trustedSim), 'Face', true],
      [endpointOf(trustedSim), 'Iris', true],
      [endpointOf(otherSim), 'Finger', false],
      [endpointOf(otherSim), 'Face', false],
      [endpointOf(otherSim), 'Iris', false],
    ]);
    for (const v of views.slice(0, 3)) expect(v.issues).toEqual([]);
    for (const v of views.slice(3)) expect(v.issues).toEqual(['DEVICE_CERT_UNTRUSTED', 'DIGITAL_ID_CERT_UNTRUSTED']);
    expect(views[0]).toMatchObject({
      status: 'Ready',
      details: { serialNo: 'SIM-FNG-0001', certificateSubject: expect.stringContaining('CN=SIM-FNG-0001') },
    });
  });

  it('says no_device_service when nothing answers on its ports', async () => {
    const empty = EMPTY_PORTS;
    const outcome = await page.evaluate(async (ports) => {
      const client = new (
        globalThis as unknown as { BrowserSbiClient: new (o: unknown) => { discover(): Promise<unknown> } }
      ).BrowserSbiClient({ ports });
      return client.discover().then(
        (devices) => ({ devices }),
        (e: { code: string }) => ({ code: e.code }),
      );
    }, empty);
    expect(outcome).toEqual({ code: 'no_device_service' });
  });

  it('captures on a trusted device a challenge the server accepts for the resident', async () => {
    const [finger] = await discover();
    const driver = await openSignIn();
    const outcome = await capture({
      deviceKey: finger!.key,
      transactionId: esignetSbiTransactionId(driver.transactionId!),
      domainUri: server.url,
    });
    expect(outcome).toEqual({ challenge: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
    const challenge = (outcome as { challenge: string }).challenge;
    const result = await driver.authenticate(RESIDENT, [{ authFactorType: 'BIO', challenge, format: 'encoded-json' }]);
    expect(result.errors).toEqual([]);
    expect(result.response).toEqual({ transactionId: driver.transactionId, consentAction: 'CAPTURE' });
  });

  it('refuses the capture of an untrusted device in the browser: untrusted_capture', async () => {
    const views = await discover();
    const untrustedFinger = views.find((v) => v.details.endpoint === endpointOf(otherSim) && v.modality === 'Finger')!;
    const driver = await openSignIn();
    const outcome = await capture({
      deviceKey: untrustedFinger.key,
      transactionId: esignetSbiTransactionId(driver.transactionId!),
      domainUri: server.url,
    });
    expect(outcome).toMatchObject({
      code: 'untrusted_capture',
      message: expect.stringContaining('DEVICE_CERT_UNTRUSTED'),
    });
  });

  it('cancels a capture, then the retry waits for the device and succeeds', async () => {
    const [finger] = await discover();
    const driver = await openSignIn();
    // A 4 s capture timeout: the device is free again by then at the latest.
    const request = {
      deviceKey: finger!.key,
      transactionId: esignetSbiTransactionId(driver.transactionId!),
      domainUri: server.url,
      timeoutMs: 4000,
    };
    // A slow finger, so that the cancel comes while the device is still capturing.
    await simulatorAdmin(trustedSim, 'POST', '/admin/delays', { capture: 1500 });
    expect(await capture(request, 300)).toMatchObject({ code: 'capture_cancelled' });

    const busy = await capture(request);
    expect(busy).toMatchObject({ code: 'device_busy', retryAfterMs: expect.any(Number) });
    const waits: number[] = [];
    let outcome: PageOutcome = busy;
    for (let attempt = 0; attempt < 6 && 'code' in outcome && outcome.code === 'device_busy'; attempt++) {
      waits.push(outcome.retryAfterMs!);
      await new Promise((r) => setTimeout(r, outcome && 'retryAfterMs' in outcome ? outcome.retryAfterMs : 0));
      outcome = await capture(request);
    }
    expect(waits.every((w) => w >= 500 && w <= 5000)).toBe(true);
    expect(outcome).toEqual({ challenge: expect.any(String) });
    const result = await driver.authenticate(RESIDENT, [
      { authFactorType: 'BIO', challenge: (outcome as { challenge: string }).challenge, format: 'encoded-json' },
    ]);
    expect(result.errors).toEqual([]);
  }, 60_000);

  it('tells the resident what to do about device refusals: a timeout, a low quality, a device busy elsewhere', async () => {
    const [finger] = await discover();
    const request = { deviceKey: finger!.key, transactionId: 'abcdEFGH12', domainUri: server.url };
    await simulatorAdmin(trustedSim, 'POST', '/admin/faults', { fault: 'timeout', count: 1 });
    expect(await capture({ ...request, timeoutMs: 1000 })).toMatchObject({ code: 'capture_timeout' });
    await simulatorAdmin(trustedSim, 'POST', '/admin/quality', { score: 40 });
    expect(await capture(request)).toMatchObject({ code: 'capture_quality' });
    await simulatorAdmin(trustedSim, 'POST', '/admin/faults', { fault: 'busy', count: 1 });
    expect(await capture(request)).toEqual({
      code: 'device_busy',
      retryAfterMs: 1000,
      message: expect.stringContaining('111'),
    });
  });
});
