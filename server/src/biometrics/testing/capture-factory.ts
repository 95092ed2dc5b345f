// Builds SBI captures the way a device does (shared signing and encryption functions), with a
// throw-away PKI or the simulator's, and with any field or key chosen wrong on purpose — for
// the verification tests and the benchmark. Real devices go through sbi-bridge/simulator.
import type { X509Certificate } from 'node:crypto';
import {
  encryptBioValue,
  hashChain,
  signJwsX5c,
  wrapSessionKey,
  createTestCa,
  issueTestCertificate,
  type TestKeyPair,
  certificateThumbprint,
} from '@signet-kiosk/shared/sbi/crypto';
import { encodeBioChallenge, type BioChallengeItem, type BioType, sbiTimestamp } from '@signet-kiosk/shared/sbi';
import { syntheticCapture } from '@signet-kiosk/shared/sbi/testing';

/** The keys a device holds (device key, FTM key) and the CAs that certify them. */
export interface CapturePki {
  deviceProviderCa: TestKeyPair;
  ftmCa: TestKeyPair;
  device: TestKeyPair;
  ftm: TestKeyPair;
  /** The ID system's encryption certificate the session key is wrapped for. */
  encryption: TestKeyPair;
  /** The digitalId fields of the device these keys belong to (default FACTORY_DEVICE). */
  digitalId?: Record<string, unknown>;
}

/** The factory's device: its certificate names it in the subject (CN serial, O provider), as the certificate-subject binding wants. */
export const FACTORY_DEVICE = {
  serialNo: 'FACTORY-0001',
  make: 'Signet',
  model: 'Factory',
  deviceProvider: 'Signet Test Devices',
  deviceProviderId: 'signet.test',
} as const;

/**
 * A fresh PKI: two CAs, a device and an FTM certificate, an encryption key pair.
 * @example const pki = await createCapturePki();
 */
export async function createCapturePki(name = 'Test'): Promise<CapturePki> {
  const [deviceProviderCa, ftmCa, encryptionCa] = await Promise.all([
    // O: the provider whose devices the CA certifies, taken as such when it is uploaded.
    createTestCa({ subject: `CN=${name} Device Provider CA, O=${FACTORY_DEVICE.deviceProvider}` }),
    createTestCa({ subject: `CN=${name} FTM CA` }),
    createTestCa({ subject: `CN=${name} ID System CA` }),
  ]);
  const [device, ftm, encryption] = await Promise.all([
    issueTestCertificate(deviceProviderCa, {
      subject: `CN=${FACTORY_DEVICE.serialNo}, OU=${name} Device, O=${FACTORY_DEVICE.deviceProvider}`,
    }),
    issueTestCertificate(ftmCa, { subject: `CN=${name} FTM` }),
    issueTestCertificate(encryptionCa, { subject: 'CN=IDA-FIR', use: 'encrypt' }),
  ]);
  return { deviceProviderCa, ftmCa, device, ftm, encryption };
}

/** One capture to build; everything defaults to a valid single finger. */
export interface CaptureSpec {
  transactionId: string;
  domainUri: string;
  env?: string;
  purpose?: string;
  bioType?: BioType | string;
  bioSubType?: string;
  timestamp?: string;
  /** Whose biometrics: the synthetic seed (a demo resident's individualId). */
  seed?: string;
  quality?: number;
  /** The ISO record to encrypt; default a synthetic capture of `seed` with quality noise, as the simulator makes. */
  iso?: Uint8Array;
  /** Merged into the signed data payload last (null removes a field). */
  data?: Record<string, unknown>;
  /** Merged into the digitalId payload last (null removes a field). */
  digitalId?: Record<string, unknown>;
  /** Signs `data` instead of pki.device. */
  deviceSigner?: TestKeyPair;
  /** Signs the digitalId instead of pki.ftm. */
  ftmSigner?: TestKeyPair;
}

const merge = (base: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  Object.fromEntries(Object.entries({ ...base, ...over }).filter(([, v]) => v !== null));

/**
 * Builds the captures of one submission (hash-chained, in order).
 * @example const items = await makeCaptures(pki, [{ transactionId: sbiTxn, domainUri: issuer, env: 'Developer' }]);
 */
export async function makeCaptures(
  pki: CapturePki,
  specs: readonly CaptureSpec[],
  encryption: X509Certificate = pki.encryption.certificate,
): Promise<BioChallengeItem[]> {
  const isos = specs.map(
    (s) =>
      s.iso ??
      syntheticCapture(
        s.seed ?? 'capture-factory',
        (s.bioType ?? 'Finger') as BioType,
        s.bioSubType ?? 'UNKNOWN',
        s.quality ?? 80,
      ),
  );
  const hashes = hashChain(isos);
  const thumbprint = certificateThumbprint(encryption);
  return Promise.all(
    specs.map(async (s, i) => {
      const type = s.bioType ?? 'Finger';
      const timestamp = s.timestamp ?? sbiTimestamp();
      const ftm = s.ftmSigner ?? pki.ftm;
      const device = s.deviceSigner ?? pki.device;
      const digitalIdPayload = merge(
        {
          ...FACTORY_DEVICE,
          type,
          deviceSubType: type === 'Face' ? 'Full face' : 'Single',
          dateTime: timestamp,
          ...pki.digitalId,
        },
        s.digitalId,
      );
      const digitalId = await signJwsX5c(digitalIdPayload, {
        privateKey: ftm.privateKey,
        certificates: [ftm.certificate],
      });
      const { bioValue, key } = encryptBioValue(isos[i]!, { timestamp, transactionId: s.transactionId });
      const data = merge(
        {
          digitalId,
          deviceCode: 'b692b595-3523-4b0f-99fc-bd76e35f290f',
          deviceServiceVersion: '0.9.5',
          bioType: type,
          bioSubType: s.bioSubType ?? (type === 'Face' ? '' : 'UNKNOWN'),
          purpose: s.purpose ?? 'Auth',
          env: s.env ?? 'Developer',
          domainUri: s.domainUri,
          bioValue,
          transactionId: s.transactionId,
          timestamp,
          requestedScore: '60',
          qualityScore: `${(s.quality ?? 80).toFixed(1)}`,
        },
        s.data,
      );
      return {
        specVersion: '0.9.5',
        data: await signJwsX5c(data, { privateKey: device.privateKey, certificates: [device.certificate] }),
        hash: hashes[i]!,
        sessionKey: wrapSessionKey(encryption, key),
        thumbprint,
      };
    }),
  );
}

/**
 * The BIO challenge string for captures, in standard base64 as eSignet's UI sends it (or base64url).
 * @example challengeOf(items) // 'W3sic3BlY1ZlcnNpb24iOi…'
 */
export function challengeOf(items: readonly BioChallengeItem[], alphabet: 'base64' | 'base64url' = 'base64'): string {
  const url = encodeBioChallenge(items);
  return alphabet === 'base64url' ? url : Buffer.from(url, 'base64url').toString('base64');
}
