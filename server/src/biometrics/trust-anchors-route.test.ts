// GET /v1/signet/sbi/trust-anchors: public, cacheable, the CAs the server trusts for captures (the
// demo simulator's and uploaded ones, per env, with provider and binding) as certificates only, and
// the capture allow-lists — exactly what SbiTrustAnchorsSchema reads.
import { X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SBI_TRUST_ANCHORS_PATH, SbiTrustAnchorsSchema } from '@signet-kiosk/shared/sbi';
import { createTestCa, type TestKeyPair } from '@signet-kiosk/shared/sbi/crypto';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/start-test-server.js';
import { SIMULATOR_PKI_DIR } from './demo-simulator-cas.js';
import { TrustAnchorsCache } from './trust-anchors-route.js';

let server: TestServer;
let simulatorCa: TestKeyPair;
let uploadedFtm: TestKeyPair;

beforeAll(async () => {
  server = await startTestServer();
  [simulatorCa, uploadedFtm] = await Promise.all([
    createTestCa({ subject: 'CN=Anchor Test Simulator CA, O=Signet Simulated Devices' }),
    createTestCa({ subject: 'CN=Anchor Test FTM CA, O=Anchor Test Trust Modules' }),
  ]);
  const pki = path.join(server.config.dataDir, SIMULATOR_PKI_DIR);
  mkdirSync(pki, { recursive: true });
  writeFileSync(path.join(pki, 'device-provider-ca.crt.pem'), simulatorCa.certificate.toString());
  const upload = await fetch(`${server.url}/v1/signet/admin/trust-store`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'ftm', env: 'Staging', certificate: uploadedFtm.certificate.toString() }),
  });
  expect(upload.status).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

describe('GET /v1/signet/sbi/trust-anchors', () => {
  it('lists the trusted CAs per env with provider and binding, and the capture allow-lists, without a token', async () => {
    const res = await fetch(server.url + SBI_TRUST_ANCHORS_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = SbiTrustAnchorsSchema.parse(await res.json());
    expect(body.envs).toEqual(['Developer', 'Staging']);
    expect(body.domainUris).toEqual([server.config.issuer]);
    expect(body.anchors).toEqual([
      {
        kind: 'device-provider',
        env: 'Developer',
        certificate: simulatorCa.certificate.raw.toString('base64'),
        fingerprint256: simulatorCa.certificate.fingerprint256,
        deviceProvider: 'Signet Simulated Devices',
        deviceBinding: 'certificate-subject',
      },
      {
        kind: 'ftm',
        env: 'Staging',
        certificate: uploadedFtm.certificate.raw.toString('base64'),
        fingerprint256: uploadedFtm.certificate.fingerprint256,
        deviceProvider: null,
        deviceBinding: null,
      },
    ]);
    // Certificates only: each parses back to the CA it names, and nothing else is in the answer.
    for (const a of body.anchors)
      expect(new X509Certificate(Buffer.from(a.certificate, 'base64')).fingerprint256).toBe(a.fingerprint256);
    expect(JSON.stringify(body)).not.toMatch(/PRIVATE|"d":/);
  });

  it('builds its answer once per state of the trust store, and again as soon as an administrator adds or removes a CA', async () => {
    const cache = new TrustAnchorsCache(server.ctx);
    const first = await cache.current();
    expect(await cache.current()).toBe(first);
    const anchorsServed = async () =>
      SbiTrustAnchorsSchema.parse(await (await fetch(server.url + SBI_TRUST_ANCHORS_PATH)).json()).anchors.map(
        (a) => a.fingerprint256,
      );
    const before = await anchorsServed();

    const added = await createTestCa({ subject: 'CN=Anchor Test Added FTM CA, O=Anchor Test Trust Modules' });
    const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const upload = await fetch(`${server.url}/v1/signet/admin/trust-store`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ kind: 'ftm', env: 'Developer', certificate: added.certificate.toString() }),
    });
    expect(upload.status).toBe(200);
    const second = await cache.current();
    expect(second).not.toBe(first);
    expect(second.json).toContain(added.certificate.fingerprint256);
    expect(await cache.current()).toBe(second);
    const after = await anchorsServed();
    expect(after).toHaveLength(before.length + 1);
    expect(after).toEqual(expect.arrayContaining([...before, added.certificate.fingerprint256]));

    const removed = await fetch(
      `${server.url}/v1/signet/admin/trust-store/ftm/Developer/${encodeURIComponent(added.certificate.fingerprint256)}`,
      { method: 'DELETE', headers: { authorization: admin.authorization } },
    );
    expect(removed.status).toBe(200);
    const third = await cache.current();
    expect(third.json).not.toContain(added.certificate.fingerprint256);
    expect(third.json).toBe(first.json);
    expect(await anchorsServed()).toEqual(before);
  });
});

describe('GET /v1/signet/sbi/trust-anchors, rate-limited', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ limits: { requestsPerMinutePerIp: 3 } });
  });
  afterAll(async () => limited?.close());

  it('answers an address at most limits.requestsPerMinutePerIp times a minute, then 429 too_many_requests in the envelope', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(limited.url + SBI_TRUST_ANCHORS_PATH)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await fetch(limited.url + SBI_TRUST_ANCHORS_PATH);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-policy')).toBe('3;w=60');
    expect(await refused.json()).toMatchObject({
      response: null,
      errors: [{ errorCode: 'too_many_requests', errorMessage: expect.any(String) }],
    });
  });
});
