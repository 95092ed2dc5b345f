// The kiosk's SBI handlers against the real reference simulator, through the IPC router as the page
// reaches them: discovery, a verified capture, a tampered capture refused, cancellation, quality,
// a busy device, and device events from the background rescans.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  portBlock,
  simulatorAdmin,
  simulatorTrust,
  startTestSimulator,
  TEST_SITE,
} from '@signet-kiosk/sbi-bridge/testing';
import { SbiBridge } from '@signet-kiosk/sbi-bridge';
import { decodeBioChallenge } from '@signet-kiosk/shared/sbi';
import type { KioskReply, SbiDeviceEvent } from '@signet-kiosk/shared/kiosk';
import { IpcRouter } from '../ipc/ipc-router.js';
import { SenderPolicy, type IpcSender } from '../ipc/sender-policy.js';
import { kioskHandlers } from '../kiosk-handlers.js';
import { KioskSbi } from './kiosk-sbi.js';

const PORTS = portBlock(9);
const KIOSK_WINDOW = 7;
const PAGE: IpcSender = { webContentsId: KIOSK_WINDOW, frame: { url: `${TEST_SITE}/login?x=1`, isMainFrame: true } };

let sim: Awaited<ReturnType<typeof startTestSimulator>>;
let sbi: KioskSbi;
let router: IpcRouter;

const captureId = () => randomBytes(16).toString('base64url');
const fingerKey = () => `${sim.url}#SIM-FNG-0001`;
const captureRequest = (over: Record<string, unknown> = {}) => ({
  captureId: captureId(),
  deviceKey: fingerKey(),
  transactionId: 'kiosk-sbi-test-1',
  domainUri: TEST_SITE,
  count: 1,
  timeoutMs: 5000,
  ...over,
});

beforeAll(async () => {
  sim = await startTestSimulator(PORTS);
  const bridge = new SbiBridge({
    trust: simulatorTrust(sim),
    ports: PORTS,
    origin: TEST_SITE,
    discoveryTimeoutMs: 5000,
  });
  sbi = new KioskSbi({ bridge, requestedScore: { Finger: 70, Iris: 70, Face: 70 }, rescanIntervalMs: 200 });
  const identity = () => Promise.reject(new Error('not used here'));
  router = new IpcRouter(kioskHandlers({ sbi, identity }), new SenderPolicy(() => KIOSK_WINDOW, [TEST_SITE]));
}, 120_000);
afterAll(async () => {
  await sbi?.close();
  await sim?.close();
});
afterEach(async () => {
  await simulatorAdmin(sim, 'POST', '/admin/reset');
});

describe('sbi:discover', () => {
  it("lists the simulator's authentication devices, verified and trusted, finger first; no registration device", async () => {
    const reply = (await router.handle('sbi:discover', PAGE, {})) as KioskReply<'sbi:discover'>;
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.value.map((d) => [d.details.serialNo, d.modality, d.status, d.trusted])).toEqual([
      ['SIM-FNG-0001', 'Finger', 'Ready', true],
      ['SIM-FAC-0001', 'Face', 'Ready', true],
      ['SIM-IRS-0001', 'Iris', 'Ready', true],
    ]);
    expect(reply.value[0]).toMatchObject({
      key: fingerKey(),
      issues: [],
      details: { endpoint: sim.url, make: 'Signet' },
    });
    expect(reply.value[0]!.details.certificateSubject).toContain('SIM-FNG-0001');
    expect(sbi.lastEndpoints.get('SIM-FNG-0001')).toBe(sim.url);
  });

  it('flags devices whose CA the kiosk does not trust instead of hiding them', async () => {
    const stranger = new SbiBridge({
      trust: { ...simulatorTrust(sim), deviceProviderCas: [], ftmCas: [] },
      ports: PORTS,
      origin: TEST_SITE,
      discoveryTimeoutMs: 5000,
    });
    const views = await new KioskSbi({
      bridge: stranger,
      requestedScore: { Finger: 70, Iris: 70, Face: 70 },
      rescanIntervalMs: 1000,
    }).discover();
    expect(views.length).toBe(3);
    for (const v of views) {
      expect(v.trusted).toBe(false);
      expect(v.issues.length).toBeGreaterThan(0);
    }
  });

  it('answers no_device_service when nothing listens on the ports', async () => {
    // The simulator took the first free port of the block; the last one is free.
    expect(sim.port).not.toBe(PORTS.max);
    const lonely = new KioskSbi({
      bridge: new SbiBridge({ trust: simulatorTrust(sim), ports: { min: PORTS.max, max: PORTS.max } }),
      requestedScore: { Finger: 70, Iris: 70, Face: 70 },
      rescanIntervalMs: 1000,
    });
    await expect(lonely.discover()).rejects.toMatchObject({ code: 'no_device_service' });
  });
});

describe('sbi:capture', () => {
  beforeAll(async () => {
    await sbi.discover();
  });

  it("returns the device-signed capture as the BIO challenge, bound to the page's transaction and domain", async () => {
    const reply = (await router.handle('sbi:capture', PAGE, captureRequest())) as KioskReply<'sbi:capture'>;
    if (!reply.ok) throw new Error(reply.error.message);
    const [item] = decodeBioChallenge(reply.value.challenge) ?? [];
    expect(item).toMatchObject({ specVersion: '0.9.5' });
    const data = JSON.parse(Buffer.from(item!.data!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(data).toMatchObject({ transactionId: 'kiosk-sbi-test-1', domainUri: TEST_SITE, bioType: 'Finger' });
    // The quality the device signed, beside the score the kiosk asked for (for the operator console).
    expect(reply.value.quality).toEqual([
      { bioSubType: data.bioSubType, score: Number(data.qualityScore), requested: Number(data.requestedScore) },
    ]);
    expect(reply.value.quality![0]!.score).toBeGreaterThanOrEqual(reply.value.quality![0]!.requested);
  });

  it('refuses a capture whose signature does not verify: untrusted_capture, no challenge', async () => {
    await simulatorAdmin(sim, 'POST', '/admin/faults', { fault: 'badSignature', count: 1 });
    const reply = await router.handle('sbi:capture', PAGE, captureRequest());
    expect(reply).toMatchObject({ ok: false, error: { code: 'untrusted_capture' } });
    expect(JSON.stringify(reply)).not.toContain('challenge');
  });

  it('refuses a capture below the requested quality', async () => {
    await simulatorAdmin(sim, 'POST', '/admin/quality', { score: 40 });
    expect(await router.handle('sbi:capture', PAGE, captureRequest())).toMatchObject({
      ok: false,
      error: { code: 'capture_quality' },
    });
  });

  it('says when a busy device may be asked again', async () => {
    await simulatorAdmin(sim, 'POST', '/admin/status', { deviceId: '1', status: 'Busy' });
    expect(await router.handle('sbi:capture', PAGE, captureRequest())).toMatchObject({
      ok: false,
      error: { code: 'device_busy', retryAfterMs: 1000 },
    });
  });

  it('stops a running capture when the page cancels it', async () => {
    await simulatorAdmin(sim, 'POST', '/admin/delays', { capture: 3000 });
    const request = captureRequest();
    const started = Date.now();
    const capturing = router.handle('sbi:capture', PAGE, request);
    await new Promise((r) => setTimeout(r, 300));
    expect(await router.handle('sbi:cancel-capture', PAGE, { captureId: request.captureId })).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    expect(await capturing).toMatchObject({ ok: false, error: { code: 'capture_cancelled' } });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await router.handle('sbi:cancel-capture', PAGE, { captureId: request.captureId })).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });

  it('refuses a device key no discovery found', async () => {
    expect(
      await router.handle('sbi:capture', PAGE, captureRequest({ deviceKey: 'http://127.0.0.1:1#NOPE' })),
    ).toMatchObject({ ok: false, error: { code: 'device_error' } });
  });
});

describe('device events', () => {
  it('pushes a status change seen by the background rescan', async () => {
    const events: SbiDeviceEvent[] = [];
    sbi.watch((e) => events.push(e));
    await expect.poll(() => events.filter((e) => e.type === 'attached').length, { timeout: 10_000 }).toBe(3);
    await simulatorAdmin(sim, 'POST', '/admin/status', { deviceId: '2', status: 'Not Ready' });
    await expect
      .poll(() => events.find((e) => e.type === 'status-changed'), { timeout: 10_000 })
      .toMatchObject({ type: 'status-changed', device: { modality: 'Iris', status: 'Not Ready' } });
  });
});

describe('a device service that came back on another port', () => {
  it("captures on the same device there, under the page's old key", async () => {
    let block = portBlock(9);
    while (Math.abs(block.min - PORTS.min) < 20) block = portBlock(9);
    const first = await startTestSimulator(block);
    let second: Awaited<ReturnType<typeof startTestSimulator>> | undefined;
    try {
      const bridge = new SbiBridge({
        trust: simulatorTrust(first),
        ports: block,
        origin: TEST_SITE,
        discoveryTimeoutMs: 5000,
      });
      const moving = new KioskSbi({
        bridge,
        requestedScore: { Finger: 70, Iris: 70, Face: 70 },
        rescanIntervalMs: 1000,
      });
      const [finger] = await moving.discover();
      expect(finger!.key).toBe(`${first.url}#SIM-FNG-0001`);
      await first.close();
      // Its first port now refuses connections; the service answers one further on.
      second = await startTestSimulator({ min: block.min + 1, max: block.max });
      expect(second.port).not.toBe(first.port);
      const { challenge } = await moving.capture(captureRequest({ deviceKey: finger!.key }));
      expect(decodeBioChallenge(challenge)).toHaveLength(1);
      expect(moving.lastEndpoints.get('SIM-FNG-0001')).toBe(second.url);
    } finally {
      await second?.close();
      await first.close().catch(() => undefined);
    }
  });
});

describe('held captures (for link:submit)', () => {
  beforeAll(async () => {
    await sbi.discover();
    // The cancellation test's capture may still hold the device (its 3 s delay): wait as a page would.
    for (let tries = 0; ; tries++) {
      const reply = await router.handle('sbi:capture', PAGE, captureRequest({ transactionId: 'held-warm-up' }));
      if (reply.ok || reply.error.code !== 'device_busy' || tries > 20) break;
      await new Promise((resolve) => setTimeout(resolve, reply.error.retryAfterMs ?? 500));
    }
  }, 30_000);

  it('hands each verified capture out once, for its own transaction, all or none', async () => {
    const a = captureRequest({ transactionId: 'held-1' });
    const b = captureRequest({ transactionId: 'held-1' });
    const other = captureRequest({ transactionId: 'held-2' });
    const challengeOf = async (request: ReturnType<typeof captureRequest>) => {
      const reply = (await router.handle('sbi:capture', PAGE, request)) as KioskReply<'sbi:capture'>;
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value.challenge;
    };
    const [ca, cb] = [await challengeOf(a), await challengeOf(b)];
    await challengeOf(other);
    // One of them made for another transaction: nothing is taken.
    expect(() => sbi.takeCaptures([a.captureId, other.captureId], 'held-1')).toThrow(
      expect.objectContaining({ code: 'capture_unknown' }),
    );
    expect(() => sbi.takeCaptures([a.captureId, a.captureId], 'held-1')).toThrow(
      expect.objectContaining({ code: 'capture_unknown' }),
    );
    expect(sbi.takeCaptures([b.captureId, a.captureId], 'held-1').map((c) => c.challenge)).toEqual([cb, ca]);
    expect(() => sbi.takeCaptures([a.captureId], 'held-1')).toThrow(
      expect.objectContaining({ code: 'capture_unknown' }),
    );
    expect(sbi.takeCaptures([other.captureId], 'held-2')).toHaveLength(1);
  });

  it('forgets a capture older than the holding time, and holds none that failed', async () => {
    let now = Date.now();
    const bridge = new SbiBridge({
      trust: simulatorTrust(sim),
      ports: PORTS,
      origin: TEST_SITE,
      discoveryTimeoutMs: 5000,
    });
    const clocked = new KioskSbi({
      bridge,
      requestedScore: { Finger: 70, Iris: 70, Face: 70 },
      rescanIntervalMs: 60_000,
      heldCaptureMs: 1000,
      now: () => now,
    });
    await clocked.discover();
    const fresh = captureRequest({ transactionId: 'held-3' });
    const stale = captureRequest({ transactionId: 'held-3' });
    await clocked.capture(stale);
    now += 1001;
    await clocked.capture(fresh);
    expect(() => clocked.takeCaptures([stale.captureId], 'held-3')).toThrow(
      expect.objectContaining({ code: 'capture_unknown' }),
    );
    expect(clocked.takeCaptures([fresh.captureId], 'held-3')).toHaveLength(1);
    await simulatorAdmin(sim, 'POST', '/admin/quality', { score: 40 });
    const poor = captureRequest({ transactionId: 'held-3' });
    await expect(clocked.capture(poor)).rejects.toMatchObject({ code: 'capture_quality' });
    expect(() => clocked.takeCaptures([poor.captureId], 'held-3')).toThrow(
      expect.objectContaining({ code: 'capture_unknown' }),
    );
    await clocked.close();
  });
});
