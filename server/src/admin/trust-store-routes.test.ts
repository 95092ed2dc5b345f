// The biometric trust-store admin API: upload (PEM, CA, not expired), list, remove, audited,
// behind the admin token; the demo simulator's CAs are listed but not removable.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, issueTestCertificate, type TestKeyPair } from '@signet-kiosk/shared/sbi/crypto';
import type {
  RegisteredDeviceDeleteResponse,
  RegisteredDeviceInfo,
  RegisteredDeviceListResponse,
  TrustedCaDeleteResponse,
  TrustedCaInfo,
  TrustedCaListResponse,
} from '../biometrics/trust-store-schema.js';
import { startAdminTestServer, type AdminTestServer } from './testing/start-admin-test-server.js';
import { TRUST_STORE_PATH } from './trust-store-routes.js';

let server: AdminTestServer;
let ca: TestKeyPair;
let nameless: TestKeyPair;
let leaf: TestKeyPair;
let expired: TestKeyPair;

beforeAll(async () => {
  server = await startAdminTestServer({ demo: true });
  ca = await createTestCa({ subject: 'CN=Admin Test Device Provider CA, O=Admin Test Devices' });
  nameless = await createTestCa({ subject: 'CN=Device Provider CA Without Organization' });
  leaf = await issueTestCertificate(ca, { subject: 'CN=Admin Test Device' });
  expired = await createTestCa({
    subject: 'CN=Expired CA',
    notBefore: new Date(Date.now() - 3e9),
    notAfter: new Date(Date.now() - 1e9),
  });
});
afterAll(async () => {
  await server?.close();
});

async function list(query = ''): Promise<TrustedCaInfo[]> {
  const res = await server.call('GET', TRUST_STORE_PATH + query);
  expect(res.status).toBe(200);
  return (res.json.response as TrustedCaListResponse).cas;
}

describe('trust-store admin API', () => {
  it('uploads a CA for a kind and env, lists it, and uses it as a trust anchor', async () => {
    const res = await server.call('POST', TRUST_STORE_PATH, {
      body: { kind: 'device-provider', env: 'Production', certificate: ca.certificate.toString() },
    });
    expect(res.status).toBe(200);
    expect(res.json.errors).toEqual([]);
    const info = res.json.response as TrustedCaInfo;
    expect(info).toMatchObject({
      kind: 'device-provider',
      env: 'Production',
      subject: 'CN=Admin Test Device Provider CA\nO=Admin Test Devices',
      fingerprint: ca.certificate.fingerprint256,
      source: 'registry',
      deviceBinding: 'certificate-subject',
      deviceProvider: 'Admin Test Devices',
    });
    expect(Date.parse(info.validTo)).toBeGreaterThan(Date.now());
    expect(await list('?kind=device-provider&env=Production')).toEqual([info]);
    expect(
      (await server.ctx.trustStore.anchors('device-provider', 'Production')).certificates.map((c) => c.fingerprint256),
    ).toEqual([ca.certificate.fingerprint256]);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'trust-store-add',
        outcome: 'success',
        fingerprint: info.fingerprint,
        deviceProvider: 'Admin Test Devices',
      }),
    );

    const again = await server.call('POST', TRUST_STORE_PATH, {
      body: { kind: 'device-provider', env: 'Production', certificate: ca.certificate.toString() },
    });
    expect(again.status).toBe(409);
    expect(again.json.errors[0]?.errorCode).toBe('duplicate_trusted_ca');
  });

  it.each([
    [
      'a leaf certificate',
      () => ({ kind: 'ftm', env: 'Production', certificate: leaf.certificate.toString() }),
      400,
      'invalid_certificate',
    ],
    [
      'an expired CA',
      () => ({ kind: 'ftm', env: 'Production', certificate: expired.certificate.toString() }),
      400,
      'invalid_certificate',
    ],
    ['not PEM', () => ({ kind: 'ftm', env: 'Production', certificate: 'MIIB…' }), 400, 'invalid_certificate'],
    [
      'an unknown kind',
      () => ({ kind: 'root', env: 'Production', certificate: ca.certificate.toString() }),
      400,
      'invalid_input',
    ],
    ['env None', () => ({ kind: 'ftm', env: 'None', certificate: ca.certificate.toString() }), 400, 'invalid_input'],
    [
      'an unknown field',
      () => ({ kind: 'ftm', env: 'Production', certificate: ca.certificate.toString(), trusted: true }),
      400,
      'invalid_input',
    ],
    [
      'a device binding for an FTM CA',
      () => ({
        kind: 'ftm',
        env: 'Production',
        certificate: ca.certificate.toString(),
        deviceBinding: 'registered-devices',
      }),
      400,
      'invalid_input',
    ],
    [
      'an unknown device binding',
      () => ({
        kind: 'device-provider',
        env: 'Staging',
        certificate: ca.certificate.toString(),
        deviceBinding: 'trust-me',
      }),
      400,
      'invalid_input',
    ],
    [
      'a device provider for an FTM CA',
      () => ({ kind: 'ftm', env: 'Production', certificate: ca.certificate.toString(), deviceProvider: 'Acme' }),
      400,
      'invalid_input',
    ],
    [
      'a device provider with a newline',
      () => ({
        kind: 'device-provider',
        env: 'Staging',
        certificate: ca.certificate.toString(),
        deviceProvider: 'Acme\nBiometrics',
      }),
      400,
      'invalid_input',
    ],
    [
      'a padded device provider',
      () => ({
        kind: 'device-provider',
        env: 'Staging',
        certificate: ca.certificate.toString(),
        deviceProvider: 'Acme ',
      }),
      400,
      'invalid_input',
    ],
    [
      'a device-provider CA naming no organization, without deviceProvider',
      () => ({ kind: 'device-provider', env: 'Staging', certificate: nameless.certificate.toString() }),
      400,
      'invalid_input',
    ],
  ])('refuses %s', async (_name, body, status, code) => {
    const res = await server.call('POST', TRUST_STORE_PATH, { body: body() });
    expect(res.status).toBe(status);
    expect(res.json.errors[0]?.errorCode).toBe(code);
    expect(res.json.response).toBeNull();
  });

  it('removes an uploaded CA by kind, env and fingerprint (hex with or without colons)', async () => {
    await server.call('POST', TRUST_STORE_PATH, {
      body: { kind: 'ftm', env: 'Staging', certificate: ca.certificate.toString() },
    });
    const plain = ca.certificate.fingerprint256.replace(/:/g, '').toLowerCase();
    const res = await server.call('DELETE', `${TRUST_STORE_PATH}/ftm/Staging/${plain}`);
    expect(res.status).toBe(200);
    expect(res.json.response as TrustedCaDeleteResponse).toEqual({
      kind: 'ftm',
      env: 'Staging',
      fingerprint: ca.certificate.fingerprint256,
      deleted: true,
    });
    expect(await list('?kind=ftm&env=Staging')).toEqual([]);
    const gone = await server.call('DELETE', `${TRUST_STORE_PATH}/ftm/Staging/${plain}`);
    expect(gone.status).toBe(404);
    expect(gone.json.errors[0]?.errorCode).toBe('not_found');
    expect((await server.call('DELETE', `${TRUST_STORE_PATH}/ftm/Staging/xyz`)).status).toBe(404);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'trust-store-remove', outcome: 'success' }),
    );
  });

  it('in demo mode lists the simulator CAs from the data folder as demo-simulator, not removable', async () => {
    const pki = path.join(server.config.dataDir, 'sbi-simulator', 'pki');
    mkdirSync(pki, { recursive: true });
    writeFileSync(path.join(pki, 'device-provider-ca.crt.pem'), ca.certificate.toString());
    await new Promise((r) => setTimeout(r, 1100));
    const demo = (await list()).filter((c) => c.source === 'demo-simulator');
    expect(demo).toEqual([
      expect.objectContaining({
        kind: 'device-provider',
        env: 'Developer',
        fingerprint: ca.certificate.fingerprint256,
        addedAt: null,
        deviceBinding: 'certificate-subject',
        deviceProvider: 'Signet Simulated Devices',
      }),
    ]);
    const res = await server.call(
      'DELETE',
      `${TRUST_STORE_PATH}/device-provider/Developer/${ca.certificate.fingerprint256}`,
    );
    expect(res.status).toBe(404);
  });

  it('trusts a device-provider CA that binds by registered devices, and an FTM CA without binding or provider', async () => {
    const res = await server.call('POST', TRUST_STORE_PATH, {
      body: {
        kind: 'device-provider',
        env: 'Pre-Production',
        certificate: ca.certificate.toString(),
        deviceBinding: 'registered-devices',
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({
      kind: 'device-provider',
      env: 'Pre-Production',
      deviceBinding: 'registered-devices',
      deviceProvider: 'Admin Test Devices',
    });
    const anchors = await server.ctx.trustStore.anchors('device-provider', 'Pre-Production');
    expect(anchors.deviceCas.get(ca.certificate.fingerprint256)).toEqual({
      binding: 'registered-devices',
      provider: 'Admin Test Devices',
    });
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'trust-store-add', deviceBinding: 'registered-devices' }),
    );
    const ftm = await server.call('POST', TRUST_STORE_PATH, {
      body: { kind: 'ftm', env: 'Pre-Production', certificate: ca.certificate.toString() },
    });
    expect(ftm.json.response).toMatchObject({ kind: 'ftm', deviceBinding: null, deviceProvider: null });
  });

  it('ties a device-provider CA to the provider given at upload, which its subject need not name', async () => {
    const res = await server.call('POST', TRUST_STORE_PATH, {
      body: {
        kind: 'device-provider',
        env: 'Staging',
        certificate: nameless.certificate.toString(),
        deviceProvider: 'Acme Biometrics',
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({
      kind: 'device-provider',
      env: 'Staging',
      deviceProvider: 'Acme Biometrics',
    });
    const byName = await server.call('POST', TRUST_STORE_PATH, {
      body: {
        kind: 'device-provider',
        env: 'Staging',
        certificate: ca.certificate.toString(),
        deviceProvider: 'Acme Biometrics EU',
      },
    });
    expect(byName.json.response).toMatchObject({ deviceProvider: 'Acme Biometrics EU' });
    const anchors = await server.ctx.trustStore.anchors('device-provider', 'Staging');
    expect([...anchors.deviceCas.values()].map((c) => c.provider)).toEqual(['Acme Biometrics', 'Acme Biometrics EU']);
  });

  it('registers devices (certificate or key digest), lists them, refuses duplicates and bad input, removes them', async () => {
    const provider = 'Acme Biometrics / EU';
    const device = {
      deviceProvider: provider,
      serialNo: 'ACME-0001',
      type: 'Finger',
      certificateSha256: leaf.certificate.fingerprint256.replace(/:/g, '').toLowerCase(),
    };
    const added = await server.call('POST', `${TRUST_STORE_PATH}/devices`, { body: device });
    expect(added.status).toBe(200);
    expect(added.json.response as RegisteredDeviceInfo).toEqual({
      deviceProvider: provider,
      serialNo: 'ACME-0001',
      type: 'Finger',
      certificateSha256: leaf.certificate.fingerprint256,
      spkiSha256: null,
      addedAt: expect.any(String),
    });
    const byKey = { deviceProvider: provider, serialNo: 'ACME-0002', type: 'Iris', spkiSha256: 'AB'.repeat(32) };
    expect((await server.call('POST', `${TRUST_STORE_PATH}/devices`, { body: byKey })).status).toBe(200);
    const listed = await server.call('GET', `${TRUST_STORE_PATH}/devices`);
    expect(
      (listed.json.response as RegisteredDeviceListResponse).devices.map((d) => [
        d.serialNo,
        d.type,
        d.spkiSha256 !== null,
      ]),
    ).toEqual([
      ['ACME-0001', 'Finger', false],
      ['ACME-0002', 'Iris', true],
    ]);
    expect(await server.ctx.trustStore.registeredDevice(provider, 'ACME-0001')).toMatchObject({
      certificateSha256: leaf.certificate.fingerprint256,
    });

    const again = await server.call('POST', `${TRUST_STORE_PATH}/devices`, { body: device });
    expect([again.status, again.json.errors[0]?.errorCode]).toEqual([409, 'duplicate_registered_device']);
    for (const bad of [
      { ...device, serialNo: 'ACME-0003', spkiSha256: 'AB'.repeat(32) },
      { deviceProvider: provider, serialNo: 'ACME-0003', type: 'Finger' },
      { ...device, serialNo: 'ACME-0003', certificateSha256: 'not hex' },
      { ...device, serialNo: 'ACME-0003', type: 'Palm' },
      { ...device, serialNo: '' },
      { ...device, serialNo: 'ACME-0003', trusted: true },
    ]) {
      const res = await server.call('POST', `${TRUST_STORE_PATH}/devices`, { body: bad });
      expect([res.status, res.json.errors[0]?.errorCode], JSON.stringify(bad)).toEqual([400, 'invalid_input']);
    }

    const removed = await server.call(
      'DELETE',
      `${TRUST_STORE_PATH}/devices/${encodeURIComponent(provider)}/ACME-0001`,
    );
    expect(removed.status).toBe(200);
    expect(removed.json.response as RegisteredDeviceDeleteResponse).toEqual({
      deviceProvider: provider,
      serialNo: 'ACME-0001',
      deleted: true,
    });
    expect(await server.ctx.trustStore.registeredDevice(provider, 'ACME-0001')).toBeUndefined();
    expect(
      (await server.call('DELETE', `${TRUST_STORE_PATH}/devices/${encodeURIComponent(provider)}/ACME-0001`)).status,
    ).toBe(404);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'trust-store-device-add', outcome: 'success', serialNo: 'ACME-0001' }),
    );
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'trust-store-device-remove', outcome: 'success', serialNo: 'ACME-0001' }),
    );
    expect((await server.call('GET', `${TRUST_STORE_PATH}/devices`, { token: null })).status).toBe(401);
  });

  it.each([
    ['a NUL in the serial number', { serialNo: 'ACME-\u00000004' }],
    ['a newline in the provider', { deviceProvider: 'Acme\nBiometrics' }],
    ['a tab in the serial number', { serialNo: 'ACME\t0004' }],
    ['a DEL in the provider', { deviceProvider: 'Acme\u007f' }],
    ['a C1 control in the serial number', { serialNo: 'ACME-\u00850004' }],
    ['a line separator in the provider', { deviceProvider: 'Acme\u2028Biometrics' }],
    ['a bidi override in the provider', { deviceProvider: 'Acme \u202eBiometrics' }],
    ['a leading space in the provider', { deviceProvider: ' Acme Biometrics' }],
    ['a trailing space in the serial number', { serialNo: 'ACME-0004 ' }],
    ['a trailing no-break space in the provider', { deviceProvider: 'Acme Biometrics\u00a0' }],
    ['only spaces as the serial number', { serialNo: '   ' }],
  ])('refuses a device registration with %s', async (_name, change) => {
    const body = {
      deviceProvider: 'Acme Biometrics',
      serialNo: 'ACME-0004',
      type: 'Finger',
      spkiSha256: 'CD'.repeat(32),
      ...change,
    };
    const res = await server.call('POST', `${TRUST_STORE_PATH}/devices`, { body });
    expect([res.status, res.json.errors[0]?.errorCode]).toEqual([400, 'invalid_input']);
    expect((await server.ctx.trustStore.listDevices()).map((d) => d.serialNo)).not.toContain(body.serialNo);
  });

  it('registers names with inner spaces and non-Latin letters as given', async () => {
    const body = {
      deviceProvider: 'Biométrie Khmer ក្រុមហ៊ុន',
      serialNo: 'KH 0005',
      type: 'Face',
      spkiSha256: 'EF'.repeat(32),
    };
    const res = await server.call('POST', `${TRUST_STORE_PATH}/devices`, { body });
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({ deviceProvider: body.deviceProvider, serialNo: 'KH 0005' });
  });

  it('needs the admin token', async () => {
    const res = await server.call('GET', TRUST_STORE_PATH, { token: null });
    expect(res.status).toBe(401);
    expect(res.json.errors[0]?.errorCode).toBe('unauthorized');
    const post = await server.call('POST', TRUST_STORE_PATH, {
      token: 'wrong-token-wrong-token',
      body: { kind: 'ftm', env: 'Production', certificate: ca.certificate.toString() },
    });
    expect(post.status).toBe(401);
  });
});
