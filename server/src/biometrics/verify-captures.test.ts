// The capture checks one by one, through CaptureVerifier, with captures built by the shared
// signing functions: each wrong field or key fails with its own bio_* code.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSelfSignedTestCertificate,
  createTestCa,
  issueTestCertificate,
  type TestKeyPair,
} from '@signet-kiosk/shared/sbi/crypto';
import { sbiTimestamp, esignetSbiTransactionId } from '@signet-kiosk/shared/sbi';
import { loadConfig } from '../config.js';
import { EsignetError } from '../errors.js';
import { MemoryKvStore } from '../stores/memory-kv-store.js';
import { SqliteRegistry } from '../stores/sqlite-registry.js';
import { spkiSha256 } from './checks/device-binding.js';
import {
  challengeOf,
  createCapturePki,
  FACTORY_DEVICE,
  makeCaptures,
  type CapturePki,
  type CaptureSpec,
} from './testing/capture-factory.js';
import { TrustStore } from './trust-store.js';
import { CaptureVerifier } from './verify-captures.js';

const ISSUER = 'https://id.example.org';
const TXN = 'Xq3-Jv_8kLmN0pQrStUvWxYz12345678901234567';
const SBI_TXN = esignetSbiTransactionId(TXN);
const policy = loadConfig({}, { issuer: ISSUER, demo: true }).biometrics;

let pki: CapturePki;
let registry: SqliteRegistry;
let trust: TrustStore;
let verifier: CaptureVerifier;

beforeAll(async () => {
  pki = await createCapturePki();
  registry = new SqliteRegistry(':memory:');
  trust = new TrustStore(registry);
  await trust.add(pki.deviceProviderCa.certificate.toString(), 'device-provider', 'Developer');
  await trust.add(pki.ftmCa.certificate.toString(), 'ftm', 'Developer');
});

beforeEach(() => {
  verifier = new CaptureVerifier(policy, trust, new MemoryKvStore());
});

const spec = (over: Partial<CaptureSpec> = {}): CaptureSpec => ({
  transactionId: SBI_TXN,
  domainUri: ISSUER,
  env: 'Developer',
  ...over,
});

async function verify(
  specs: CaptureSpec[],
  opts: { now?: Date; transactionId?: string; mutate?: (challenge: string) => string } = {},
) {
  const challenge = challengeOf(await makeCaptures(pki, specs));
  return verifier.verify({
    challenge: opts.mutate ? opts.mutate(challenge) : challenge,
    transactionId: opts.transactionId ?? TXN,
    now: opts.now,
  });
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; status: number }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EsignetError);
  const e = err as EsignetError;
  return { code: e.errorCode, message: e.message, status: e.status };
}

const ago = (s: number) => sbiTimestamp(new Date(Date.now() - s * 1000));

describe('CaptureVerifier: accepted captures', () => {
  it('accepts a single finger in base64 and in base64url, and returns what it verified', async () => {
    const [c] = await verify([spec({ bioSubType: 'Left IndexFinger' })]);
    expect(c).toMatchObject({
      index: 0,
      data: { bioType: 'Finger', bioSubType: 'Left IndexFinger', env: 'Developer', transactionId: SBI_TXN },
      digitalId: { type: 'Finger' },
    });
    const items = await makeCaptures(pki, [spec()]);
    await expect(
      verifier.verify({ challenge: challengeOf(items, 'base64url'), transactionId: TXN }),
    ).resolves.toHaveLength(1);
  });

  it('accepts ten different fingers, two irises and a face together', async () => {
    const fingers = [
      'Left IndexFinger',
      'Left MiddleFinger',
      'Left RingFinger',
      'Left LittleFinger',
      'Left Thumb',
      'Right IndexFinger',
      'Right MiddleFinger',
      'Right RingFinger',
      'Right LittleFinger',
      'Right Thumb',
    ];
    const specs = [
      ...fingers.map((f) => spec({ bioSubType: f })),
      spec({ bioType: 'Iris', bioSubType: 'Left' }),
      spec({ bioType: 'Iris', bioSubType: 'Right' }),
      spec({ bioType: 'Face', bioSubType: '' }),
    ];
    await expect(verify(specs)).resolves.toHaveLength(13);
  });

  it('accepts several UNKNOWN fingers (a single-finger scanner asked for two)', async () => {
    await expect(verify([spec(), spec()])).resolves.toHaveLength(2);
  });
});

describe('CaptureVerifier: each check has its code', () => {
  it('0. a challenge that is not base64 JSON of captures → bio_malformed (HTTP 200)', async () => {
    for (const challenge of [
      'not base64!',
      Buffer.from('{"a":1}').toString('base64'),
      Buffer.from('[]').toString('base64'),
    ]) {
      const f = await failure(verifier.verify({ challenge, transactionId: TXN }));
      expect(f).toMatchObject({ code: 'bio_malformed', status: 200 });
    }
  });

  it('1. a tampered data signature → bio_signature_invalid', async () => {
    const items = await makeCaptures(pki, [spec()]);
    const data = items[0]!.data;
    const sig = Buffer.from(data.slice(data.lastIndexOf('.') + 1), 'base64url');
    sig[10] = sig[10]! ^ 0xff;
    const tampered = [{ ...items[0]!, data: `${data.slice(0, data.lastIndexOf('.'))}.${sig.toString('base64url')}` }];
    expect((await failure(verifier.verify({ challenge: challengeOf(tampered), transactionId: TXN }))).code).toBe(
      'bio_signature_invalid',
    );
  });

  it('1. a tampered data payload (bioValue swapped) → bio_signature_invalid', async () => {
    const items = await makeCaptures(pki, [spec()]);
    const [h, p, s] = items[0]!.data.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    payload.bioValue = 'AAAA' + String(payload.bioValue).slice(4);
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect(
      (await failure(verifier.verify({ challenge: challengeOf([{ ...items[0]!, data: forged }]), transactionId: TXN })))
        .code,
    ).toBe('bio_signature_invalid');
  });

  it('1. a device certificate from an untrusted CA → bio_device_untrusted', async () => {
    const rogueCa = await createTestCa({ subject: 'CN=Rogue Device Provider CA' });
    const rogue = await issueTestCertificate(rogueCa, { subject: 'CN=Rogue Device' });
    const f = await failure(verify([spec({ deviceSigner: rogue })]));
    expect(f.code).toBe('bio_device_untrusted');
    expect(f.message).toContain('device-provider');
    const selfSigned = await createSelfSignedTestCertificate({ subject: 'CN=Self' });
    expect((await failure(verify([spec({ deviceSigner: selfSigned })]))).code).toBe('bio_device_untrusted');
  });

  it('1. a device certificate not allowed to sign (keyUsage without digitalSignature) → bio_device_untrusted', async () => {
    const subject = `CN=${FACTORY_DEVICE.serialNo}, O=${FACTORY_DEVICE.deviceProvider}`;
    const encryptionOnly = await issueTestCertificate(pki.deviceProviderCa, { subject, use: 'encrypt' });
    const f = await failure(verify([spec({ deviceSigner: encryptionOnly })]));
    expect(f.code).toBe('bio_device_untrusted');
    expect(f.message).toContain('lacks digitalSignature');
  });

  it('1. the device CA is trusted for another env only → bio_device_untrusted', async () => {
    expect((await failure(verify([spec({ env: 'Staging' })]))).code).toBe('bio_device_untrusted');
  });

  it('1. an env this server does not accept → bio_env_mismatch', async () => {
    const f = await failure(verify([spec({ env: 'Production' })]));
    expect(f.code).toBe('bio_env_mismatch');
    expect(f.message).toContain('Developer, Staging');
  });

  it('1. an expired or not yet valid device certificate → bio_certificate_expired / _not_yet_valid', async () => {
    const day = 86_400_000;
    const expired = await issueTestCertificate(pki.deviceProviderCa, {
      subject: 'CN=Old Device',
      notBefore: new Date(Date.now() - 30 * day),
      notAfter: new Date(Date.now() - day),
    });
    expect((await failure(verify([spec({ deviceSigner: expired })]))).code).toBe('bio_certificate_expired');
    const early = await issueTestCertificate(pki.deviceProviderCa, {
      subject: 'CN=New Device',
      notBefore: new Date(Date.now() + day),
      notAfter: new Date(Date.now() + 30 * day),
    });
    expect((await failure(verify([spec({ deviceSigner: early })]))).code).toBe('bio_certificate_not_yet_valid');
  });

  it('2. no bioValue or timestamp in the signed data, no sessionKey → bio_incomplete', async () => {
    expect((await failure(verify([spec({ data: { bioValue: null } })]))).code).toBe('bio_incomplete');
    expect((await failure(verify([spec({ data: { timestamp: '' } })]))).code).toBe('bio_incomplete');
    const items = await makeCaptures(pki, [spec()]);
    const noKey = Buffer.from(JSON.stringify([{ ...items[0]!, sessionKey: '' }])).toString('base64');
    expect((await failure(verifier.verify({ challenge: noKey, transactionId: TXN }))).code).toBe('bio_incomplete');
  });

  it('3. a digitalId signed by an untrusted FTM (or by the device key: L0) → bio_ftm_untrusted', async () => {
    const rogueFtmCa = await createTestCa({ subject: 'CN=Rogue FTM CA' });
    const rogueFtm = await issueTestCertificate(rogueFtmCa, { subject: 'CN=Rogue FTM' });
    expect((await failure(verify([spec({ ftmSigner: rogueFtm })]))).code).toBe('bio_ftm_untrusted');
    expect((await failure(verify([spec({ ftmSigner: pki.device })]))).code).toBe('bio_ftm_untrusted');
  });

  it('3. an expired FTM certificate → bio_certificate_expired', async () => {
    const old = await issueTestCertificate(pki.ftmCa, {
      subject: 'CN=Old FTM',
      notBefore: new Date(Date.now() - 3e9),
      notAfter: new Date(Date.now() - 1e9),
    });
    expect((await failure(verify([spec({ ftmSigner: old })]))).code).toBe('bio_certificate_expired');
  });

  it('6. timestamps: milliseconds, future, stale, backwards, too far apart', async () => {
    expect((await failure(verify([spec({ timestamp: new Date().toISOString() })]))).code).toBe('bio_timestamp_format');
    expect((await failure(verify([spec({ digitalId: { dateTime: new Date().toISOString() } })]))).code).toBe(
      'bio_timestamp_format',
    );
    expect((await failure(verify([spec({ timestamp: ago(-60) })]))).code).toBe('bio_timestamp_future');
    const stale = await failure(verify([spec({ timestamp: ago(151) })]));
    expect(stale.code).toBe('bio_timestamp_stale');
    expect(stale.message).toContain('at most 150 s');
    await expect(verify([spec({ timestamp: ago(140) })])).resolves.toHaveLength(1);
    expect((await failure(verify([spec({ timestamp: ago(10) }), spec({ timestamp: ago(20) })]))).code).toBe(
      'bio_timestamp_order',
    );
    // Both within the window of a longer configured one, but 121 s apart.
    const wide = new CaptureVerifier({ ...policy, captureWindowSeconds: 400 }, trust, new MemoryKvStore());
    const items = await makeCaptures(pki, [spec({ timestamp: ago(200) }), spec({ timestamp: ago(79) })]);
    expect((await failure(wide.verify({ challenge: challengeOf(items), transactionId: TXN }))).code).toBe(
      'bio_timestamp_order',
    );
  });

  it('6. a digitalId not dated within its capture’s window (2020-01-01, kept from device info; or ahead) → bio_digital_id_outside_window', async () => {
    const f = await failure(verify([spec({ digitalId: { dateTime: '2020-01-01T00:00:00Z' } })]));
    expect(f).toMatchObject({
      code: 'bio_digital_id_outside_window',
      message: expect.stringContaining('before the capture'),
    });
    const now = ago(0);
    expect((await failure(verify([spec({ timestamp: now, digitalId: { dateTime: ago(121) } })]))).code).toBe(
      'bio_digital_id_outside_window',
    );
    expect((await failure(verify([spec({ timestamp: now, digitalId: { dateTime: ago(-60) } })]))).code).toBe(
      'bio_digital_id_outside_window',
    );
    await expect(verify([spec({ timestamp: now, digitalId: { dateTime: ago(100) } })])).resolves.toHaveLength(1);
  });

  it('7. a capture for another transaction → bio_transaction_mismatch', async () => {
    expect((await failure(verify([spec({ transactionId: 'ABCDEF1234' })]))).code).toBe('bio_transaction_mismatch');
    expect((await failure(verify([spec()], { transactionId: 'another-transaction-id-000000000000000000' }))).code).toBe(
      'bio_transaction_mismatch',
    );
  });

  it('8. purpose Registration, a domainUri not on the allow-list → their codes', async () => {
    expect((await failure(verify([spec({ purpose: 'Registration' })]))).code).toBe('bio_purpose_mismatch');
    expect((await failure(verify([spec({ domainUri: 'https://evil.example.org' })]))).code).toBe('bio_domain_mismatch');
    expect((await failure(verify([spec({ domainUri: `${ISSUER}/` })]))).code).toBe('bio_domain_mismatch');
  });

  it('8. captures of one submission that disagree on domainUri or env → bio_domain_mismatch / bio_env_mismatch', async () => {
    const KIOSK = 'https://kiosk.example.org';
    const both = new TrustStore(new SqliteRegistry(':memory:'));
    for (const env of ['Developer', 'Staging'] as const) {
      await both.add(pki.deviceProviderCa.certificate.toString(), 'device-provider', env);
      await both.add(pki.ftmCa.certificate.toString(), 'ftm', env);
    }
    const wide = new CaptureVerifier({ ...policy, domainUris: [ISSUER, KIOSK] }, both, new MemoryKvStore());
    const run = async (specs: CaptureSpec[]) =>
      wide.verify({ challenge: challengeOf(await makeCaptures(pki, specs)), transactionId: TXN });
    await expect(run([spec({ domainUri: KIOSK }), spec({ domainUri: KIOSK })])).resolves.toHaveLength(2);
    expect((await failure(run([spec(), spec({ domainUri: KIOSK })]))).code).toBe('bio_domain_mismatch');
    expect((await failure(run([spec(), spec({ env: 'Staging' })]))).code).toBe('bio_env_mismatch');
  });

  it('9. unknown types and subtypes, a capture from another kind of device → bio_type_invalid', async () => {
    expect((await failure(verify([spec({ bioSubType: 'Left Toe' })]))).code).toBe('bio_type_invalid');
    expect((await failure(verify([spec({ bioType: 'Iris', bioSubType: 'Middle' })]))).code).toBe('bio_type_invalid');
    expect((await failure(verify([spec({ digitalId: { type: 'Iris' } })]))).code).toBe('bio_type_invalid');
    expect((await failure(verify([spec({ data: { bioType: 'Palm' } })]))).code).toBe('bio_type_invalid');
  });

  it('9. eleven fingers, three irises, two faces → bio_too_many', async () => {
    const f = await failure(verify(Array.from({ length: 11 }, () => spec())));
    expect(f.code).toBe('bio_too_many');
    expect(f.message).toContain('10 finger');
    expect(
      (
        await failure(
          verify([
            spec({ bioType: 'Iris', bioSubType: 'Left' }),
            spec({ bioType: 'Iris', bioSubType: 'Right' }),
            spec({ bioType: 'Iris', bioSubType: 'UNKNOWN' }),
          ]),
        )
      ).code,
    ).toBe('bio_too_many');
    expect(
      (await failure(verify([spec({ bioType: 'Face', bioSubType: '' }), spec({ bioType: 'Face', bioSubType: '' })])))
        .code,
    ).toBe('bio_too_many');
  });

  it('0. more captures than one person has (14) → bio_too_many before any signature is checked', async () => {
    const items = await makeCaptures(pki, [spec()]);
    const many = Array.from({ length: 14 }, () => ({ ...items[0]!, data: 'x.y.z' }));
    const f = await failure(verifier.verify({ challenge: challengeOf(many), transactionId: TXN }));
    expect(f).toMatchObject({ code: 'bio_too_many', message: expect.stringContaining('14 captures') });
  });

  it('9. the same named finger twice → bio_duplicate', async () => {
    expect(
      (await failure(verify([spec({ bioSubType: 'Right Thumb' }), spec({ bioSubType: 'Right Thumb' })]))).code,
    ).toBe('bio_duplicate');
  });

  it('9. a digitalId with an empty or missing field → bio_digital_id_invalid', async () => {
    expect((await failure(verify([spec({ digitalId: { make: '' } })]))).code).toBe('bio_digital_id_invalid');
    const f = await failure(verify([spec({ digitalId: { deviceProviderId: null } })]));
    expect(f).toMatchObject({ code: 'bio_digital_id_invalid', message: expect.stringContaining('deviceProviderId') });
  });

  it('replay: the same capture a second time → bio_replayed, also inside one submission', async () => {
    const items = await makeCaptures(pki, [spec()]);
    const challenge = challengeOf(items);
    await verifier.verify({ challenge, transactionId: TXN });
    expect((await failure(verifier.verify({ challenge, transactionId: TXN }))).code).toBe('bio_replayed');
    // The other alphabet is the same capture.
    expect(
      (await failure(verifier.verify({ challenge: challengeOf(items, 'base64url'), transactionId: TXN }))).code,
    ).toBe('bio_replayed');
    const twice = await makeCaptures(pki, [spec()]);
    expect(
      (await failure(verifier.verify({ challenge: challengeOf([twice[0]!, twice[0]!]), transactionId: TXN }))).code,
    ).toBe('bio_replayed');
  });

  it('a refused capture is not recorded: fixed and sent again, it passes', async () => {
    const items = await makeCaptures(pki, [spec({ domainUri: 'https://evil.example.org' })]);
    await failure(verifier.verify({ challenge: challengeOf(items), transactionId: TXN }));
    await expect(verify([spec()])).resolves.toHaveLength(1);
  });
});

describe('CaptureVerifier: the certificate that signed is the device the digitalId names', () => {
  // Other devices the same device-provider CA certifies — a registration slap scanner, an iris
  // camera — whose keys an attacker re-signs a finger's capture with, keeping the finger's
  // FTM-signed digitalId (device info hands it out).
  let slap: TestKeyPair;
  let iris: TestKeyPair;
  beforeAll(async () => {
    [slap, iris] = await Promise.all([
      issueTestCertificate(pki.deviceProviderCa, {
        subject: `CN=FACTORY-SLAP-0001, OU=Registration, O=${FACTORY_DEVICE.deviceProvider}`,
      }),
      issueTestCertificate(pki.deviceProviderCa, {
        subject: `CN=FACTORY-IRIS-0001, OU=Device, O=${FACTORY_DEVICE.deviceProvider}`,
      }),
    ]);
  });

  describe('certificate-subject (the default for a device-provider CA)', () => {
    it('the finger’s capture re-signed with the slap scanner’s or the iris camera’s key → bio_device_serial_mismatch', async () => {
      for (const other of [slap, iris]) {
        const f = await failure(verify([spec({ deviceSigner: other })]));
        expect(f.code).toBe('bio_device_serial_mismatch');
        expect(f.message).toContain('the digitalId names serialNo "FACTORY-0001"');
      }
    });

    it('a certificate naming the serial number for another provider, or for none → bio_device_provider_mismatch', async () => {
      const other = await issueTestCertificate(pki.deviceProviderCa, {
        subject: 'CN=FACTORY-0001, O=Another Device Provider',
      });
      expect((await failure(verify([spec({ deviceSigner: other })]))).code).toBe('bio_device_provider_mismatch');
      const none = await issueTestCertificate(pki.deviceProviderCa, { subject: 'CN=FACTORY-0001' });
      expect((await failure(verify([spec({ deviceSigner: none })]))).code).toBe('bio_device_provider_mismatch');
    });

    it('the subject’s serialNumber attribute, when there is one, names the serial number (then CN may be anything)', async () => {
      const bySerialNumber = await issueTestCertificate(pki.deviceProviderCa, {
        subject: `2.5.4.5=FACTORY-0001, CN=Fingerprint scanner, O=${FACTORY_DEVICE.deviceProvider}`,
      });
      await expect(verify([spec({ deviceSigner: bySerialNumber })])).resolves.toHaveLength(1);
      const wrong = await issueTestCertificate(pki.deviceProviderCa, {
        subject: `2.5.4.5=FACTORY-0002, CN=FACTORY-0001, O=${FACTORY_DEVICE.deviceProvider}`,
      });
      expect((await failure(verify([spec({ deviceSigner: wrong })]))).code).toBe('bio_device_serial_mismatch');
    });
  });

  describe('registered-devices (the CA uploaded so): provider + serial number ↔ type and certificate or key', () => {
    let registered: TrustStore;
    let strict: CaptureVerifier;
    beforeAll(async () => {
      registered = new TrustStore(new SqliteRegistry(':memory:'));
      await registered.add(pki.deviceProviderCa.certificate.toString(), 'device-provider', 'Developer', {
        deviceBinding: 'registered-devices',
      });
      await registered.add(pki.ftmCa.certificate.toString(), 'ftm', 'Developer');
      await registered.registerDevice({
        deviceProvider: FACTORY_DEVICE.deviceProvider,
        serialNo: 'FACTORY-0001',
        type: 'Finger',
        certificateSha256: pki.device.certificate.fingerprint256,
      });
      // Pinned by key: survives a renewed certificate.
      await registered.registerDevice({
        deviceProvider: FACTORY_DEVICE.deviceProvider,
        serialNo: 'FACTORY-IRIS-0001',
        type: 'Iris',
        spkiSha256: spkiSha256(iris.certificate),
      });
    });
    beforeEach(() => {
      strict = new CaptureVerifier(policy, registered, new MemoryKvStore());
    });
    const run = async (specs: CaptureSpec[]) =>
      strict.verify({ challenge: challengeOf(await makeCaptures(pki, specs)), transactionId: TXN });

    it('accepts registered devices signing with their own certificate or key, whatever their subject says', async () => {
      await expect(run([spec()])).resolves.toHaveLength(1);
      await expect(
        run([
          spec({
            deviceSigner: iris,
            bioType: 'Iris',
            bioSubType: 'Left',
            digitalId: { serialNo: 'FACTORY-IRIS-0001' },
          }),
        ]),
      ).resolves.toHaveLength(1);
      const renamed = await issueTestCertificate(pki.deviceProviderCa, { subject: 'CN=Fingerprint scanner' });
      await registered.registerDevice({
        deviceProvider: FACTORY_DEVICE.deviceProvider,
        serialNo: 'FACTORY-0003',
        type: 'Finger',
        certificateSha256: renamed.certificate.fingerprint256,
      });
      await expect(
        run([spec({ deviceSigner: renamed, digitalId: { serialNo: 'FACTORY-0003' } })]),
      ).resolves.toHaveLength(1);
    });

    it('the finger’s capture re-signed with the slap scanner’s or the iris camera’s key → bio_device_certificate_mismatch', async () => {
      for (const other of [slap, iris]) {
        const f = await failure(run([spec({ deviceSigner: other })]));
        expect(f.code).toBe('bio_device_certificate_mismatch');
        expect(f.message).toContain('"FACTORY-0001" of "Signet Test Devices" is registered with another certificate');
      }
    });

    it('a digitalId naming a device nobody registered → bio_device_not_registered; another type than registered → bio_device_type_mismatch', async () => {
      expect((await failure(run([spec({ digitalId: { serialNo: 'FACTORY-0009' } })]))).code).toBe(
        'bio_device_not_registered',
      );
      expect((await failure(run([spec({ bioType: 'Iris', bioSubType: 'Left' })]))).code).toBe(
        'bio_device_type_mismatch',
      );
    });

    it('a device registered for another provider than its certificate’s CA is trusted for → bio_device_provider_untrusted', async () => {
      await registered.registerDevice({
        deviceProvider: 'Another Device Provider',
        serialNo: 'FACTORY-0001',
        type: 'Finger',
        certificateSha256: pki.device.certificate.fingerprint256,
      });
      const f = await failure(run([spec({ digitalId: { deviceProvider: 'Another Device Provider' } })]));
      expect(f).toMatchObject({
        code: 'bio_device_provider_untrusted',
        message: expect.stringContaining(`is trusted for "${FACTORY_DEVICE.deviceProvider}" only`),
      });
    });
  });

  describe('another trusted provider’s CA cannot certify this provider’s devices (review: "Other Devices Inc")', () => {
    // A second device-provider CA trusted for the same env — careless, or its keys stolen — issues
    // a certificate that names the factory's finger scanner and provider in its subject.
    let otherCa: TestKeyPair;
    let impostor: TestKeyPair;
    beforeAll(async () => {
      otherCa = await createTestCa({ subject: 'CN=Other Devices Inc Device CA, O=Other Devices Inc' });
      impostor = await issueTestCertificate(otherCa, {
        subject: `CN=FACTORY-0001, OU=Device, O=${FACTORY_DEVICE.deviceProvider}`,
      });
    });

    async function verifierTrusting(
      factoryBinding: 'certificate-subject' | 'registered-devices',
      other: { deviceProvider?: string } = {},
    ): Promise<CaptureVerifier> {
      const both = new TrustStore(new SqliteRegistry(':memory:'));
      await both.add(pki.deviceProviderCa.certificate.toString(), 'device-provider', 'Developer', {
        deviceBinding: factoryBinding,
      });
      await both.add(otherCa.certificate.toString(), 'device-provider', 'Developer', other);
      await both.add(pki.ftmCa.certificate.toString(), 'ftm', 'Developer');
      await both.registerDevice({
        deviceProvider: FACTORY_DEVICE.deviceProvider,
        serialNo: 'FACTORY-0001',
        type: 'Finger',
        certificateSha256: pki.device.certificate.fingerprint256,
      });
      return new CaptureVerifier(policy, both, new MemoryKvStore());
    }
    const runWith = async (v: CaptureVerifier, specs: CaptureSpec[]) =>
      v.verify({ challenge: challengeOf(await makeCaptures(pki, specs)), transactionId: TXN });

    it.each(['certificate-subject', 'registered-devices'] as const)(
      'the factory CA binding by %s: its genuine capture passes, the impostor’s → bio_device_provider_untrusted',
      async (binding) => {
        const v = await verifierTrusting(binding);
        await expect(runWith(v, [spec()])).resolves.toHaveLength(1);
        const f = await failure(runWith(v, [spec({ deviceSigner: impostor })]));
        expect(f.code).toBe('bio_device_provider_untrusted');
        expect(f.message).toContain(
          'the digitalId names device provider "Signet Test Devices"; the CA that certified the signing key (CN=Other Devices Inc Device CA, O=Other Devices Inc) is trusted for "Other Devices Inc" only',
        );
      },
    );

    it('whatever its certificate’s subject says, a CA certifies only the provider it was uploaded for', async () => {
      const v = await verifierTrusting('certificate-subject', { deviceProvider: 'Other Devices Inc' });
      expect((await failure(runWith(v, [spec({ deviceSigner: impostor })]))).code).toBe(
        'bio_device_provider_untrusted',
      );
    });
  });

  describe('a device-provider CA kept from before providers were recorded, whose subject names no O', () => {
    it('certifies no device → bio_device_provider_untrusted, saying to upload it again', async () => {
      const registry = new SqliteRegistry(':memory:');
      const old = new TrustStore(registry);
      await registry.trustedCas.insert({
        kind: 'device-provider',
        env: 'Developer',
        fingerprint: pki.deviceProviderCa.certificate.fingerprint256,
        pem: pki.deviceProviderCa.certificate.toString(),
        addedAt: new Date().toISOString(),
        deviceBinding: 'certificate-subject',
        deviceProvider: null,
      });
      await old.add(pki.ftmCa.certificate.toString(), 'ftm', 'Developer');
      const f = await failure(
        new CaptureVerifier(policy, old, new MemoryKvStore()).verify({
          challenge: challengeOf(await makeCaptures(pki, [spec()])),
          transactionId: TXN,
        }),
      );
      expect(f).toMatchObject({
        code: 'bio_device_provider_untrusted',
        message: expect.stringContaining('upload it again with deviceProvider'),
      });
    });
  });
});
