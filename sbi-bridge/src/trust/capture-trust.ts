// Verifies a CAPTURE or RCAPTURE answer before the bridge hands it on: the shared capture checks
// (shared/src/sbi/trust/capture-verdict.ts, with node:crypto) and, on top, what needs the ID
// system's keys: the thumbprint, decryption and the hash chain (RCAPTURE always; CAPTURE only when
// the ID system's key is at hand).
import { decryptBioValue, verifyHashChain, unwrapSessionKey, verifyThumbprint } from '@signet-kiosk/shared/sbi/crypto';
import {
  SbiVerifyError,
  type CaptureRequestStrict,
  type RegistrationCaptureRequestStrict,
  type TrustCategory,
  type TrustVerdict,
  judgeCapture,
} from '@signet-kiosk/shared/sbi';
import type { SbiDevice } from '../device.js';
import type { TrustPolicy } from './anchors.js';
import { nodeToolkit } from './device-trust.js';

/** One returned biometric, as the operator console shows it. */
export interface CapturedBiometric {
  bioType: string;
  bioSubType: string;
  qualityScore: number;
  requestedScore: number;
  timestamp: string;
  transactionId: string;
  /** The ISO record: always for RCAPTURE; for CAPTURE only when the bridge holds the decryption key. */
  isoRecord?: Buffer;
}

export interface CaptureCheckInput {
  mode: 'capture' | 'rcapture';
  device: SbiDevice;
  request: CaptureRequestStrict | RegistrationCaptureRequestStrict;
  biometrics: readonly {
    data?: string | null | undefined;
    hash?: string | null | undefined;
    sessionKey?: string | null | undefined;
    thumbprint?: string | null | undefined;
  }[];
  requestOrigin?: string | undefined;
  /** Our Origin, for P3167's `requestOrigin` echo. */
  origin?: string | undefined;
  /** When the request went out and the answer came back: the window device timestamps must fall in. */
  startedAt: Date;
  finishedAt: Date;
  policy: TrustPolicy;
}

/**
 * Runs every check; never throws on bad device data (it becomes an issue in the verdict).
 * @example const { verdict, items } = await checkCapture({ mode: 'capture', device, request, biometrics, startedAt, finishedAt, policy });
 */
export async function checkCapture(
  input: CaptureCheckInput,
): Promise<{ verdict: TrustVerdict; items: CapturedBiometric[] }> {
  const { mode, device, request, policy } = input;
  const items: CapturedBiometric[] = [];
  const isoForChain = new Map<number, Buffer>();
  const { v, read } = await judgeCapture({
    ...input,
    device: {
      certification: device.certification,
      serialNo: device.serialNo,
      deviceCertificateFingerprint: device.verdict.deviceCertificate?.fingerprint256,
    },
    toolkit: nodeToolkit,
    onItem: ({ index, at, item: b, data }, v) => {
      let iso: Buffer | undefined;
      if (mode === 'rcapture') {
        iso = Buffer.from(data.bioValue, 'base64url');
      } else {
        if (policy.encryptionCertificate) {
          try {
            verifyThumbprint(b.thumbprint ?? '', policy.encryptionCertificate);
          } catch {
            v.add('THUMBPRINT_MISMATCH', `${at}.thumbprint`);
          }
        }
        if (policy.decryptionKey) {
          try {
            const key = unwrapSessionKey(policy.decryptionKey, b.sessionKey ?? '');
            iso = decryptBioValue(data.bioValue, { key, timestamp: data.timestamp, transactionId: data.transactionId });
          } catch (err) {
            v.add('DECRYPT_FAILED', `${at}.data.bioValue`, err instanceof SbiVerifyError ? err.message : undefined);
          }
        }
      }
      if (iso) isoForChain.set(index, iso);
      items.push({
        bioType: data.bioType,
        bioSubType: data.bioSubType,
        qualityScore: Number(data.qualityScore),
        requestedScore: Number(data.requestedScore),
        timestamp: data.timestamp,
        transactionId: data.transactionId,
        ...(iso ? { isoRecord: iso } : {}),
      });
    },
  });

  // Validators re-walk the whole array from previousHash; it needs every record in the clear.
  if (read.length > 0 && read.every((_, i) => isoForChain.has(i)) && !v.has('HASH_MALFORMED')) {
    try {
      verifyHashChain(
        read.map((_, i) => ({ isoBytes: isoForChain.get(i)!, hash: input.biometrics[i]!.hash ?? '' })),
        request.bio[0]!.previousHash,
      );
    } catch (err) {
      v.add('HASH_CHAIN_BROKEN', 'biometrics', err instanceof SbiVerifyError ? err.message : undefined);
    }
  } else if (mode === 'capture' && !policy.decryptionKey) {
    v.add('HASH_CHAIN_UNCHECKED', 'biometrics', undefined, 'warning');
  }
  return { verdict: v.build(), items };
}

type RefusalCode =
  | 'ERR_BRIDGE_SIGNATURE_INVALID'
  | 'ERR_BRIDGE_UNTRUSTED'
  | 'ERR_BRIDGE_MALFORMED_RESPONSE'
  | 'ERR_BRIDGE_CAPTURE_INVALID';

/** The error each category of issue raises; the first of REFUSAL_ORDER that an error issue raises names the refusal. */
const REFUSAL_BY_CATEGORY: Record<TrustCategory, RefusalCode> = {
  signature: 'ERR_BRIDGE_SIGNATURE_INVALID',
  certificate: 'ERR_BRIDGE_UNTRUSTED',
  certification: 'ERR_BRIDGE_UNTRUSTED',
  registration: 'ERR_BRIDGE_UNTRUSTED',
  binding: 'ERR_BRIDGE_UNTRUSTED',
  payload: 'ERR_BRIDGE_MALFORMED_RESPONSE',
  transaction: 'ERR_BRIDGE_CAPTURE_INVALID',
  purpose: 'ERR_BRIDGE_CAPTURE_INVALID',
  domain: 'ERR_BRIDGE_CAPTURE_INVALID',
  env: 'ERR_BRIDGE_CAPTURE_INVALID',
  origin: 'ERR_BRIDGE_CAPTURE_INVALID',
  modality: 'ERR_BRIDGE_CAPTURE_INVALID',
  timestamp: 'ERR_BRIDGE_CAPTURE_INVALID',
  'hash-chain': 'ERR_BRIDGE_CAPTURE_INVALID',
  encryption: 'ERR_BRIDGE_CAPTURE_INVALID',
};
const REFUSAL_ORDER: readonly RefusalCode[] = [
  'ERR_BRIDGE_SIGNATURE_INVALID',
  'ERR_BRIDGE_UNTRUSTED',
  'ERR_BRIDGE_MALFORMED_RESPONSE',
  'ERR_BRIDGE_CAPTURE_INVALID',
];

/**
 * The error code a refused capture raises, by the categories of its error issues.
 * @example refusalCode(verdict) // 'ERR_BRIDGE_UNTRUSTED' for an expired device certificate
 */
export function refusalCode(verdict: TrustVerdict): RefusalCode {
  const raised = new Set(
    verdict.issues.filter((i) => i.severity === 'error').map((i) => REFUSAL_BY_CATEGORY[i.category]),
  );
  return REFUSAL_ORDER.find((code) => raised.has(code)) ?? 'ERR_BRIDGE_CAPTURE_INVALID';
}
