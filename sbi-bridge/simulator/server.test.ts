import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decryptBioValue,
  verifyHashChain,
  readIsoRecord,
  verifyJwsX5cJson,
  unwrapSessionKey,
  certificateThumbprint,
} from '@signet-kiosk/shared/sbi/crypto';
import {
  CaptureDataSchema,
  CaptureResponseSchema,
  type CaptureRequestInput,
  DeviceInfoPayloadSchema,
  DeviceInfoResponseSchema,
  DigitalIdSchema,
  decodeUnsignedDigitalId,
  deviceIdOf,
  DiscoveryResponseSchema,
  RegistrationCaptureDataSchema,
  RegistrationCaptureResponseSchema,
  SBI_TIMESTAMP_PATTERN,
  SBI_ALLOW_METHODS,
} from '@signet-kiosk/shared/sbi';
import { resemblance } from './resemblance.js';
import { startSimulator, type RunningSimulator } from './server.js';

// An ephemeral block of ports, away from 4501–4600 where a real device service may listen.
const PORT_MIN = 20_000 + Math.floor(Math.random() * 2_000) * 20;
const PORT_MAX = PORT_MIN + 19;
const DOMAIN = 'https://id.example.org';

let dataDir: string;
let sim: RunningSimulator;

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const res = await fetch(sim.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as unknown) : undefined };
}

function captureRequest(
  over: Partial<CaptureRequestInput> = {},
  bio: Record<string, unknown> = {},
): CaptureRequestInput {
  return {
    env: 'Developer',
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: 10000,
    captureTime: new Date().toISOString(),
    domainUri: DOMAIN,
    transactionId: 'lkjihgfedc',
    bio: [
      {
        type: 'Finger',
        count: 1,
        bioSubType: ['UNKNOWN'],
        requestedScore: 60,
        deviceId: '1',
        deviceSubId: 0,
        previousHash: '',
        ...bio,
      },
    ],
    customOpts: null,
    ...over,
  } as CaptureRequestInput;
}

const errorCodeOf = (json: unknown): string => {
  const r = CaptureResponseSchema.parse(json);
  return r.biometrics[0]!.error.errorCode;
};

/** Everything a validating ID system checks on a CAPTURE response; returns the decrypted records. */
async function verifyCapture(json: unknown, transactionId: string, previousHash = '') {
  const { biometrics } = CaptureResponseSchema.parse(json);
  const records = [];
  for (const b of biometrics) {
    expect(b.error.errorCode).toBe('0');
    const { data } = await verifyJwsX5cJson(b.data!, CaptureDataSchema, {
      trustAnchors: [sim.pki.deviceProviderCa.certificate],
    });
    const { data: digitalId } = await verifyJwsX5cJson(data.digitalId, DigitalIdSchema, {
      trustAnchors: [sim.pki.ftmCa.certificate],
    });
    expect(data.transactionId).toBe(transactionId);
    expect(data.domainUri).toBe(DOMAIN);
    expect(data.timestamp).toMatch(SBI_TIMESTAMP_PATTERN);
    expect(digitalId.dateTime).toMatch(SBI_TIMESTAMP_PATTERN);
    expect(b.thumbprint).toBe(certificateThumbprint(sim.pki.encryption.certificate));
    const key = unwrapSessionKey(sim.pki.encryption.privateKey, b.sessionKey!);
    const iso = decryptBioValue(data.bioValue, { key, timestamp: data.timestamp, transactionId: data.transactionId });
    records.push({ data, digitalId, iso, hash: b.hash! });
  }
  verifyHashChain(
    records.map((r) => ({ isoBytes: r.iso, hash: r.hash })),
    previousHash,
  );
  return records;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sbi-sim-'));
  sim = await startSimulator(
    { dataDir, portMin: PORT_MIN, portMax: PORT_MAX },
    { allowOrigin: (o) => o !== 'https://evil.example' },
  );
});
afterAll(async () => {
  await sim?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('binding', () => {
  it('listens on 127.0.0.1 on the first free port of its range; a second one takes the next', async () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.port).toBeGreaterThanOrEqual(PORT_MIN);
    const second = await startSimulator({ dataDir, portMin: sim.port, portMax: PORT_MAX });
    try {
      expect(second.port).toBeGreaterThan(sim.port);
      // Same data folder, same keys: the PKI is kept between runs.
      expect(second.pki.deviceProviderCa.certificate.fingerprint256).toBe(
        sim.pki.deviceProviderCa.certificate.fingerprint256,
      );
    } finally {
      await second.close();
    }
  });
  it('fails clearly when the range is full', async () => {
    await expect(startSimulator({ dataDir, portMin: sim.port, portMax: sim.port })).rejects.toThrow(/no free port/);
  });
});

describe('discovery', () => {
  it('MOSIPDISC lists every device with unsigned digitalIds', async () => {
    const { status, headers, json } = await call('MOSIPDISC', '/device', { type: 'Biometric Device' });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json');
    const entries = DiscoveryResponseSchema.parse(json);
    expect(entries.map((e) => [e.deviceId, e.digitalId.split('.').length])).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 1],
      ['4', 1],
    ]);
    expect(entries.every((e) => e.callbackId === `http://127.0.0.1:${sim.port}/` && e.error.errorCode === '0')).toBe(
      true,
    );
    expect(decodeUnsignedDigitalId(entries[1]!.digitalId)).toMatchObject({ type: 'Iris', deviceSubType: 'Double' });
    expect(entries[3]).toMatchObject({ purpose: 'Registration', deviceSubId: ['1', '2', '3'] });
  });
  it('filters by type, and an empty body means every device', async () => {
    expect(
      DiscoveryResponseSchema.parse((await call('MOSIPDISC', '/device', { type: 'Iris' })).json).map(deviceIdOf),
    ).toEqual(['2']);
    expect(DiscoveryResponseSchema.parse((await call('MOSIPDISC', '/device')).json)).toHaveLength(4);
  });
  it('SBIDISC and P3167 POST /device name devices by serialNo', async () => {
    for (const [method, path] of [
      ['SBIDISC', '/device'],
      ['POST', '/device'],
    ] as const) {
      const entries = DiscoveryResponseSchema.parse((await call(method, path, { type: 'Face' })).json);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ serialNo: 'SIM-FAC-0001' });
      expect(entries[0]).not.toHaveProperty('deviceId');
    }
  });
  it('answers a bad request with an error code', async () => {
    expect((await call('MOSIPDISC', '/device', { type: 'Palm' })).json).toEqual([
      { error: { errorCode: '500', errorInfo: expect.any(String) } },
    ]);
    expect((await call('MOSIPDISC', '/device', '{not json')).json).toEqual([
      { error: { errorCode: '500', errorInfo: expect.any(String) } },
    ]);
  });
});

describe('device info', () => {
  it.each([
    ['MOSIPDINFO', '/info'],
    ['SBIINFO', '/info'],
    ['SBIDINFO', '/info'],
    ['POST', '/info'],
  ])('%s %s returns verifiable JWS', async (method, path) => {
    const items = DeviceInfoResponseSchema.parse((await call(method, path)).json);
    expect(items).toHaveLength(4);
    for (const item of items) {
      expect(item.error.errorCode).toBe('0');
      const { data } = await verifyJwsX5cJson(item.deviceInfo, DeviceInfoPayloadSchema, {
        trustAnchors: [sim.pki.deviceProviderCa.certificate],
      });
      expect(data).toMatchObject({ env: 'Developer', firmware: '1.0.0', certification: 'L1' });
      expect(method === 'MOSIPDINFO' ? data.deviceId : data.serialNo).toBeTruthy();
      // The integrator drops devices whose digitalId is not a signed JWS.
      const { data: digitalId } = await verifyJwsX5cJson(data.digitalId, DigitalIdSchema, {
        trustAnchors: [sim.pki.ftmCa.certificate],
      });
      expect(digitalId.make).toBe('Signet');
      // The FTM key, not the device key, signs the digitalId of an L1 device.
      await expect(
        verifyJwsX5cJson(data.digitalId, DigitalIdSchema, { trustAnchors: [sim.pki.deviceProviderCa.certificate] }),
      ).rejects.toMatchObject({ code: 'ERR_SBI_CERT_UNTRUSTED' });
    }
  });
});

describe('CAPTURE', () => {
  it('captures a finger the way an ID system can verify and decrypt (integrator-style numbers)', async () => {
    const { json } = await call('CAPTURE', '/capture', captureRequest());
    const [r] = await verifyCapture(json, 'lkjihgfedc');
    expect(r!.data).toMatchObject({
      bioType: 'Finger',
      bioSubType: 'UNKNOWN',
      purpose: 'Auth',
      env: 'Developer',
      requestedScore: '60',
      qualityScore: '80.0',
    });
    const iso = readIsoRecord(r!.iso);
    expect(iso.type).toBe('Finger');
    // The default demo resident's finger, under capture noise.
    expect(resemblance(r!.iso, '2804195602')).toBeGreaterThan(0.5);
    expect(resemblance(r!.iso, '2804195601')).toBeLessThan(0.2);
  });

  it('accepts strict strings and continues a chain from previousHash', async () => {
    const first = await verifyCapture((await call('CAPTURE', '/capture', captureRequest())).json, 'lkjihgfedc');
    const strict = captureRequest(
      { timeout: '10000', transactionId: 'ABCDEF1234' },
      { count: '1', requestedScore: '60', deviceSubId: '0', previousHash: first[0]!.hash, bioSubType: ['Left Thumb'] },
    );
    const [r] = await verifyCapture((await call('CAPTURE', '/capture', strict)).json, 'ABCDEF1234', first[0]!.hash);
    expect(r!.data.bioSubType).toBe('Left Thumb');
  });

  it('captures both irises, chained, and a face', async () => {
    const iris = await verifyCapture(
      (
        await call(
          'CAPTURE',
          '/capture',
          captureRequest({}, { type: 'Iris', count: 2, deviceId: '2', deviceSubId: 3, bioSubType: ['UNKNOWN'] }),
        )
      ).json,
      'lkjihgfedc',
    );
    expect(iris.map((r) => r.data.bioSubType)).toEqual(['Left', 'Right']);
    expect(iris.map((r) => readIsoRecord(r.iso).subType)).toEqual(['Left', 'Right']);
    const face = await verifyCapture(
      (
        await call(
          'CAPTURE',
          '/capture',
          captureRequest({}, { type: 'Face', deviceId: '3', deviceSubId: 0, bioSubType: null }),
        )
      ).json,
      'lkjihgfedc',
    );
    expect(readIsoRecord(face[0]!.iso).type).toBe('Face');
  });

  it('P3167 POST /capture adds requestOrigin and the CORS origin', async () => {
    const { json, headers } = await call('POST', '/capture', captureRequest(), { Origin: DOMAIN });
    expect((json as { requestOrigin: string }).requestOrigin).toBe(DOMAIN);
    expect(headers.get('access-control-allow-origin')).toBe(DOMAIN);
    await verifyCapture(json, 'lkjihgfedc');
  });

  it('puts the presented resident on the sensor, or nothing (101)', async () => {
    sim.present('resident-42');
    try {
      const [r] = await verifyCapture((await call('CAPTURE', '/capture', captureRequest())).json, 'lkjihgfedc');
      expect(resemblance(r!.iso, 'resident-42')).toBeGreaterThan(0.5);
      expect(resemblance(r!.iso, '2804195602')).toBeLessThan(0.2);
      sim.present(null);
      expect(errorCodeOf((await call('CAPTURE', '/capture', captureRequest())).json)).toBe('101');
    } finally {
      sim.present('2804195602');
    }
  });

  it.each([
    ['an invalid transaction id', captureRequest({ transactionId: 'a_b' }), {}, '112'],
    ['an unknown device', captureRequest(), { deviceId: '99' }, '106'],
    ['another env', captureRequest({ env: 'Production' }), {}, '115'],
    ['an unknown env', captureRequest({ env: 'Prod' as 'Production' }), {}, '115'],
    ['a wrong purpose', captureRequest({ purpose: 'Registration' }), {}, '113'],
    ['the registration device', captureRequest(), { deviceId: '4', deviceSubId: 1 }, '113'],
    ['the wrong type', captureRequest(), { type: 'Iris' }, '117'],
    ['an unknown sub-id', captureRequest(), { deviceSubId: 5 }, '121'],
    ['too many fingers', captureRequest(), { count: 2 }, '109'],
    ['zero fingers', captureRequest(), { count: 0 }, '109'],
    ['an unknown finger', captureRequest(), { bioSubType: ['Left Toe'] }, '119'],
    ['a malformed previousHash', captureRequest(), { previousHash: 'abc' }, '122'],
    ['a negative timeout', captureRequest({ timeout: -1 }), {}, '116'],
    ['no domainUri', captureRequest({ domainUri: '' }), {}, '123'],
  ])('refuses %s', async (_name, req, bio, code) => {
    const body = { ...req, bio: [{ ...req.bio[0], ...bio }] };
    expect(errorCodeOf((await call('CAPTURE', '/capture', body)).json)).toBe(code);
  });

  it('answers garbage bodies with an error code, never a crash', async () => {
    for (const body of ['{', 'null', '[]', '"x"', '{"bio":"x"}', JSON.stringify({ bio: [{}] })]) {
      const { status, json } = await call('CAPTURE', '/capture', body);
      expect(status).toBe(200);
      expect(errorCodeOf(json)).not.toBe('0');
    }
    expect((await call('MOSIPDISC', '/device')).status).toBe(200);
  });

  it('reports device states: Not Registered (100), Not Ready (110), Busy (111)', async () => {
    try {
      sim.setStatus('1', 'Not Registered');
      const entries = DiscoveryResponseSchema.parse((await call('MOSIPDISC', '/device', { type: 'Finger' })).json);
      expect(entries[0]).toMatchObject({
        deviceStatus: 'Not Registered',
        deviceId: '',
        deviceCode: '',
        purpose: '',
        error: { errorCode: '100' },
      });
      const info = DeviceInfoResponseSchema.parse((await call('MOSIPDINFO', '/info')).json)[0]!;
      expect(info.deviceInfo.split('.')).toHaveLength(1);
      expect(
        DeviceInfoPayloadSchema.parse(JSON.parse(Buffer.from(info.deviceInfo, 'base64url').toString())),
      ).toMatchObject({ env: 'None' });
      expect(errorCodeOf((await call('CAPTURE', '/capture', captureRequest())).json)).toBe('100');
      sim.setStatus('1', 'Not Ready');
      expect(errorCodeOf((await call('CAPTURE', '/capture', captureRequest())).json)).toBe('110');
      sim.setStatus('1', 'Busy');
      expect(errorCodeOf((await call('CAPTURE', '/capture', captureRequest())).json)).toBe('111');
    } finally {
      sim.setStatus('1', 'Ready');
    }
  });
});

describe('RCAPTURE', () => {
  const regRequest = (over: Record<string, unknown> = {}, bio: Record<string, unknown> = {}) => ({
    env: 'Developer',
    purpose: 'Registration',
    specVersion: '0.9.5',
    timeout: '10000',
    captureTime: '2026-11-21T10:15:29.123',
    transactionId: '4d1c2a6e-77d0-4a9b',
    customOpts: null,
    bio: [
      {
        type: 'Finger',
        count: '4',
        bioSubType: [],
        exception: ['Left RingFinger'],
        requestedScore: '40',
        deviceId: '4',
        deviceSubId: '1',
        previousHash: null,
        ...bio,
      },
    ],
    ...over,
  });

  it.each([
    ['RCAPTURE', '/capture'],
    ['POST', '/rcapture'],
  ])('%s %s captures a slap without exceptions, plain ISO, signed', async (method, path) => {
    const { json } = await call(method, path, regRequest());
    const { biometrics } = RegistrationCaptureResponseSchema.parse(json);
    expect(biometrics).toHaveLength(3);
    const items = [];
    for (const b of biometrics) {
      expect(b).not.toHaveProperty('sessionKey');
      const { data } = await verifyJwsX5cJson(b.data!, RegistrationCaptureDataSchema, {
        trustAnchors: [sim.pki.deviceProviderCa.certificate],
      });
      items.push({ data, isoBytes: Buffer.from(data.bioValue, 'base64url'), hash: b.hash! });
    }
    expect(items.map((i) => i.data.bioSubType)).toEqual(['Left IndexFinger', 'Left MiddleFinger', 'Left LittleFinger']);
    expect(items.map((i) => readIsoRecord(i.isoBytes).position)).toEqual([7, 8, 10]);
    verifyHashChain(items, null);
  });

  it('refuses authentication devices and bad requests', async () => {
    expect(
      RegistrationCaptureResponseSchema.parse(
        (await call('RCAPTURE', '/capture', regRequest({}, { deviceId: '1', deviceSubId: '0', count: '1' }))).json,
      ).biometrics[0]!.error.errorCode,
    ).toBe('113');
    expect(
      RegistrationCaptureResponseSchema.parse((await call('RCAPTURE', '/capture', regRequest({}, { count: '5' }))).json)
        .biometrics[0]!.error.errorCode,
    ).toBe('109');
    expect(
      RegistrationCaptureResponseSchema.parse((await call('RCAPTURE', '/capture', 'garbage')).json).biometrics[0]!.error
        .errorCode,
    ).toBe('500');
  });
});

describe('STREAM', () => {
  it.each([
    ['STREAM', '/stream'],
    ['POST', '/stream'],
  ])('%s %s sends M-JPEG frames at 3+ per second', async (method, path) => {
    const ac = new AbortController();
    const started = Date.now();
    const res = await fetch(sim.url + path, {
      method,
      body: JSON.stringify({ deviceId: '4', deviceSubId: 1, timeout: 5000 }),
      signal: ac.signal,
    });
    expect(res.headers.get('content-type')).toBe('multipart/x-mixed-replace; boundary=--BoundaryString');
    const reader = res.body!.getReader();
    let seen = Buffer.alloc(0);
    const frames = () => seen.toString('latin1').split('----BoundaryString\r\n').length - 1;
    while (frames() < 4) {
      const { value, done } = await reader.read();
      if (done) break;
      seen = Buffer.concat([seen, value]);
    }
    const elapsed = Date.now() - started;
    ac.abort();
    expect(frames()).toBeGreaterThanOrEqual(4);
    // The first frame is sent at once, then one every 250 ms: 4 frames within about a second.
    expect(elapsed).toBeLessThan(1500);
    const first = seen.indexOf(Buffer.from('\r\n\r\n')) + 4;
    expect([...seen.subarray(first, first + 2)]).toEqual([0xff, 0xd8]);
  });
  it('refuses authentication devices, unknown devices and bad requests', async () => {
    expect((await call('STREAM', '/stream', { deviceId: '1', deviceSubId: 0 })).json).toMatchObject({
      error: { errorCode: '113' },
    });
    expect((await call('STREAM', '/stream', { deviceId: '9', deviceSubId: 0 })).json).toMatchObject({
      error: { errorCode: '202' },
    });
    expect((await call('STREAM', '/stream', { deviceId: '4', deviceSubId: 7 })).json).toMatchObject({
      error: { errorCode: '121' },
    });
    expect((await call('STREAM', '/stream', '{')).json).toMatchObject({ error: { errorCode: '500' } });
  });
  it('ends the stream at its timeout', async () => {
    const res = await fetch(sim.url + '/stream', {
      method: 'STREAM',
      body: JSON.stringify({ deviceId: '4', deviceSubId: 3, timeout: 600 }),
    });
    const body = Buffer.from(await res.arrayBuffer()).toString('latin1');
    expect(body.split('----BoundaryString\r\n').length - 1).toBeGreaterThanOrEqual(2);
  });
});

describe('HTTP and CORS', () => {
  it('answers the 0.9.5 preflight with every verb', async () => {
    const res = await fetch(`${sim.url}/capture`, {
      method: 'OPTIONS',
      headers: { Origin: DOMAIN, 'Access-Control-Request-Method': 'CAPTURE' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-methods')).toBe(SBI_ALLOW_METHODS);
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(res.headers.get('access-control-allow-private-network')).toBe('true');
    expect(res.headers.get('access-control-allow-origin')).toBe(DOMAIN);
  });
  it('answers the P3167 preflight with 204 and the exact origin, or refuses it (consent)', async () => {
    const ok = await fetch(`${sim.url}/capture`, {
      method: 'OPTIONS',
      headers: { Origin: DOMAIN, 'Access-Control-Request-Method': 'POST' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(DOMAIN);
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    const denied = await fetch(`${sim.url}/capture`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    expect((await call('POST', '/capture', captureRequest(), { Origin: 'https://evil.example' })).status).toBe(403);
  });
  it('answers unknown verbs and paths with an SBI error', async () => {
    expect((await call('GET', '/')).json).toEqual({ error: { errorCode: '501', errorInfo: expect.any(String) } });
    expect((await call('POST', '/nope', {})).json).toMatchObject({ error: { errorCode: '501' } });
    expect((await call('POST', '/match', {})).json).toMatchObject({ error: { errorCode: '501' } });
  });
  it('survives raw garbage on the socket', async () => {
    const reply = await new Promise<string>((resolve) => {
      const s = connect(sim.port, '127.0.0.1');
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
      s.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect((await call('MOSIPDISC', '/device')).status).toBe(200);
  });
});

describe('web pages: loopback and allowed origins only, each capturing for its own site', () => {
  const ALLOWED = 'https://login.example.org';
  const EVIL = 'https://evil.example';
  let pages: RunningSimulator;
  beforeAll(async () => {
    // The default gate (no allowOrigin option): loopback pages and config.allowedOrigins.
    pages = await startSimulator({ dataDir, portMin: PORT_MIN, portMax: PORT_MAX, allowedOrigins: [ALLOWED] });
  });
  afterAll(() => pages?.close());

  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(pages.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

  it('refuses another site’s page everything — preflight, discovery, info, capture, stream — with 403 and no CORS', async () => {
    for (const method of ['CAPTURE', 'MOSIPDISC', 'POST']) {
      const pre = await send('OPTIONS', '/capture', {
        Origin: EVIL,
        'Access-Control-Request-Method': method,
        'Access-Control-Request-Private-Network': 'true',
      });
      expect(pre.status).toBe(403);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(pre.headers.get('access-control-allow-private-network')).toBeNull();
    }
    for (const [method, path, body] of [
      ['MOSIPDISC', '/device', { type: 'Biometric Device' }],
      ['MOSIPDINFO', '/info', undefined],
      ['CAPTURE', '/capture', captureRequest({ domainUri: EVIL })],
      ['POST', '/capture', captureRequest({ domainUri: EVIL })],
      ['STREAM', '/stream', { deviceId: '4', deviceSubId: 1 }],
    ] as const) {
      const res = await send(method, path, { Origin: EVIL }, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(await res.text()).toBe('');
    }
    expect(
      (await send('OPTIONS', '/capture', { Origin: 'null', 'Access-Control-Request-Method': 'CAPTURE' })).status,
    ).toBe(403);
  });

  it('lets loopback pages and allowed origins in, echoing the exact origin', async () => {
    for (const origin of ['http://127.0.0.1:8088', 'http://localhost:5173', ALLOWED]) {
      const pre = await send('OPTIONS', '/capture', { Origin: origin, 'Access-Control-Request-Method': 'CAPTURE' });
      expect(pre.status).toBe(200);
      expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
      expect(pre.headers.get('access-control-allow-private-network')).toBe('true');
      const res = await send('CAPTURE', '/capture', { Origin: origin }, captureRequest({ domainUri: origin }));
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(errorCodeOf(await res.json())).toBe('0');
    }
  });

  it('refuses a page’s capture for another site than its own (123), in both dialects; native tools are not asked', async () => {
    const res = await send(
      'CAPTURE',
      '/capture',
      { Origin: ALLOWED },
      captureRequest({ domainUri: 'https://id.example.org' }),
    );
    const { biometrics } = CaptureResponseSchema.parse(await res.json());
    expect(biometrics[0]!.error).toEqual({
      errorCode: '123',
      errorInfo: expect.stringContaining('not the origin of the page'),
    });
    expect(
      errorCodeOf(
        await (
          await send(
            'POST',
            '/capture',
            { Origin: 'http://127.0.0.1:8088', 'Content-Type': 'application/json' },
            captureRequest(),
          )
        ).json(),
      ),
    ).toBe('123');
    expect(errorCodeOf(await (await send('CAPTURE', '/capture', {}, captureRequest())).json())).toBe('0');
  });
});

describe('timing', () => {
  let slow: RunningSimulator;
  beforeAll(async () => {
    slow = await startSimulator({ dataDir, portMin: PORT_MIN, portMax: PORT_MAX, delays: { capture: 300 } });
  });
  afterAll(() => slow?.close());

  const slowCall = async (body: unknown) => {
    const res = await fetch(`${slow.url}/capture`, { method: 'CAPTURE', body: JSON.stringify(body) });
    return errorCodeOf(await res.json());
  };

  it('times out (701) when the capture takes longer than the request allows', async () => {
    expect(await slowCall(captureRequest({ timeout: 100 }))).toBe('701');
  });
  it('refuses a second capture on a device while one runs (703)', async () => {
    const [a, b] = await Promise.all([
      slowCall(captureRequest()),
      new Promise((r) => setTimeout(r, 50)).then(() => slowCall(captureRequest())),
    ]);
    expect([a, b]).toEqual(['0', '703']);
  });
});
