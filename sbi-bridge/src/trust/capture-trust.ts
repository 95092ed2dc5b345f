// Verifies a CAPTURE or RCAPTURE answer before the bridge hands it on: each `data` JWS to a
// device-provider CA, each digitalId to an FTM CA (L1), the signing certificate naming the
// digitalId's device from a CA trusted for its provider, the echoes of the request, timestamps
// (the digitalId's too), and the hash chain (RCAPTURE always; CAPTURE only when the ID system's
// key is at hand).
import { z } from 'zod';
import { decryptBioValue, verifyHashChain, verifyJwsX5c, type VerifiedJwsX5c, unwrapSessionKey, verifyThumbprint } from '@signet-kiosk/shared/sbi/crypto';
import {
  SbiVerifyError, CaptureDataSchema, type CaptureRequestStrict, RegistrationCaptureDataSchema,
  type RegistrationCaptureRequestStrict, domainIssue, envIssue, purposeIssue, transactionIdIssue, type TrustCategory, orderIssue,
  readTimestamp, windowIssue,
} from '@signet-kiosk/shared/sbi';
import type { SbiDevice } from '../device.js';
import { DEFAULT_MAX_CLOCK_SKEW_MS, type TrustPolicy } from './anchors.js';
import { checkCaProvider, checkDigitalId, checkSubjectBinding, decodeUnverified, safeJson } from './device-trust.js';
import { summarizeCertificate, VerdictBuilder, type TrustVerdict } from './verdict.js';

/** Captures of one request must lie at most this far apart (what ID systems allow). */
const MAX_SEGMENT_GAP_MS = 120_000;

// Timestamps read as any string so that a malformed one (milliseconds) is its own issue.
const CaptureDataLenientTime = CaptureDataSchema.extend({ timestamp: z.string() });
const RegistrationDataLenientTime = RegistrationCaptureDataSchema.extend({ timestamp: z.string() });

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
  biometrics: readonly { data?: string | null | undefined; hash?: string | null | undefined; sessionKey?: string | null | undefined; thumbprint?: string | null | undefined }[];
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
export async function checkCapture(input: CaptureCheckInput): Promise<{ verdict: TrustVerdict; items: CapturedBiometric[] }> {
  const { mode, device, request, policy } = input;
  const v = new VerdictBuilder();
  const skew = policy.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  const earliest = input.startedAt.getTime() - skew;
  const latest = input.finishedAt.getTime() + skew;
  const bio = request.bio[0]!;
  const items: CapturedBiometric[] = [];
  const isoForChain: (Buffer | undefined)[] = [];
  let lastTime: number | undefined;

  const inWindow = (ts: string, at: string): number | undefined => {
    const { time, issue } = readTimestamp(ts);
    if (issue) {
      v.add('TIMESTAMP_FORMAT', at, JSON.stringify(ts));
      return undefined;
    }
    if (windowIssue(time, { earliest, latest })) v.add('TIMESTAMP_SKEW', at, `${ts} is outside ${new Date(earliest).toISOString()} – ${new Date(latest).toISOString()}.`);
    return time;
  };

  if (device.certification === 'L0' && request.purpose === 'Auth') v.add('L0_FOR_AUTH', 'device', undefined, policy.allowL0ForAuth ? 'warning' : 'error');
  if (input.requestOrigin !== undefined && input.origin !== undefined && input.requestOrigin !== input.origin) {
    v.add('REQUEST_ORIGIN_MISMATCH', 'requestOrigin', `Got ${JSON.stringify(input.requestOrigin)}.`);
  }
  // Registration counts include the exceptions (missing fingers), which are not returned.
  const exceptions = 'exception' in bio ? bio.exception.length : 0;
  const got = input.biometrics.length;
  if (got > Number(bio.count) || got < Number(bio.count) - exceptions) v.add('COUNT_MISMATCH', 'biometrics', `Asked ${bio.count}, got ${got}.`, 'warning');

  for (const [i, b] of input.biometrics.entries()) {
    const at = `biometrics[${i}]`;
    if (!b.data) {
      v.add('PAYLOAD_INVALID', `${at}.data`, 'It is empty.');
      isoForChain.push(undefined);
      continue;
    }
    let verified: VerifiedJwsX5c | undefined;
    try {
      verified = await verifyJwsX5c(b.data, { trustAnchors: policy.deviceProviderCas });
      v.deviceCertificate ??= summarizeCertificate(verified.certificate);
      const known = device.verdict.deviceCertificate?.fingerprint256;
      if (known && known !== verified.certificate.fingerprint256) v.add('DEVICE_KEY_CHANGED', `${at}.data`, undefined, 'warning');
    } catch (err) {
      v.addVerifyFailure('DEVICE', `${at}.data`, err);
    }
    const raw = verified ? safeJson(verified.payload) : decodeUnverified(b.data);
    const parsed = (mode === 'capture' ? CaptureDataLenientTime : RegistrationDataLenientTime).safeParse(raw);
    if (!parsed.success) {
      v.add('PAYLOAD_INVALID', `${at}.data`, `\n${z.prettifyError(parsed.error)}`);
      isoForChain.push(undefined);
      continue;
    }
    const data = parsed.data;

    const { digitalId } = await checkDigitalId(data.digitalId, device.certification, policy, v, `${at}.data.digitalId`);
    if (digitalId) {
      if (device.serialNo && digitalId.serialNo !== device.serialNo) v.add('IDENTITY_MISMATCH', `${at}.data.digitalId`, `Serial ${digitalId.serialNo}, expected ${device.serialNo}.`);
      checkCaProvider(verified?.chain, digitalId, policy, v, `${at}.data`);
      checkSubjectBinding(verified?.certificate, digitalId, policy, v, `${at}.data`);
      inWindow(digitalId.dateTime, `${at}.data.digitalId.dateTime`);
    }
    if (transactionIdIssue(data.transactionId, request.transactionId)) v.add('TRANSACTION_ID_MISMATCH', `${at}.data.transactionId`, `Asked ${request.transactionId}, got ${JSON.stringify(data.transactionId)}.`);
    // Only CAPTURE data carries domainUri (the RCAPTURE schema has none), always as text.
    if ('domainUri' in data && typeof data.domainUri === 'string' && 'domainUri' in request && domainIssue(data.domainUri, [request.domainUri])) {
      v.add('DOMAIN_URI_MISMATCH', `${at}.data.domainUri`, `Asked ${request.domainUri}, got ${JSON.stringify(data.domainUri)}.`);
    }
    if (envIssue(data.env, [request.env])) v.add('ENV_MISMATCH', `${at}.data.env`, `Asked ${request.env}, got ${data.env}.`);
    if (purposeIssue(data.purpose, [request.purpose])) v.add('PURPOSE_MISMATCH', `${at}.data.purpose`, `Asked ${request.purpose}, got ${data.purpose}.`);
    if (data.bioType !== bio.type) v.add('BIO_TYPE_MISMATCH', `${at}.data.bioType`, `Asked ${bio.type}, got ${data.bioType}.`);

    const t = inWindow(data.timestamp, `${at}.data.timestamp`);
    if (t !== undefined && orderIssue(lastTime, t, MAX_SEGMENT_GAP_MS)) v.add('TIMESTAMP_ORDER', `${at}.data.timestamp`);
    if (t !== undefined) lastTime = t;

    if (!b.hash || !/^[0-9A-Fa-f]{64}$/.test(b.hash)) v.add('HASH_MALFORMED', `${at}.hash`);

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
    isoForChain.push(iso);
    items.push({
      bioType: data.bioType, bioSubType: data.bioSubType, qualityScore: Number(data.qualityScore), requestedScore: Number(data.requestedScore),
      timestamp: data.timestamp, transactionId: data.transactionId, ...(iso ? { isoRecord: iso } : {}),
    });
  }

  // Validators re-walk the whole array from previousHash; it needs every record in the clear.
  if (isoForChain.length > 0 && isoForChain.every((x) => x !== undefined) && !v.has('HASH_MALFORMED')) {
    try {
      verifyHashChain(isoForChain.map((isoBytes, i) => ({ isoBytes: isoBytes!, hash: input.biometrics[i]!.hash ?? '' })), bio.previousHash);
    } catch (err) {
      v.add('HASH_CHAIN_BROKEN', 'biometrics', err instanceof SbiVerifyError ? err.message : undefined);
    }
  } else if (mode === 'capture' && !policy.decryptionKey) {
    v.add('HASH_CHAIN_UNCHECKED', 'biometrics', undefined, 'warning');
  }
  return { verdict: v.build(), items };
}

type RefusalCode = 'ERR_BRIDGE_SIGNATURE_INVALID' | 'ERR_BRIDGE_UNTRUSTED' | 'ERR_BRIDGE_MALFORMED_RESPONSE' | 'ERR_BRIDGE_CAPTURE_INVALID';

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
const REFUSAL_ORDER: readonly RefusalCode[] = ['ERR_BRIDGE_SIGNATURE_INVALID', 'ERR_BRIDGE_UNTRUSTED', 'ERR_BRIDGE_MALFORMED_RESPONSE', 'ERR_BRIDGE_CAPTURE_INVALID'];

/**
 * The error code a refused capture raises, by the categories of its error issues.
 * @example refusalCode(verdict) // 'ERR_BRIDGE_UNTRUSTED' for an expired device certificate
 */
export function refusalCode(verdict: TrustVerdict): RefusalCode {
  const raised = new Set(verdict.issues.filter((i) => i.severity === 'error').map((i) => REFUSAL_BY_CATEGORY[i.category]));
  return REFUSAL_ORDER.find((code) => raised.has(code)) ?? 'ERR_BRIDGE_CAPTURE_INVALID';
}
