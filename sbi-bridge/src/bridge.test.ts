import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeBioChallenge } from '@signet-kiosk/shared/sbi';
import { readIsoRecord } from '@signet-kiosk/shared/sbi/crypto';
import type { RunningSimulator } from '../simulator/server.js';
import type { SbiBridge } from './bridge.js';
import type { SbiDevice } from './device.js';
import { SbiBridgeError } from './errors.js';
import {
  portBlock,
  simulatorAdmin,
  simulatorTrust,
  startTestSimulator,
  testBridge,
} from './testing/simulator-fixture.js';

const PORTS = portBlock(0);
const DOMAIN = 'https://id.signet.test';
let sim: RunningSimulator;
let bridge: SbiBridge;
let devices: SbiDevice[];

const byType = (type: string, purpose = 'Auth') => devices.find((d) => d.type === type && d.purpose === purpose)!;

/** The typed error a promise rejects with. */
async function rejection(p: Promise<unknown>): Promise<SbiBridgeError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SbiBridgeError);
  return err as SbiBridgeError;
}

beforeAll(async () => {
  sim = await startTestSimulator(PORTS);
  bridge = testBridge(sim, PORTS);
  devices = await bridge.discover();
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await simulatorAdmin(sim, 'POST', '/admin/reset');
});

describe('discover', () => {
  it('lists every device of the 0.9.5 dialect with its verified digitalId and a trusted verdict', () => {
    expect(
      devices.map((d) => [d.deviceId, d.serialNo, d.type, d.subType, d.purpose, d.certification, d.status]),
    ).toEqual([
      ['1', 'SIM-FNG-0001', 'Finger', 'Single', 'Auth', 'L1', 'Ready'],
      ['2', 'SIM-IRS-0001', 'Iris', 'Double', 'Auth', 'L1', 'Ready'],
      ['3', 'SIM-FAC-0001', 'Face', 'Full face', 'Auth', 'L1', 'Ready'],
      ['4', 'SIM-SLP-0001', 'Finger', 'Slap', 'Registration', 'L1', 'Ready'],
    ]);
    const finger = devices[0]!;
    expect(finger).toMatchObject({
      transport: 'http',
      port: sim.port,
      endpoint: sim.url,
      callbackId: `${sim.url}/`,
      dialect: 'mds',
      subIds: ['0'],
      firmware: '1.0.0',
      env: 'Developer',
      serviceVersion: '0.9.5',
      specVersions: ['0.9.5'],
      digitalIdVerified: true,
      key: `${sim.url}#SIM-FNG-0001`,
    });
    expect(finger.deviceCode).toMatch(/^[0-9a-f-]{36}$/);
    expect(finger.digitalId).toMatchObject({ serialNo: 'SIM-FNG-0001', make: 'Signet', type: 'Finger' });
    for (const d of devices) expect(d.verdict).toMatchObject({ trusted: true, issues: [] });
    expect(finger.verdict.deviceCertificate?.issuer).toContain('Device Provider CA');
    expect(finger.verdict.digitalIdCertificate?.issuer).toContain('FTM CA');
  });

  it('filters by type', async () => {
    expect((await bridge.discover({ type: 'Iris' })).map((d) => d.serialNo)).toEqual(['SIM-IRS-0001']);
  });

  it('speaks the SBI 1.0 aliases (SBIDISC/SBIINFO) and P3167 POST, naming devices by serialNo', async () => {
    for (const dialect of ['sbi', 'p3167'] as const) {
      const found = await testBridge(sim, PORTS, { dialects: [dialect] }).discover();
      expect(found.map((d) => [d.dialect, d.deviceId, d.verdict.trusted, d.digitalIdVerified])).toEqual(
        devices.map((d) => [dialect, d.serialNo, true, true]),
      );
    }
  });

  it('finds nothing, quickly, where nothing listens', async () => {
    const empty = portBlock(9);
    const t0 = performance.now();
    expect(await testBridge(sim, empty).discover()).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('re-reads one device with info()', async () => {
    await simulatorAdmin(sim, 'POST', '/admin/status', { deviceId: '2', status: 'Not Ready' });
    const iris = await bridge.info(byType('Iris'));
    expect(iris).toMatchObject({ key: byType('Iris').key, status: 'Not Ready', error: { errorCode: '110' } });
  });

  it('lists a Not Registered device flagged, never drops it, and captures on it fail typed', async () => {
    sim.setStatus('1', 'Not Registered');
    const found = await bridge.discover();
    const finger = found.find((d) => d.serialNo === 'SIM-FNG-0001')!;
    expect(finger).toMatchObject({
      status: 'Not Registered',
      deviceId: '',
      purpose: '',
      key: byType('Finger').key,
      error: { errorCode: '100' },
    });
    expect(finger.verdict.trusted).toBe(false);
    expect(finger.verdict.issues.map((i) => i.code)).toEqual(['NOT_REGISTERED']);
    expect((await rejection(bridge.capture(finger, { transactionId: 'abcd1234', domainUri: DOMAIN }))).code).toBe(
      'ERR_DEVICE_NOT_REGISTERED',
    );
    // Discovered while registered, refused by the device now: the device's own code 100.
    const e = await rejection(bridge.capture(byType('Finger'), { transactionId: 'abcd1234', domainUri: DOMAIN }));
    expect([e.code, e.sbi?.errorCode]).toEqual(['ERR_DEVICE_NOT_REGISTERED', '100']);
  });
});

describe('capture', () => {
  it('captures a finger, verified, with the strict request and the BIO challenge', async () => {
    const r = await bridge.capture(byType('Finger'), {
      transactionId: 'lkjihgfedc',
      domainUri: DOMAIN,
      requestedScore: 60,
    });
    expect(r.request).toMatchObject({
      env: 'Developer',
      purpose: 'Auth',
      specVersion: '0.9.5',
      timeout: '10000',
      domainUri: DOMAIN,
      transactionId: 'lkjihgfedc',
      customOpts: null,
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
    });
    expect(r.request.captureTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(r.verdict).toMatchObject({ trusted: true, issues: [] });
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({
      bioType: 'Finger',
      qualityScore: 80,
      requestedScore: 60,
      transactionId: 'lkjihgfedc',
    });
    expect(readIsoRecord(r.items[0]!.isoRecord!).type).toBe('Finger');
    expect(decodeBioChallenge(r.challenge!)).toEqual(r.biometrics.map(({ error: _e, ...b }) => b));
  });

  it('takes a device by its key from the last discovery, and refuses keys it never saw', async () => {
    const key = byType('Finger').key;
    await bridge.discover();
    expect(bridge.device(key)).toMatchObject({ serialNo: 'SIM-FNG-0001', status: 'Ready' });
    expect((await bridge.capture(key, { transactionId: 'bykey-1234', domainUri: DOMAIN })).device.key).toBe(key);
    expect(
      (await rejection(bridge.capture('http://127.0.0.1:1#FORGED', { transactionId: 'bykey-1234', domainUri: DOMAIN })))
        .code,
    ).toBe('ERR_BRIDGE_NO_DEVICE');
  });

  it('without the ID system key the chain is left to the ID system (a warning, still trusted)', async () => {
    const kiosk = testBridge(sim, PORTS, { trust: simulatorTrust(sim, { decryptionKey: undefined }) });
    const r = await kiosk.capture(byType('Finger'), { transactionId: 'lkjihgfedc', domainUri: DOMAIN });
    expect(r.verdict.trusted).toBe(true);
    expect(r.verdict.issues.map((i) => [i.code, i.severity])).toEqual([['HASH_CHAIN_UNCHECKED', 'warning']]);
    expect(r.items[0]!.isoRecord).toBeUndefined();
  });

  it('captures both irises (chained) and a face', async () => {
    const iris = await bridge.capture(byType('Iris'), {
      transactionId: 'iris-1234',
      domainUri: DOMAIN,
      deviceSubId: 3,
      count: 2,
    });
    expect(iris.items.map((i) => i.bioSubType)).toEqual(['Left', 'Right']);
    expect(iris.verdict.issues).toEqual([]);
    const face = await bridge.capture(byType('Face'), { transactionId: 'face-1234', domainUri: DOMAIN });
    expect(face.items.map((i) => i.bioType)).toEqual(['Face']);
    expect(face.verdict.trusted).toBe(true);
  });

  it('continues a chain from previousHash', async () => {
    const first = await bridge.capture(byType('Finger'), { transactionId: 'chain-1234', domainUri: DOMAIN });
    const second = await bridge.capture(byType('Finger'), {
      transactionId: 'chain-1234',
      domainUri: DOMAIN,
      previousHash: first.biometrics[0]!.hash!,
    });
    expect(second.request.bio[0]!.previousHash).toBe(first.biometrics[0]!.hash);
    expect(second.verdict.issues).toEqual([]);
  });

  it('captures in the P3167 and SBI dialects too (P3167 echoes requestOrigin)', async () => {
    for (const dialect of ['p3167', 'sbi'] as const) {
      const b = testBridge(sim, PORTS, { dialects: [dialect] });
      const finger = (await b.discover({ type: 'Finger' })).find((d) => d.purpose === 'Auth')!;
      const r = await b.capture(finger, { transactionId: 'lkjihgfedc', domainUri: DOMAIN });
      expect(r.request.bio[0]!.deviceId).toBe('SIM-FNG-0001');
      expect(r.verdict.issues).toEqual([]);
      expect(r.requestOrigin).toBe(dialect === 'p3167' ? DOMAIN : undefined);
    }
  });

  it('maps device refusals to typed errors: nothing on the sensor (101), busy (703), capture timeout (701)', async () => {
    sim.present(null);
    expect(
      (await rejection(bridge.capture(byType('Finger'), { transactionId: 'abcd1234', domainUri: DOMAIN }))).code,
    ).toBe('ERR_DEVICE_NO_BIOMETRIC');
    sim.present('2804195602');

    await simulatorAdmin(sim, 'POST', '/admin/delays', { capture: 400 });
    const first = bridge.capture(byType('Finger'), { transactionId: 'abcd1234', domainUri: DOMAIN });
    await new Promise((r) => setTimeout(r, 100));
    const busy = await rejection(bridge.capture(byType('Finger'), { transactionId: 'abcd1235', domainUri: DOMAIN }));
    expect([busy.code, busy.sbi?.errorCode, busy.kind]).toEqual(['ERR_DEVICE_BUSY', '703', 'device']);
    expect((await first).verdict.trusted).toBe(true);

    const slow = await rejection(
      bridge.capture(byType('Finger'), { transactionId: 'abcd1234', domainUri: DOMAIN, timeoutMs: 150 }),
    );
    expect([slow.code, slow.sbi?.errorCode]).toEqual(['ERR_DEVICE_CAPTURE_TIMEOUT', '701']);
  });

  it('is cancelled by an AbortSignal', async () => {
    await simulatorAdmin(sim, 'POST', '/admin/delays', { capture: 2000 });
    const t0 = performance.now();
    const e = await rejection(
      bridge.capture(byType('Finger'), {
        transactionId: 'abcd1234',
        domainUri: DOMAIN,
        signal: AbortSignal.timeout(100),
      }),
    );
    expect(e.code).toBe('ERR_BRIDGE_ABORTED');
    expect(performance.now() - t0).toBeLessThan(1_500);
    // Let the device finish before the next test.
    await new Promise((r) => setTimeout(r, 2_000));
  });

  it('refuses bad requests before sending them', async () => {
    const spaces = await rejection(
      bridge.capture(byType('Finger'), { transactionId: 'no spaces!', domainUri: DOMAIN }),
    );
    expect(spaces.code).toBe('ERR_BRIDGE_REQUEST_INVALID');
    // The catalogue's sentence, then each problem and where it is.
    expect(spaces.message).toMatch(/\.\n✖ .+\n {2}→ at transactionId$/);
    expect((await rejection(bridge.capture(byType('Finger'), { transactionId: 'abcd1234', domainUri: '' }))).code).toBe(
      'ERR_BRIDGE_REQUEST_INVALID',
    );
    expect(
      (
        await rejection(
          bridge.capture(byType('Finger', 'Registration'), { transactionId: 'abcd1234', domainUri: DOMAIN }),
        )
      ).code,
    ).toBe('ERR_BRIDGE_UNSUPPORTED');
    expect((await rejection(bridge.registrationCapture(byType('Finger'), { transactionId: 'abcd1234' }))).code).toBe(
      'ERR_BRIDGE_UNSUPPORTED',
    );
  });

  it("passes the device's request refusals on typed (wrong env: 115)", async () => {
    const e = await rejection(
      bridge.capture(byType('Finger'), { transactionId: 'abcd1234', domainUri: DOMAIN, env: 'Production' }),
    );
    expect([e.code, e.sbi?.errorCode]).toEqual(['ERR_DEVICE_REQUEST_REJECTED', '115']);
  });
});

describe('registrationCapture', () => {
  it('captures a left slap with an exception: plain ISO records, the hash chain checked in full', async () => {
    const r = await bridge.registrationCapture(byType('Finger', 'Registration'), {
      transactionId: 'reg-0001',
      deviceSubId: 1,
      count: 4,
      exception: ['Left LittleFinger'],
    });
    expect(r.request).toMatchObject({
      purpose: 'Registration',
      bio: [{ count: '4', deviceSubId: '1', exception: ['Left LittleFinger'] }],
    });
    expect(r.request).not.toHaveProperty('domainUri');
    expect(r.items.map((i) => i.bioSubType)).toEqual(['Left IndexFinger', 'Left MiddleFinger', 'Left RingFinger']);
    expect(r.items.map((i) => readIsoRecord(i.isoRecord!).type)).toEqual(['Finger', 'Finger', 'Finger']);
    expect(r.verdict).toMatchObject({ trusted: true, issues: [] });
  });
});

describe('stream', () => {
  it('yields JPEG frames from a registration device until the loop stops', async () => {
    const frames: Uint8Array[] = [];
    for await (const jpeg of bridge.stream(byType('Finger', 'Registration'), { deviceSubId: 1, timeoutMs: 5_000 })) {
      frames.push(jpeg);
      if (frames.length === 3) break;
    }
    expect(frames).toHaveLength(3);
    for (const f of frames) expect(Buffer.from(f.subarray(0, 2)).toString('hex')).toBe('ffd8');
  });

  it('ends on AbortSignal, and refusals are typed', async () => {
    const ac = new AbortController();
    let n = 0;
    const e = await rejection(
      (async () => {
        for await (const _ of bridge.stream(byType('Finger', 'Registration'), { deviceSubId: 2, signal: ac.signal }))
          if (++n === 1) ac.abort();
      })(),
    );
    expect(e.code).toBe('ERR_BRIDGE_ABORTED');
    const refused = await rejection(
      (async () => {
        for await (const _ of bridge.stream(byType('Finger'))) break;
      })(),
    );
    expect([refused.code, refused.sbi?.errorCode]).toEqual(['ERR_DEVICE_REQUEST_REJECTED', '113']);
  });
});
