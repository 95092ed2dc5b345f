// The ZFM module as an L0 SBI device, against the emulator on a socat pseudo-terminal pair: its
// wire answers, its software keys, the refusal of authentication, and the bridge driving it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashChain, readIsoRecord, verifyJwsX5c } from '@signet-kiosk/shared/sbi/crypto';
import {
  DeviceInfoPayloadSchema,
  DeviceInfoResponseSchema,
  DiscoveryResponseSchema,
  RegistrationCaptureDataSchema,
  RegistrationCaptureResponseSchema,
  sbiTimestamp,
} from '@signet-kiosk/shared/sbi';
import { SbiBridge } from '../../bridge.js';
import { bridgeCodeForSbi, SbiBridgeError } from '../../errors.js';
import { parsePemBundle } from '../../trust/anchors.js';
import { openSocatPtyPair, type PtyPair } from './socat-pty-pair.js';
import { syntheticZfmImage, ZfmEmulator } from './zfm-emulator.js';
import { ZFM_ERRORS, type ZfmErrorCode } from './zfm-errors.js';
import { ZFM_SBI_CODES, ZfmSbiEndpoint } from './zfm-endpoint.js';
import { ZfmEndpointSource } from './zfm-source.js';

let dataDir: string;
let pair: PtyPair;
let emulator: ZfmEmulator;
let endpoint: ZfmSbiEndpoint;
const call = { dialect: 'mds' as const, timeoutMs: 5_000 };

const rcaptureRequest = (over: Record<string, unknown> = {}, bio: Record<string, unknown> = {}) => ({
  env: 'Developer',
  purpose: 'Registration',
  specVersion: '0.9.5',
  timeout: '3000',
  captureTime: sbiTimestamp(),
  transactionId: 'REG-0001',
  bio: [
    {
      type: 'Finger',
      count: '1',
      bioSubType: ['Left Thumb'],
      requestedScore: '40',
      deviceId: '1',
      deviceSubId: '0',
      previousHash: '',
      exception: [],
      ...bio,
    },
  ],
  customOpts: null,
  ...over,
});

async function rejection(p: Promise<unknown>): Promise<SbiBridgeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SbiBridgeError);
  return e as SbiBridgeError;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'zfm-endpoint-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  pair = await openSocatPtyPair();
  emulator = await ZfmEmulator.start(pair.module);
  endpoint = await ZfmSbiEndpoint.create({ path: pair.host, dataDir, serialNo: 'ZFM-TEST-1', pollIntervalMs: 20 });
});
afterEach(async () => {
  await endpoint.close();
  await emulator.close();
  await pair.close();
});

describe('the endpoint on the wire', () => {
  it('announces one L0 finger device for registration', async () => {
    const [entry] = DiscoveryResponseSchema.parse(await endpoint.call('discover', { type: 'Finger' }, call));
    expect(entry).toMatchObject({
      deviceId: '1',
      deviceStatus: 'Ready',
      certification: 'L0',
      purpose: 'Registration',
      deviceSubId: ['0'],
      callbackId: `serial:${pair.host}`,
    });
    expect(await endpoint.call('discover', { type: 'Iris' }, call)).toEqual([]);
    const [sbi] = DiscoveryResponseSchema.parse(await endpoint.call('discover', {}, { ...call, dialect: 'p3167' }));
    expect(sbi?.serialNo).toBe('ZFM-TEST-1');
    expect(sbi?.deviceId).toBeUndefined();
  });

  it('signs device info with its software key, kept in the data folder', async () => {
    const [item] = DeviceInfoResponseSchema.parse(await endpoint.call('info', undefined, call));
    const anchors = parsePemBundle(await readFile(endpoint.softwareCaFile, 'utf8'));
    const verified = await verifyJwsX5c(item!.deviceInfo, { trustAnchors: anchors });
    const payload = DeviceInfoPayloadSchema.parse(JSON.parse(Buffer.from(verified.payload).toString('utf8')));
    expect(payload).toMatchObject({
      certification: 'L0',
      purpose: 'Registration',
      env: 'Developer',
      deviceStatus: 'Ready',
    });
    expect(payload.firmware).toMatch(/packet 128 B/);
    // The same keys come back from the data folder (the port is locked while one endpoint holds it).
    await endpoint.close();
    const again = await ZfmSbiEndpoint.create({ path: pair.host, dataDir, serialNo: 'ZFM-TEST-1' });
    expect(again.softwareCaFile).toBe(endpoint.softwareCaFile);
    const [item2] = DeviceInfoResponseSchema.parse(await again.call('info', undefined, call));
    await again.close();
    const cert = (await verifyJwsX5c(item2!.deviceInfo, { trustAnchors: anchors })).certificate;
    expect(cert.fingerprint256).toBe(verified.certificate.fingerprint256);
  });

  it('refuses every authentication capture: L0 is for registration and diagnostics only', async () => {
    const answer = (await endpoint.call('capture', { purpose: 'Auth' }, call)) as {
      biometrics: { error: { errorCode: string; errorInfo: string } }[];
    };
    expect(answer.biometrics[0]!.error.errorCode).toBe('113');
    expect(answer.biometrics[0]!.error.errorInfo).toMatch(/L0.*never for authentication/);
    const asAuth = RegistrationCaptureResponseSchema.parse(
      await endpoint.call('rcapture', rcaptureRequest({ purpose: 'Auth' }), call),
    );
    expect(asAuth.biometrics[0]!.error.errorCode).toBe('113');
    expect(emulator.received).not.toContain(0x01); // the sensor was never even asked
  });

  it("captures a signed registration record whose image is the sensor's, pixel for pixel", async () => {
    emulator.image = syntheticZfmImage(11);
    emulator.noFingerFor = 2;
    const answer = RegistrationCaptureResponseSchema.parse(await endpoint.call('rcapture', rcaptureRequest(), call));
    const [b] = answer.biometrics;
    expect(b!.error.errorCode).toBe('0');
    const anchors = parsePemBundle(await readFile(endpoint.softwareCaFile, 'utf8'));
    const data = RegistrationCaptureDataSchema.parse(
      JSON.parse(Buffer.from((await verifyJwsX5c(b!.data!, { trustAnchors: anchors })).payload).toString('utf8')),
    );
    expect(data).toMatchObject({
      bioType: 'Finger',
      bioSubType: 'Left Thumb',
      purpose: 'Registration',
      env: 'Developer',
      transactionId: 'REG-0001',
    });
    const iso = Buffer.from(data.bioValue, 'base64url');
    expect(b!.hash).toBe(hashChain([iso])[0]);
    const record = readIsoRecord(iso);
    expect(record.position).toBe(6);
    expect(Buffer.compare(Buffer.from(record.image.data), syntheticZfmImage(11))).toBe(0);
  });

  it('answers request mismatches with their SBI codes', async () => {
    const code = async (req: object) =>
      RegistrationCaptureResponseSchema.parse(await endpoint.call('rcapture', req, call)).biometrics[0]!.error
        .errorCode;
    expect(await code(rcaptureRequest({ env: 'Production' }))).toBe('115');
    expect(await code(rcaptureRequest({ transactionId: 'no' }))).toBe('112');
    expect(await code(rcaptureRequest({}, { count: '2' }))).toBe('109');
    expect(await code(rcaptureRequest({}, { deviceSubId: '1' }))).toBe('121');
    expect(await code(rcaptureRequest({}, { type: 'Iris' }))).toBe('117');
    expect(await code(rcaptureRequest({}, { bioSubType: ['Left Toe'] }))).toBe('119');
    expect(await code(rcaptureRequest({}, { deviceId: '9' }))).toBe('106');
    expect(await code({ nonsense: true })).toBe('500');
  });

  it('answers a capture with no finger as an SBI capture timeout (701)', async () => {
    emulator.noFingerFor = Infinity;
    const answer = RegistrationCaptureResponseSchema.parse(
      await endpoint.call('rcapture', rcaptureRequest({ timeout: '200' }), call),
    );
    expect(answer.biometrics[0]!.error).toMatchObject({ errorCode: '701' });
  });

  it('reports a wrong password as Not Ready (110)', async () => {
    emulator.password = 0x42;
    const [entry] = DiscoveryResponseSchema.parse(await endpoint.call('discover', {}, call));
    expect(entry).toMatchObject({ deviceStatus: 'Not Ready', error: { errorCode: '110' } });
  });

  it('fails with typed bridge errors when the module is silent, the call is cancelled or the port is gone', async () => {
    emulator.faults.silentFor = Infinity;
    expect((await rejection(endpoint.call('discover', {}, { ...call, timeoutMs: 300 }))).code).toBe(
      'ERR_BRIDGE_TIMEOUT',
    );
    const e = await rejection(endpoint.call('discover', {}, { ...call, signal: AbortSignal.timeout(100) }));
    expect(e.code).toBe('ERR_BRIDGE_ABORTED');
    expect(e.endpoint).toBe(`serial:${pair.host}`);
    const gone = await ZfmSbiEndpoint.create({ path: '/dev/pts/no-such-port', dataDir, serialNo: 'ZFM-TEST-1' });
    expect((await rejection(gone.call('discover', {}, call))).code).toBe('ERR_BRIDGE_NO_DEVICE');
    // serialport locks the port: a second program (here a second endpoint) cannot open it.
    const rival = await ZfmSbiEndpoint.create({ path: pair.host, dataDir, serialNo: 'ZFM-TEST-1' });
    const locked = await rejection(rival.call('discover', {}, call));
    expect(locked.code).toBe('ERR_DEVICE_BUSY');
    expect(locked.message).toMatch(/in use by another program/);
  });

  it('maps every device refusal to an SBI code the bridge reads back as the same error', () => {
    for (const [zfm, sbi] of Object.entries(ZFM_SBI_CODES))
      expect(bridgeCodeForSbi(sbi!), zfm).toBe(ZFM_ERRORS[zfm as ZfmErrorCode][1]);
  });
});

describe('the bridge driving a serial module', () => {
  it('discovers it as a trusted L0 registration device, captures, and never captures for authentication', async () => {
    const source = new ZfmEndpointSource({ dataDir, paths: [pair.host], listPorts: false, pollIntervalMs: 20 });
    const ca = parsePemBundle(await readFile(endpoint.softwareCaFile, 'utf8'));
    const bridge = new SbiBridge({
      trust: { deviceProviderCas: ca, ftmCas: [], env: 'Developer' },
      ports: { min: 1, max: 1 } /* nothing listens on tcpmux: HTTP scan finds nothing */,
      sources: [source],
    });
    try {
      const [device] = await bridge.discover();
      expect(device).toMatchObject({
        transport: 'serial',
        endpoint: `serial:${pair.host}`,
        certification: 'L0',
        purpose: 'Registration',
        type: 'Finger',
        status: 'Ready',
      });
      expect(device!.verdict.issues).toEqual([]);
      emulator.image = syntheticZfmImage(5);
      const result = await bridge.registrationCapture(device!, { transactionId: 'REG-0002', timeoutMs: 3_000 });
      expect(result.verdict.trusted).toBe(true);
      expect(result.biometrics).toHaveLength(1);
      expect(
        (await rejection(bridge.capture(device!, { transactionId: 'AUTH-0001', domainUri: 'https://id.example.org' })))
          .code,
      ).toBe('ERR_BRIDGE_UNSUPPORTED');
    } finally {
      await source.close();
    }
  });

  it('probes configured paths when ports cannot be listed, and says why when it finds nothing', async () => {
    const noUdev = async () => {
      throw Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' });
    };
    const empty = new ZfmEndpointSource({ dataDir, lister: noUdev });
    await expect(empty.list({ signal: new AbortController().signal })).rejects.toThrow(/udev/);
    await endpoint.close();
    const configured = new ZfmEndpointSource({ dataDir, lister: noUdev, paths: [pair.host, '/dev/pts/no-such-port'] });
    try {
      const found = await configured.list({ signal: new AbortController().signal });
      expect(found.map((e) => e.id)).toEqual([`serial:${pair.host}`]);
      expect(configured.lastScan.listing).toMatchObject({ available: false });
      expect(configured.lastScan.probes.map((p) => [p.path, p.ready])).toEqual([
        [pair.host, true],
        ['/dev/pts/no-such-port', false],
      ]);
    } finally {
      await configured.close();
    }
  });
});
