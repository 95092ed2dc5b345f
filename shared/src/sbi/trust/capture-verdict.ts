// The trust checks of a CAPTURE or RCAPTURE answer, written once over a certificate implementation
// (toolkit.ts) for the bridge (node:crypto) and the browser's SBI client (WebCrypto): each `data`
// JWS to a device-provider CA, each digitalId to an FTM CA (L1), the signing certificate naming
// the digitalId's device from a CA trusted for its provider, the echoes of the request
// (transactionId, domainUri, env, purpose, bio type), timestamps in the request's window and in
// order (the digitalId's too), hash format and count. What needs the ID system's keys (thumbprint,
// decryption, the hash chain over the records) is the caller's, through `onItem`.
import { z } from 'zod';
import { CaptureDataSchema, type CaptureData, type CaptureRequestStrict } from '../messages/capture.js';
import {
  RegistrationCaptureDataSchema,
  type RegistrationCaptureData,
  type RegistrationCaptureRequestStrict,
} from '../messages/rcapture.js';
import { domainIssue, envIssue, purposeIssue, transactionIdIssue } from '../rules/capture-context.js';
import { orderIssue, readTimestamp, windowIssue } from '../rules/timestamps.js';
import {
  checkDeviceBinding,
  checkDigitalId,
  decodeUnverified,
  safeJson,
  verifyDeviceSigned,
  type TrustCheck,
} from './device-verdict.js';
import {
  DEFAULT_MAX_CLOCK_SKEW_MS,
  type CertificateToolkit,
  type DeviceTrustPolicy,
  type TrustCertificate,
} from './toolkit.js';
import { VerdictBuilder } from './verdict.js';

/** Captures of one request must lie at most this far apart (what ID systems allow). */
export const MAX_SEGMENT_GAP_MS = 120_000;

// Timestamps read as any string so that a malformed one (milliseconds) is its own issue.
const CaptureDataLenientTime = CaptureDataSchema.extend({ timestamp: z.string() });
const RegistrationDataLenientTime = RegistrationCaptureDataSchema.extend({ timestamp: z.string() });

/** A returned biometric as the device sent it. */
export interface CapturedItem {
  data?: string | null | undefined;
  hash?: string | null | undefined;
  sessionKey?: string | null | undefined;
  thumbprint?: string | null | undefined;
}

/** One biometric whose `data` could be read, handed to `onItem` where it was checked. */
export interface ReadCaptureItem {
  index: number;
  at: string;
  item: CapturedItem;
  data: (CaptureData | RegistrationCaptureData) & { timestamp: string };
}

export interface CaptureJudgeInput<C extends TrustCertificate> {
  mode: 'capture' | 'rcapture';
  /** The device as judged at discovery: its certification, serial number and device-info signer. */
  device: { certification: 'L0' | 'L1'; serialNo: string; deviceCertificateFingerprint?: string | undefined };
  request: CaptureRequestStrict | RegistrationCaptureRequestStrict;
  biometrics: readonly CapturedItem[];
  requestOrigin?: string | undefined;
  /** Our Origin, for P3167's `requestOrigin` echo. */
  origin?: string | undefined;
  /** When the request went out and the answer came back: the window device timestamps must fall in. */
  startedAt: Date;
  finishedAt: Date;
  toolkit: CertificateToolkit<C>;
  policy: DeviceTrustPolicy<C>;
  /** Checks of the caller's on each readable biometric, in order, adding to the same verdict. */
  onItem?: (read: ReadCaptureItem, v: VerdictBuilder) => void;
}

/**
 * Runs every check; never throws on bad device data (it becomes an issue). Returns the verdict
 * being built (the caller may add to it, then build) and the biometrics whose data could be read.
 * @example const { v } = await judgeCapture({ mode: 'capture', device, request, biometrics, startedAt, finishedAt, toolkit, policy }); v.build().trusted
 */
export async function judgeCapture<C extends TrustCertificate>(
  input: CaptureJudgeInput<C>,
): Promise<{ v: VerdictBuilder; read: (ReadCaptureItem | undefined)[] }> {
  const { mode, device, request, policy } = input;
  const v = new VerdictBuilder();
  const check: TrustCheck<C> = { toolkit: input.toolkit, policy, v };
  const skew = policy.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  const earliest = input.startedAt.getTime() - skew;
  const latest = input.finishedAt.getTime() + skew;
  const bio = request.bio[0]!;
  const read: (ReadCaptureItem | undefined)[] = [];
  let lastTime: number | undefined;

  const inWindow = (ts: string, at: string): number | undefined => {
    const { time, issue } = readTimestamp(ts);
    if (issue) {
      v.add('TIMESTAMP_FORMAT', at, JSON.stringify(ts));
      return undefined;
    }
    if (windowIssue(time, { earliest, latest }))
      v.add(
        'TIMESTAMP_SKEW',
        at,
        `${ts} is outside ${new Date(earliest).toISOString()} – ${new Date(latest).toISOString()}.`,
      );
    return time;
  };

  if (device.certification === 'L0' && request.purpose === 'Auth')
    v.add('L0_FOR_AUTH', 'device', undefined, policy.allowL0ForAuth ? 'warning' : 'error');
  if (input.requestOrigin !== undefined && input.origin !== undefined && input.requestOrigin !== input.origin) {
    v.add('REQUEST_ORIGIN_MISMATCH', 'requestOrigin', `Got ${JSON.stringify(input.requestOrigin)}.`);
  }
  // Registration counts include the exceptions (missing fingers), which are not returned.
  const exceptions = 'exception' in bio ? bio.exception.length : 0;
  const got = input.biometrics.length;
  if (got > Number(bio.count) || got < Number(bio.count) - exceptions)
    v.add('COUNT_MISMATCH', 'biometrics', `Asked ${bio.count}, got ${got}.`, 'warning');

  for (const [index, b] of input.biometrics.entries()) {
    const at = `biometrics[${index}]`;
    if (!b.data) {
      v.add('PAYLOAD_INVALID', `${at}.data`, 'It is empty.');
      read.push(undefined);
      continue;
    }
    const verified = await verifyDeviceSigned(check, b.data, `${at}.data`);
    const known = device.deviceCertificateFingerprint;
    if (verified && known && known !== verified.certificate.fingerprint256)
      v.add('DEVICE_KEY_CHANGED', `${at}.data`, undefined, 'warning');
    const parsed = (mode === 'capture' ? CaptureDataLenientTime : RegistrationDataLenientTime).safeParse(
      verified ? safeJson(verified.payload) : decodeUnverified(b.data),
    );
    if (!parsed.success) {
      v.add('PAYLOAD_INVALID', `${at}.data`, `\n${z.prettifyError(parsed.error)}`);
      read.push(undefined);
      continue;
    }
    const data = parsed.data;

    const { digitalId } = await checkDigitalId(check, data.digitalId, device.certification, `${at}.data.digitalId`);
    if (digitalId) {
      if (device.serialNo && digitalId.serialNo !== device.serialNo)
        v.add(
          'IDENTITY_MISMATCH',
          `${at}.data.digitalId`,
          `Serial ${digitalId.serialNo}, expected ${device.serialNo}.`,
        );
      checkDeviceBinding(check, verified, digitalId, `${at}.data`);
      inWindow(digitalId.dateTime, `${at}.data.digitalId.dateTime`);
    }
    if (transactionIdIssue(data.transactionId, request.transactionId))
      v.add(
        'TRANSACTION_ID_MISMATCH',
        `${at}.data.transactionId`,
        `Asked ${request.transactionId}, got ${JSON.stringify(data.transactionId)}.`,
      );
    // Only CAPTURE data carries domainUri (the RCAPTURE schema has none), always as text.
    if (
      'domainUri' in data &&
      typeof data.domainUri === 'string' &&
      'domainUri' in request &&
      domainIssue(data.domainUri, [request.domainUri])
    ) {
      v.add(
        'DOMAIN_URI_MISMATCH',
        `${at}.data.domainUri`,
        `Asked ${request.domainUri}, got ${JSON.stringify(data.domainUri)}.`,
      );
    }
    if (envIssue(data.env, [request.env]))
      v.add('ENV_MISMATCH', `${at}.data.env`, `Asked ${request.env}, got ${data.env}.`);
    if (purposeIssue(data.purpose, [request.purpose]))
      v.add('PURPOSE_MISMATCH', `${at}.data.purpose`, `Asked ${request.purpose}, got ${data.purpose}.`);
    if (data.bioType !== bio.type)
      v.add('BIO_TYPE_MISMATCH', `${at}.data.bioType`, `Asked ${bio.type}, got ${data.bioType}.`);

    const t = inWindow(data.timestamp, `${at}.data.timestamp`);
    if (t !== undefined && orderIssue(lastTime, t, MAX_SEGMENT_GAP_MS))
      v.add('TIMESTAMP_ORDER', `${at}.data.timestamp`);
    if (t !== undefined) lastTime = t;

    if (!b.hash || !/^[0-9A-Fa-f]{64}$/.test(b.hash)) v.add('HASH_MALFORMED', `${at}.hash`);
    const item: ReadCaptureItem = { index, at, item: b, data };
    input.onItem?.(item, v);
    read.push(item);
  }
  return { v, read };
}
