// The admin API and every knob it turns, each checked for the real defect it makes with the shared
// verification functions (signatures, chains, hash chain, decryption, timestamps).
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  decryptBioValue,
  verifyHashChain,
  readIsoRecord,
  verifyJwsX5c,
  verifyJwsX5cJson,
  certificateSubject,
  subjectBindingMismatch,
  unwrapSessionKey,
} from '@signet-kiosk/shared/sbi/crypto';
import {
  CaptureDataSchema,
  CaptureResponseSchema,
  DigitalIdSchema,
  DiscoveryResponseSchema,
  RegistrationCaptureResponseSchema,
  parseSbiTimestamp,
  SBI_TIMESTAMP_PATTERN,
} from '@signet-kiosk/shared/sbi';
import { syntheticPixels } from '@signet-kiosk/shared/sbi/testing';
import { resemblance } from './resemblance.js';
import { startSimulator, type RunningSimulator } from './server.js';

const PORT_MIN = 22_000 + Math.floor(Math.random() * 2_000) * 10;
const PORT_MAX = PORT_MIN + 9;
const DOMAIN = 'https://id.example.org';
const TXN = 'aB3dE5fG7h';
/** The reference ID system's demo residents (server/src/plugins/mock-identity/residents.seed.json). */
const DEMO_IDS = ['2804195601', '2804195602', '2804195603', '2804195604', '2804195605', '2804195606'];

let dataDir: string;
let sim: RunningSimulator;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sbi-sim-admin-'));
  sim = await startSimulator({ dataDir, portMin: PORT_MIN, portMax: PORT_MAX });
});
afterAll(async () => {
  await sim?.close();
  await rm(dataDir, { recursive: true, force: true });
});
afterEach(async () => {
  await admin('POST', '/admin/reset', {});
});

async function admin(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(sim.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function captureRequest(over: Record<string, unknown> = {}, bio: Record<string, unknown> = {}) {
  return {
    env: 'Developer',
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: 10000,
    captureTime: new Date().toISOString(),
    domainUri: DOMAIN,
    transactionId: TXN,
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
  };
}

async function sbi(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const res = await fetch(sim.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

const doCapture = async (
  over: Record<string, unknown> = {},
  bio: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) => CaptureResponseSchema.parse(await sbi('CAPTURE', '/capture', captureRequest(over, bio), headers));

const errorCode = (r: { biometrics: { error: { errorCode: string } }[] }) => r.biometrics[0]!.error.errorCode;

/** The signed payload of a JWS, read without checking anything. */
const payloadOf = (jws: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Decrypts one biometric with the ID system's key, using what its own `data` says. */
function decrypt(b: { data?: string | null; sessionKey?: string | null }) {
  const data = payloadOf(b.data!) as { bioValue: string; timestamp: string; transactionId: string };
  const key = unwrapSessionKey(sim.pki.encryption.privateKey, b.sessionKey!);
  return decryptBioValue(data.bioValue, { key, timestamp: data.timestamp, transactionId: data.transactionId });
}

/** Everything a validating server checks; throws the first SbiVerifyError. */
async function verifyAll(r: {
  biometrics: { data?: string | null; hash?: string | null; sessionKey?: string | null }[];
}) {
  const items = [];
  for (const b of r.biometrics) {
    const { data } = await verifyJwsX5cJson(b.data!, CaptureDataSchema, {
      trustAnchors: [sim.pki.deviceProviderCa.certificate],
    });
    await verifyJwsX5cJson(data.digitalId, DigitalIdSchema, { trustAnchors: [sim.pki.ftmCa.certificate] });
    items.push({ data, isoBytes: decrypt(b), hash: b.hash! });
  }
  verifyHashChain(items, '');
  return items;
}

describe('access', () => {
  it('answers local tools (no Origin), refuses every web page, loopback ones too', async () => {
    expect((await admin('GET', '/admin/state')).status).toBe(200);
    const evil = await admin('POST', '/admin/profile', { individualId: 'x' }, { Origin: 'https://evil.example' });
    expect(evil).toMatchObject({ status: 403, json: { error: { code: 'ERR_SIM_ADMIN_FORBIDDEN' } } });
    expect((await admin('GET', '/admin/state', undefined, { Origin: 'null' })).status).toBe(403);
    // A page on any loopback port (another local app, a dev server) must not choose who presents either.
    for (const origin of ['http://127.0.0.1:9999', 'http://localhost:8080', 'http://[::1]:3000']) {
      const local = await fetch(`${sim.url}/admin/profile`, {
        method: 'POST',
        headers: { Origin: origin, 'content-type': 'application/json' },
        body: JSON.stringify({ individualId: '2804195605' }),
      });
      expect(local.status, origin).toBe(403);
      expect(local.headers.get('access-control-allow-origin')).toBeNull();
      expect((await admin('GET', '/admin/state', undefined, { Origin: origin })).status).toBe(403);
      const preflight = await fetch(`${sim.url}/admin/profile`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    }
    // DNS rebinding: a page of evil.example resolved to 127.0.0.1 is same-origin, but names its own host.
    const rebound = await new Promise<string>((resolve) => {
      const s = connect(sim.port, '127.0.0.1');
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
      s.end('GET /admin/state HTTP/1.1\r\nHost: evil.example:' + sim.port + '\r\n\r\n');
    });
    expect(rebound).toMatch(/^HTTP\/1\.1 403 /);
    expect((await admin('GET', '/admin/state')).json.presented).toBe('2804195602');
    const pre = await fetch(`${sim.url}/admin/profile`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });
  it('answers unknown paths, wrong methods and bad bodies with its own error codes', async () => {
    expect(await admin('GET', '/admin/nope')).toMatchObject({
      status: 404,
      json: { error: { code: 'ERR_SIM_ADMIN_NOT_FOUND' } },
    });
    expect(await admin('GET', '/admin/profile')).toMatchObject({
      status: 405,
      json: { error: { code: 'ERR_SIM_ADMIN_METHOD' } },
    });
    expect(await admin('POST', '/admin/profile', '{nope')).toMatchObject({
      status: 400,
      json: { error: { code: 'ERR_SIM_ADMIN_BAD_REQUEST' } },
    });
    expect(await admin('POST', '/admin/profile', { individualId: 42 })).toMatchObject({ status: 400 });
    expect(await admin('POST', '/admin/quality', { score: 101 })).toMatchObject({ status: 400 });
    expect(await admin('POST', '/admin/delays', { capture: -1 })).toMatchObject({ status: 400 });
    expect(await admin('POST', '/admin/faults', { fault: 'meltdown' })).toMatchObject({ status: 400 });
    expect(await admin('POST', '/admin/faults', { fault: 'clockSkew' })).toMatchObject({ status: 400 });
    expect(await admin('POST', '/admin/faults', { fault: 'busy', deviceId: '99' })).toMatchObject({
      status: 404,
      json: { error: { code: 'ERR_SIM_ADMIN_UNKNOWN_DEVICE' } },
    });
    expect(await admin('POST', '/admin/status', { deviceId: '99', status: 'Ready' })).toMatchObject({ status: 404 });
    expect(await admin('POST', '/admin/status', { deviceId: '1', status: 'Sleeping' })).toMatchObject({ status: 400 });
  });
  it('reports its state', async () => {
    const { json } = await admin('GET', '/admin/state');
    expect(json).toMatchObject({
      port: sim.port,
      env: 'Developer',
      presented: '2804195602',
      quality: { score: 80, rampMs: null },
      delays: { discover: 0, info: 0, capture: 0, rcapture: 0, stream: 0 },
      faults: [],
      activeStreams: 0,
    });
    expect((json.devices as unknown[]).length).toBe(4);
    expect(json.devices).toContainEqual(
      expect.objectContaining({ deviceId: '4', purpose: 'Registration', status: 'Ready', capturing: false }),
    );
  });
});

describe('who is presenting', () => {
  const isoOf = async (r: Awaited<ReturnType<typeof doCapture>>) => (await verifyAll(r))[0]!.isoBytes;
  /** Whose finger it is among the demo residents: the one it resembles (and no other). */
  const whose = async (r: Awaited<ReturnType<typeof doCapture>>) => {
    const iso = await isoOf(r);
    const scores = DEMO_IDS.map((id) => [id, resemblance(iso, id)] as const);
    const matched = scores.filter(([, s]) => s > 0.5).map(([id]) => id);
    expect(scores.filter(([, s]) => s > 0.2)).toHaveLength(1);
    return matched[0];
  };

  it('defaults to demo resident 2804195602, is switched by POST /admin/profile, null takes the finger away', async () => {
    expect(await whose(await doCapture())).toBe('2804195602');
    expect((await admin('POST', '/admin/profile', { individualId: '2804195601' })).json).toEqual({
      presented: '2804195601',
    });
    expect(await whose(await doCapture())).toBe('2804195601');
    await admin('POST', '/admin/profile', { individualId: null });
    expect(errorCode(await doCapture())).toBe('101');
  });
  it('per request: customOpts.individualId, else the X-Sim-Individual-Id header, without touching the profile', async () => {
    expect(await whose(await doCapture({ customOpts: { individualId: '2804195603' } }))).toBe('2804195603');
    expect(await whose(await doCapture({}, {}, { 'X-Sim-Individual-Id': '2804195604' }))).toBe('2804195604');
    expect(errorCode(await doCapture({ customOpts: { individualId: null } }))).toBe('101');
    expect((await admin('GET', '/admin/state')).json.presented).toBe('2804195602');
  });
  it('a web page cannot choose who presents, not even from a loopback origin: only the admin API and native tools can', async () => {
    const page = 'http://127.0.0.1:3000';
    const fromPage = (over: Record<string, unknown>, headers: Record<string, string> = {}) =>
      doCapture({ domainUri: page, ...over }, {}, { Origin: page, ...headers });
    expect(await whose(await fromPage({ customOpts: { individualId: '2804195603' } }))).toBe('2804195602');
    expect(await whose(await fromPage({}, { 'X-Sim-Individual-Id': '2804195604' }))).toBe('2804195602');
    expect(await whose(await fromPage({ customOpts: { individualId: null } }))).toBe('2804195602');
    await admin('POST', '/admin/profile', { individualId: '2804195605' });
    expect(await whose(await fromPage({}))).toBe('2804195605');
  });
  it('adds capture noise that grows as quality falls, never an exact copy of the template', async () => {
    const a = await isoOf(await doCapture({}, { bioSubType: ['Left Thumb'] }));
    const b = await isoOf(await doCapture({}, { bioSubType: ['Left Thumb'] }));
    expect(Buffer.from(readIsoRecord(a).image.data)).not.toEqual(Buffer.from(readIsoRecord(b).image.data));
    expect(Buffer.from(readIsoRecord(a).image.data)).not.toEqual(syntheticPixels('2804195602', 'Finger', 'Left Thumb'));
    const good = resemblance(a, '2804195602');
    await admin('POST', '/admin/quality', { score: 20 });
    const poor = resemblance(await isoOf(await doCapture({}, { bioSubType: ['Left Thumb'] })), '2804195602');
    expect(good).toBeGreaterThan(0.8);
    expect(poor).toBeLessThan(good);
  });
});

describe('quality', () => {
  it('is a fixed score', async () => {
    await admin('POST', '/admin/quality', { score: 55 });
    const [item] = await verifyAll(await doCapture());
    expect(item!.data.qualityScore).toBe('55.0');
    expect(readIsoRecord(item!.isoBytes).quality).toBe(55);
  });
  it('or reaches the requested score after rampMs; a shorter timeout returns the best reached', async () => {
    await admin('POST', '/admin/quality', { rampMs: 400 });
    let started = Date.now();
    const [full] = await verifyAll(await doCapture({}, { requestedScore: 70 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(full!.data.qualityScore).toBe('70.0');
    started = Date.now();
    const [half] = await verifyAll(await doCapture({ timeout: 200 }, { requestedScore: 70 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(half!.data.qualityScore).toBe('35.0');
  });
});

describe('delays and device status', () => {
  it('delays each verb by its own amount', async () => {
    expect((await admin('POST', '/admin/delays', { discover: 250, info: 150 })).json).toEqual({
      delays: { discover: 250, info: 150, capture: 0, rcapture: 0, stream: 0 },
    });
    let started = Date.now();
    await sbi('MOSIPDISC', '/device', { type: 'Finger' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    started = Date.now();
    await sbi('MOSIPDINFO', '/info');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await admin('POST', '/admin/delays', { capture: 250 });
    started = Date.now();
    await verifyAll(await doCapture());
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    // Longer than the request allows: the capture times out.
    expect(errorCode(await doCapture({ timeout: 100 }))).toBe('701');
    await admin('POST', '/admin/delays', { stream: 200 });
    started = Date.now();
    const ac = new AbortController();
    const res = await fetch(`${sim.url}/stream`, {
      method: 'STREAM',
      body: JSON.stringify({ deviceId: '4', deviceSubId: 1, timeout: 5000 }),
      signal: ac.signal,
    });
    await res.body!.getReader().read();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    ac.abort();
  });
  it('sets a device status, shown in discovery and answered on capture', async () => {
    await admin('POST', '/admin/status', { deviceId: '1', status: 'Not Ready' });
    const entries = DiscoveryResponseSchema.parse(await sbi('MOSIPDISC', '/device', { type: 'Finger' }));
    expect(entries[0]).toMatchObject({ deviceStatus: 'Not Ready', error: { errorCode: '110' } });
    expect(errorCode(await doCapture())).toBe('110');
    await admin('POST', '/admin/status', { deviceId: 'SIM-FNG-0001', status: 'Not Registered' });
    expect(errorCode(await doCapture())).toBe('100');
    await admin('POST', '/admin/reset', {});
    expect(errorCode(await doCapture())).toBe('0');
  });
});

describe('faults', () => {
  const fault = (spec: Record<string, unknown>) => admin('POST', '/admin/faults', spec);

  it('timeout: 701 after the request timeout, for the next capture only', async () => {
    await fault({ fault: 'timeout', count: 1 });
    const started = Date.now();
    expect(errorCode(await doCapture({ timeout: 300 }))).toBe('701');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(errorCode(await doCapture())).toBe('0');
  });
  it('busy and not registered: 111 and 100', async () => {
    await fault({ fault: 'busy', count: 1 });
    await fault({ fault: 'notRegistered', count: 1 });
    // Both apply to the same capture; not registered is reported first.
    expect(errorCode(await doCapture())).toBe('100');
    await fault({ fault: 'busy', count: 1 });
    expect(errorCode(await doCapture())).toBe('111');
    expect(errorCode(await doCapture())).toBe('0');
  });
  it('badSignature: the data signature bytes are corrupted (and nothing else)', async () => {
    await fault({ fault: 'badSignature', count: 1 });
    const r = await doCapture();
    await expect(
      verifyJwsX5c(r.biometrics[0]!.data!, { trustAnchors: [sim.pki.deviceProviderCa.certificate] }),
    ).rejects.toMatchObject({ code: 'ERR_SBI_JWS_SIGNATURE' });
    // The payload is intact: it decrypts, and its digitalId verifies.
    expect(payloadOf(r.biometrics[0]!.data!).transactionId).toBe(TXN);
    expect(readIsoRecord(decrypt(r.biometrics[0]!)).type).toBe('Finger');
    await verifyAll(await doCapture());
  });
  it('brokenHashChain: signatures and decryption fine, the chain does not match the records', async () => {
    await fault({ fault: 'brokenHashChain', count: 1 });
    await expect(
      verifyAll(await doCapture({}, { type: 'Iris', deviceId: '2', deviceSubId: 3, count: 2 })),
    ).rejects.toMatchObject({ code: 'ERR_SBI_HASH_MISMATCH' });
  });
  it('wrongTransactionId: data echoes another id (consistently encrypted with it)', async () => {
    await fault({ fault: 'wrongTransactionId', count: 1 });
    const [item] = await verifyAll(await doCapture());
    expect(item!.data.transactionId).not.toBe(TXN);
    expect(item!.data.transactionId).toMatch(/^[A-Za-z0-9-]{4,50}$/);
  });
  it('expiredCert: data is signed by an expired device certificate from the device-provider CA', async () => {
    await fault({ fault: 'expiredCert', count: 1 });
    const r = await doCapture();
    const anchors = [sim.pki.deviceProviderCa.certificate];
    await expect(verifyJwsX5c(r.biometrics[0]!.data!, { trustAnchors: anchors })).rejects.toMatchObject({
      code: 'ERR_SBI_CERT_EXPIRED',
    });
    // Within its validity it would be a good signature from a trusted device.
    const header = JSON.parse(Buffer.from(r.biometrics[0]!.data!.split('.')[0]!, 'base64url').toString()) as {
      x5c: string[];
    };
    const cert = new X509Certificate(Buffer.from(header.x5c[0]!, 'base64'));
    const during = new Date(new Date(cert.validFrom).getTime() + 60_000);
    await verifyJwsX5c(r.biometrics[0]!.data!, { trustAnchors: anchors, now: during });
    await verifyAll(await doCapture());
  });
  it('foreignDeviceKey, foreignProviderCert: data verifies under the device-provider CA, signed by a certificate naming another device or provider than the digitalId', async () => {
    const binding = async (r: Awaited<ReturnType<typeof doCapture>>) => {
      const [item] = await verifyAll(r);
      const { certificate } = await verifyJwsX5c(r.biometrics[0]!.data!, {
        trustAnchors: [sim.pki.deviceProviderCa.certificate],
      });
      const digitalId = DigitalIdSchema.parse(payloadOf(item!.data.digitalId));
      expect(digitalId.serialNo).toBe('SIM-FNG-0001');
      return subjectBindingMismatch(certificateSubject(certificate), digitalId);
    };
    expect(await binding(await doCapture())).toBeUndefined();
    await fault({ fault: 'foreignDeviceKey', count: 1 });
    expect(await binding(await doCapture())).toEqual({ field: 'serialNo', attribute: 'CN', found: ['SIM-SLP-0001'] });
    await fault({ fault: 'foreignProviderCert', count: 1 });
    expect(await binding(await doCapture())).toEqual({
      field: 'deviceProvider',
      attribute: 'O',
      found: ['Another Device Provider'],
    });
    // On the slap scanner itself, another device's key is the finger scanner's.
    await fault({ fault: 'foreignDeviceKey', count: 1 });
    const reg = RegistrationCaptureResponseSchema.parse(
      await sbi('RCAPTURE', '/capture', {
        env: 'Developer',
        purpose: 'Registration',
        specVersion: '0.9.5',
        timeout: '10000',
        transactionId: 'reg-0002',
        customOpts: null,
        bio: [
          {
            type: 'Finger',
            count: '4',
            bioSubType: [],
            exception: [],
            requestedScore: '60',
            deviceId: '4',
            deviceSubId: '1',
            previousHash: '',
          },
        ],
      }),
    );
    const { certificate } = await verifyJwsX5c(reg.biometrics[0]!.data!, {
      trustAnchors: [sim.pki.deviceProviderCa.certificate],
    });
    expect(certificateSubject(certificate).CN).toEqual(['SIM-FNG-0001']);
  });
  it('unregisteredSerial, wrongDeviceType, staleDigitalId: the FTM-signed digitalId names another serial number, another type, or 2020-01-01', async () => {
    const digitalIdOf = async (r: Awaited<ReturnType<typeof doCapture>>) => {
      const [item] = await verifyAll(r);
      return { digitalId: DigitalIdSchema.parse(payloadOf(item!.data.digitalId)), bioType: item!.data.bioType };
    };
    await fault({ fault: 'unregisteredSerial', count: 1 });
    expect((await digitalIdOf(await doCapture())).digitalId.serialNo).toBe('SIM-FNG-0001-UNREGISTERED');
    await fault({ fault: 'wrongDeviceType', count: 1 });
    expect(await digitalIdOf(await doCapture())).toMatchObject({
      digitalId: { type: 'Iris', serialNo: 'SIM-FNG-0001' },
      bioType: 'Iris',
    });
    await fault({ fault: 'staleDigitalId', count: 1 });
    const stale = await digitalIdOf(await doCapture());
    expect(stale.digitalId.dateTime).toBe('2020-01-01T00:00:00Z');
    const fresh = await digitalIdOf(await doCapture());
    expect(Math.abs(parseSbiTimestamp(fresh.digitalId.dateTime).getTime() - Date.now())).toBeLessThan(5_000);
  });
  it('untrustedCa: data is signed under a CA that is in none of the trusted PKI files', async () => {
    await fault({ fault: 'untrustedCa', count: 1 });
    const r = await doCapture();
    await expect(
      verifyJwsX5c(r.biometrics[0]!.data!, {
        trustAnchors: [sim.pki.deviceProviderCa.certificate, sim.pki.ftmCa.certificate],
      }),
    ).rejects.toMatchObject({ code: 'ERR_SBI_CERT_UNTRUSTED' });
    const header = JSON.parse(Buffer.from(r.biometrics[0]!.data!.split('.')[0]!, 'base64url').toString()) as {
      x5c: string[];
    };
    const rogue = new X509Certificate(Buffer.from(header.x5c[1]!, 'base64'));
    expect(rogue.ca).toBe(true);
    const trustedFiles = (await readdir(join(dataDir, 'pki'))).filter((f) => f.endsWith('.crt.pem'));
    for (const f of trustedFiles)
      expect(new X509Certificate(await readFile(join(dataDir, 'pki', f))).fingerprint256).not.toBe(
        rogue.fingerprint256,
      );
    // With the rogue CA as anchor it verifies: the signature is real, only the trust is missing.
    await verifyJwsX5c(r.biometrics[0]!.data!, { trustAnchors: [rogue] });
  });
  it('clockSkew: data.timestamp and digitalId.dateTime are off by the given seconds', async () => {
    await fault({ fault: 'clockSkew', seconds: 3600, count: 1 });
    const [item] = await verifyAll(await doCapture());
    const skew = (parseSbiTimestamp(item!.data.timestamp).getTime() - Date.now()) / 1000;
    expect(skew).toBeGreaterThan(3590);
    expect(skew).toBeLessThan(3610);
    const digitalId = payloadOf(item!.data.digitalId) as { dateTime: string };
    expect(
      Math.abs(parseSbiTimestamp(digitalId.dateTime).getTime() - parseSbiTimestamp(item!.data.timestamp).getTime()),
    ).toBeLessThan(2000);
  });
  it('millisecondsInTimestamps: timestamps carry milliseconds, which validators reject', async () => {
    await fault({ fault: 'millisecondsInTimestamps', count: 1 });
    const r = await doCapture();
    const b = r.biometrics[0]!;
    // Signed correctly, but the payload is not what the spec describes.
    await verifyJwsX5c(b.data!, { trustAnchors: [sim.pki.deviceProviderCa.certificate] });
    await expect(
      verifyJwsX5cJson(b.data!, CaptureDataSchema, { trustAnchors: [sim.pki.deviceProviderCa.certificate] }),
    ).rejects.toMatchObject({ code: 'ERR_SBI_PAYLOAD_INVALID' });
    const data = payloadOf(b.data!) as { timestamp: string; digitalId: string };
    expect(data.timestamp).toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(() => parseSbiTimestamp(data.timestamp)).toThrow(
      expect.objectContaining({ code: 'ERR_SBI_TIMESTAMP_FORMAT' }),
    );
    expect((payloadOf(data.digitalId) as { dateTime: string }).dateTime).not.toMatch(SBI_TIMESTAMP_PATTERN);
    // The device used its own timestamp consistently: the bioValue decrypts with it.
    expect(readIsoRecord(decrypt(b)).type).toBe('Finger');
  });
  it('apply to `count` captures, or until DELETE /admin/faults; optionally to one device', async () => {
    await fault({ fault: 'busy', count: 2 });
    expect((await admin('GET', '/admin/faults')).json).toEqual({ faults: [{ fault: 'busy', count: 2, remaining: 2 }] });
    expect(errorCode(await doCapture())).toBe('111');
    expect(errorCode(await doCapture())).toBe('111');
    expect(errorCode(await doCapture())).toBe('0');
    await fault({ fault: 'busy' });
    for (let i = 0; i < 3; i++) expect(errorCode(await doCapture())).toBe('111');
    expect((await admin('DELETE', '/admin/faults')).json).toEqual({ faults: [] });
    expect(errorCode(await doCapture())).toBe('0');
    await fault({ fault: 'busy', deviceId: '3' });
    expect(errorCode(await doCapture())).toBe('0');
    expect(errorCode(await doCapture({}, { type: 'Face', deviceId: '3', bioSubType: null }))).toBe('111');
  });
  it('apply to RCAPTURE too', async () => {
    await fault({ fault: 'badSignature', count: 1 });
    const reg = {
      env: 'Developer',
      purpose: 'Registration',
      specVersion: '0.9.5',
      timeout: '10000',
      transactionId: 'reg-0001',
      customOpts: null,
      bio: [
        {
          type: 'Finger',
          count: '2',
          bioSubType: [],
          requestedScore: '40',
          deviceId: '4',
          deviceSubId: '3',
          previousHash: '',
        },
      ],
    };
    const r = RegistrationCaptureResponseSchema.parse(await sbi('RCAPTURE', '/capture', reg));
    expect(r.biometrics).toHaveLength(2);
    for (const b of r.biometrics) {
      await expect(
        verifyJwsX5c(b.data!, { trustAnchors: [sim.pki.deviceProviderCa.certificate] }),
      ).rejects.toMatchObject({ code: 'ERR_SBI_JWS_SIGNATURE' });
    }
  });
  it('can be set from the start through config (SBI_SIM_FAULTS)', async () => {
    const other = await startSimulator({
      dataDir,
      portMin: PORT_MIN,
      portMax: PORT_MAX,
      faults: [{ fault: 'busy' }],
      deviceStatus: { '2': 'Not Ready' },
    });
    try {
      const res = CaptureResponseSchema.parse(
        await (
          await fetch(`${other.url}/capture`, { method: 'CAPTURE', body: JSON.stringify(captureRequest()) })
        ).json(),
      );
      expect(errorCode(res)).toBe('111');
      const entries = DiscoveryResponseSchema.parse(
        await (await fetch(`${other.url}/device`, { method: 'MOSIPDISC', body: '{"type":"Iris"}' })).json(),
      );
      expect(entries[0]!.deviceStatus).toBe('Not Ready');
    } finally {
      await other.close();
    }
  });
});
