// Test fixture: SBI captures built the way a device builds them (capture-noise ISO record, bioValue
// encrypted and session key wrapped to the ID system's certificate, hash chain, data signed with a
// test-PKI device key, digitalId with an FTM key), and the BIO challenge eSignet's UI makes of them.
import type { X509Certificate } from 'node:crypto';
import {
  encryptBioValue,
  hashChain,
  signJwsX5c,
  type X5cSigner,
  wrapSessionKey,
  createTestCa,
  issueTestCertificate,
  certificateThumbprint,
} from '@signet-kiosk/shared/sbi/crypto';
import { encodeBioChallenge, type BioChallengeItem, type BioType, sbiTimestamp } from '@signet-kiosk/shared/sbi';
import { cryptoRandom, syntheticCapture, type RandomSource } from '@signet-kiosk/shared/sbi/testing';
import type { AuthChallenge } from '@signet-kiosk/server/plugin';

/** A device's signing keys: `data` with the device key, the digitalId with the FTM key. */
export interface TestDevice {
  device: X5cSigner;
  ftm: X5cSigner;
}

export async function createTestDevice(): Promise<TestDevice> {
  const ca = await createTestCa({ subject: 'CN=Mock Identity Test Device Provider CA' });
  const [device, ftm] = await Promise.all([
    issueTestCertificate(ca, { subject: 'CN=MI-TEST-0001, OU=Device' }),
    issueTestCertificate(ca, { subject: 'CN=MI-TEST-0001, OU=FTM' }),
  ]);
  return {
    device: { privateKey: device.privateKey, certificates: [device.certificate] },
    ftm: { privateKey: ftm.privateKey, certificates: [ftm.certificate] },
  };
}

/** One biometric to capture: who presents it (the synthetic seed), which, how well. */
export interface TestCapture {
  seed: string;
  type: BioType;
  subType: string;
  /** Default 80, the simulator's default. */
  quality?: number;
  random?: RandomSource;
  /** The ISO record to send instead of a synthetic capture. */
  iso?: Buffer;
}

/** What a capture request fixes for the whole submission. */
export interface TestCaptureRequest {
  /** The SBI transaction id (4–50 letters, digits, dashes). */
  transactionId: string;
  /** The certificate the session keys are wrapped for (normally the ID system's). */
  encryptionCertificate: X509Certificate;
  /** The thumbprint to send; default: the encryption certificate's. */
  thumbprint?: string;
  timestamp?: string;
  domainUri?: string;
}

/** The signed `data` payload of a capture: read, change and re-sign it with `signData`. */
export function payloadOf(item: BioChallengeItem): Record<string, unknown> {
  return JSON.parse(Buffer.from(item.data.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Signs a (changed) data payload as the device would. */
export function signData(device: TestDevice, payload: Record<string, unknown>): Promise<string> {
  return signJwsX5c(payload, device.device);
}

/**
 * The biometrics[] entries (minus `error`) of one CAPTURE, hash-chained from SHA-256("").
 * @example const { items } = await deviceCaptures(device, { transactionId: 'ABCDEF1234', encryptionCertificate }, [{ seed: '2804195601', type: 'Finger', subType: 'Left Thumb' }]);
 */
export async function deviceCaptures(
  device: TestDevice,
  req: TestCaptureRequest,
  captures: readonly TestCapture[],
): Promise<{ items: BioChallengeItem[]; isos: Buffer[] }> {
  const timestamp = req.timestamp ?? sbiTimestamp();
  const isos = captures.map(
    (c) => c.iso ?? syntheticCapture(c.seed, c.type, c.subType, c.quality ?? 80, c.random ?? cryptoRandom),
  );
  const hashes = hashChain(isos);
  const thumbprint = req.thumbprint ?? certificateThumbprint(req.encryptionCertificate);
  const items = await Promise.all(
    captures.map(async (c, i) => {
      const digitalId = await signJwsX5c(
        {
          serialNo: 'MI-TEST-0001',
          make: 'Signet',
          model: 'Test',
          type: c.type,
          deviceSubType: c.type === 'Face' ? 'Full face' : 'Single',
          deviceProvider: 'Signet Test Devices',
          deviceProviderId: 'signet.test',
          dateTime: timestamp,
        },
        device.ftm,
      );
      const { bioValue, key } = encryptBioValue(isos[i]!, { timestamp, transactionId: req.transactionId });
      const data = {
        digitalId,
        deviceCode: 'b692b595-3523-4b0f-99fc-bd76e35f290f',
        deviceServiceVersion: '0.9.5',
        bioType: c.type,
        bioSubType: c.subType,
        purpose: 'Auth',
        env: 'Developer',
        domainUri: req.domainUri ?? 'http://127.0.0.1:8088',
        bioValue,
        transactionId: req.transactionId,
        timestamp,
        requestedScore: '60.0',
        qualityScore: (c.quality ?? 80).toFixed(1),
      };
      return {
        specVersion: '0.9.5',
        data: await signData(device, data),
        hash: hashes[i]!,
        sessionKey: wrapSessionKey(req.encryptionCertificate, key),
        thumbprint,
      };
    }),
  );
  return { items, isos };
}

/**
 * The BIO challenge for captures: base64 as eSignet's UI writes it, or base64url as its IDA plugin reads it.
 * @example await plugin.kycAuth({ …, challenges: [bioChallenge(items)] })
 */
export function bioChallenge(
  items: readonly BioChallengeItem[],
  alphabet: 'base64' | 'base64url' = 'base64',
): AuthChallenge {
  const url = encodeBioChallenge(items);
  return {
    authFactorType: 'BIO',
    challenge: alphabet === 'base64url' ? url : Buffer.from(url, 'base64url').toString('base64'),
    format: 'encoded-json',
  };
}
