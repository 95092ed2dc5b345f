// The trust store: uploaded CAs per kind and env (registry), the demo simulator's CA files read
// lazily and again when they change, anchor sets that keep their identity while unchanged.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, issueTestCertificate, type TestKeyPair } from '@signet-kiosk/shared/sbi/crypto';
import { EsignetError } from '../errors.js';
import { SqliteRegistry } from '../stores/sqlite-registry.js';
import { DemoSimulatorCas, SIMULATOR_DEVICE_PROVIDER } from './demo-simulator-cas.js';
import { normalizeFingerprint, parseCaCertificate } from './trusted-ca.js';
import { TrustStore } from './trust-store.js';

let ca: TestKeyPair;
let other: TestKeyPair;
let leaf: TestKeyPair;
const dirs: string[] = [];

beforeAll(async () => {
  [ca, other] = await Promise.all([
    createTestCa({ subject: 'CN=Store Test CA, O=Store Test Devices' }),
    createTestCa({ subject: 'CN=Other CA' }),
  ]);
  leaf = await issueTestCertificate(ca, { subject: 'CN=Leaf' });
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof EsignetError ? e.errorCode : 'other';
  }
  return undefined;
}

describe('parseCaCertificate', () => {
  it('takes one current CA certificate in PEM', () => {
    expect(parseCaCertificate(ca.certificate.toString()).fingerprint256).toBe(ca.certificate.fingerprint256);
  });

  it.each([
    ['no PEM', () => 'hello'],
    ['a leaf certificate', () => leaf.certificate.toString()],
    ['two certificates', () => ca.certificate.toString() + other.certificate.toString()],
    ['a broken PEM body', () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'],
  ])('refuses %s with invalid_certificate', (_name, pem) => {
    expect(codeOf(() => parseCaCertificate(pem()))).toBe('invalid_certificate');
  });

  it('refuses an expired CA', () => {
    expect(codeOf(() => parseCaCertificate(ca.certificate.toString(), new Date(Date.now() + 400 * 86_400_000)))).toBe(
      'invalid_certificate',
    );
  });

  it('normalises fingerprints with or without colons, in any case', () => {
    const fp = ca.certificate.fingerprint256;
    expect(normalizeFingerprint(fp.replace(/:/g, '').toLowerCase())).toBe(fp);
    expect(normalizeFingerprint('12:34')).toBeUndefined();
  });
});

describe('TrustStore', () => {
  it('adds, lists and removes CAs per kind and env; duplicates are refused', async () => {
    const trust = new TrustStore(new SqliteRegistry(':memory:'));
    const added = await trust.add(ca.certificate.toString(), 'device-provider', 'Production');
    expect(added).toMatchObject({
      kind: 'device-provider',
      env: 'Production',
      subject: 'CN=Store Test CA\nO=Store Test Devices',
      fingerprint: ca.certificate.fingerprint256,
      source: 'registry',
    });
    await expect(trust.add(ca.certificate.toString(), 'device-provider', 'Production')).rejects.toMatchObject({
      errorCode: 'duplicate_trusted_ca',
    });
    await trust.add(ca.certificate.toString(), 'ftm', 'Production');
    expect((await trust.anchors('device-provider', 'Production')).certificates.map((c) => c.subject)).toEqual([
      'CN=Store Test CA\nO=Store Test Devices',
    ]);
    expect((await trust.anchors('device-provider', 'Staging')).certificates).toEqual([]);
    expect(await trust.list()).toHaveLength(2);
    expect(await trust.remove('device-provider', 'Production', ca.certificate.fingerprint256)).toBe(true);
    expect(await trust.remove('device-provider', 'Production', ca.certificate.fingerprint256)).toBe(false);
    expect((await trust.anchors('device-provider', 'Production')).certificates).toEqual([]);
    expect((await trust.anchors('ftm', 'Production')).certificates).toHaveLength(1);
  });

  it('ties each device-provider CA to one provider: given at upload, else its subject’s O; none for FTM CAs', async () => {
    const trust = new TrustStore(new SqliteRegistry(':memory:'));
    expect(await trust.add(ca.certificate.toString(), 'device-provider', 'Production')).toMatchObject({
      deviceProvider: 'Store Test Devices',
    });
    expect(
      await trust.add(ca.certificate.toString(), 'device-provider', 'Staging', { deviceProvider: 'Store Devices EU' }),
    ).toMatchObject({ deviceProvider: 'Store Devices EU' });
    expect(await trust.add(other.certificate.toString(), 'ftm', 'Production')).toMatchObject({ deviceProvider: null });
    // "CN=Other CA" names no organization: which provider it certifies must be said.
    await expect(trust.add(other.certificate.toString(), 'device-provider', 'Production')).rejects.toMatchObject({
      errorCode: 'invalid_input',
      message: expect.stringContaining('give deviceProvider'),
    });
    await trust.add(other.certificate.toString(), 'device-provider', 'Production', {
      deviceProvider: 'Other Devices Inc',
      deviceBinding: 'registered-devices',
    });
    const anchors = await trust.anchors('device-provider', 'Production');
    expect(anchors.deviceCas).toEqual(
      new Map([
        [ca.certificate.fingerprint256, { binding: 'certificate-subject', provider: 'Store Test Devices' }],
        [other.certificate.fingerprint256, { binding: 'registered-devices', provider: 'Other Devices Inc' }],
      ]),
    );
    expect(
      (await trust.anchors('device-provider', 'Staging')).deviceCas.get(ca.certificate.fingerprint256)?.provider,
    ).toBe('Store Devices EU');
    expect((await trust.anchors('ftm', 'Production')).deviceCas.size).toBe(0);
  });

  it('keeps the same AnchorSet object while nothing changes, and a new one after a change', async () => {
    const trust = new TrustStore(new SqliteRegistry(':memory:'));
    await trust.add(ca.certificate.toString(), 'ftm', 'Production');
    const a = await trust.anchors('ftm', 'Production');
    expect(await trust.anchors('ftm', 'Production')).toBe(a);
    await trust.add(other.certificate.toString(), 'ftm', 'Production');
    const b = await trust.anchors('ftm', 'Production');
    expect(b).not.toBe(a);
    expect(b.certificates).toHaveLength(2);
  });

  it('sees what another process added to the shared registry after the refresh interval', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'signet-trust-')), 'registry.sqlite');
    dirs.push(path.dirname(file));
    const mine = new TrustStore(new SqliteRegistry(file), { registryRefreshMs: 0 });
    const theirs = new TrustStore(new SqliteRegistry(file));
    expect((await mine.anchors('device-provider', 'Production')).certificates).toHaveLength(0);
    await theirs.add(ca.certificate.toString(), 'device-provider', 'Production');
    expect((await mine.anchors('device-provider', 'Production')).certificates).toHaveLength(1);
  });

  it('in demo mode trusts the simulator CA files for Developer, read lazily and again when they change', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-trust-'));
    dirs.push(dataDir);
    const pkiDir = path.join(dataDir, 'pki');
    const trust = new TrustStore(new SqliteRegistry(':memory:'), { demoSimulator: new DemoSimulatorCas(pkiDir, 0) });
    // The simulator has not started yet.
    expect((await trust.anchors('device-provider', 'Developer')).certificates).toEqual([]);
    mkdirSync(pkiDir, { recursive: true });
    writeFileSync(path.join(pkiDir, 'device-provider-ca.crt.pem'), ca.certificate.toString());
    writeFileSync(path.join(pkiDir, 'ftm-ca.crt.pem'), other.certificate.toString());
    expect((await trust.anchors('device-provider', 'Developer')).certificates.map((c) => c.subject)).toEqual([
      'CN=Store Test CA\nO=Store Test Devices',
    ]);
    expect((await trust.anchors('ftm', 'Developer')).certificates.map((c) => c.subject)).toEqual(['CN=Other CA']);
    expect((await trust.anchors('device-provider', 'Production')).certificates).toEqual([]);
    expect(
      (await trust.list()).filter((c) => c.source === 'demo-simulator').map((c) => [c.kind, c.env, c.deviceProvider]),
    ).toEqual([
      ['device-provider', 'Developer', SIMULATOR_DEVICE_PROVIDER],
      ['ftm', 'Developer', null],
    ]);
    // For the simulator's devices only, whatever its CA's subject says.
    expect((await trust.anchors('device-provider', 'Developer')).deviceCas.get(ca.certificate.fingerprint256)).toEqual({
      binding: 'certificate-subject',
      provider: SIMULATOR_DEVICE_PROVIDER,
    });
    // The simulator renews its PKI.
    writeFileSync(path.join(pkiDir, 'device-provider-ca.crt.pem'), other.certificate.toString() + '\n');
    expect((await trust.anchors('device-provider', 'Developer')).certificates.map((c) => c.subject)).toEqual([
      'CN=Other CA',
    ]);
    // A leaf or garbage in the file is not trusted.
    writeFileSync(path.join(pkiDir, 'device-provider-ca.crt.pem'), leaf.certificate.toString());
    expect((await trust.anchors('device-provider', 'Developer')).certificates).toEqual([]);
  });
});
