// Turns one endpoint's discovery and device-info answers into SbiDevices with a trust verdict:
// deviceInfo JWS to a device-provider CA, its digitalId JWS to an FTM CA (L1), the device
// certificate naming the device of the digitalId from a CA trusted for its provider, and the named checks.
import type { X509Certificate } from 'node:crypto';
import { certificateSubject, describeMismatch, subjectBindingMismatch, verifyJwsX5c, type VerifiedJwsX5c } from '@signet-kiosk/shared/sbi/crypto';
import { z } from 'zod';
import {
  decodeUnsignedDigitalId, type DigitalId, DeviceInfoPayloadSchema, type DeviceInfoItem, type DeviceInfoPayload, deviceIdOf,
  type DiscoveryEntry, envIssue, readDigitalIdFields, readTimestamp, type SbiDialect,
} from '@signet-kiosk/shared/sbi';
import type { SbiDevice } from '../device.js';
import type { SbiEndpoint } from '../transports/endpoint.js';
import type { TrustPolicy } from './anchors.js';
import { summarizeCertificate, VerdictBuilder } from './verdict.js';

/** A JWS payload (or unsigned base64url JSON) read without verification; undefined if unreadable. */
export function decodeUnverified(value: string): unknown {
  const parts = value.split('.');
  const body = parts.length === 3 ? parts[1]! : value;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Which CAs may have signed a digitalId: the FTM for L1; L0 has no FTM, its device key signs. */
export function digitalIdAnchors(policy: TrustPolicy, certification: 'L0' | 'L1'): readonly X509Certificate[] {
  return certification === 'L1' ? policy.ftmCas : [...policy.deviceProviderCas, ...policy.ftmCas];
}

/**
 * Verifies a digitalId JWS and reads it; issues go to `v` at `at`. Returns the payload (read even
 * when verification failed, for display) and whether it verified.
 */
export async function checkDigitalId(
  jws: string, certification: 'L0' | 'L1', policy: TrustPolicy, v: VerdictBuilder, at: string,
): Promise<{ digitalId: DigitalId | undefined; verified: boolean; certificate?: X509Certificate }> {
  let verified: VerifiedJwsX5c | undefined;
  try {
    verified = await verifyJwsX5c(jws, { trustAnchors: digitalIdAnchors(policy, certification) });
  } catch (err) {
    v.addVerifyFailure('DIGITAL_ID', at, err);
  }
  const { digitalId, issues } = readDigitalIdFields(verified ? safeJson(verified.payload) : decodeUnverified(jws));
  if (!digitalId) {
    v.add('PAYLOAD_INVALID', at, issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    return { digitalId: undefined, verified: false };
  }
  if (readTimestamp(digitalId.dateTime).issue) v.add('TIMESTAMP_FORMAT', `${at}.dateTime`, JSON.stringify(digitalId.dateTime));
  if (verified && v.digitalIdCertificate === undefined) v.digitalIdCertificate = summarizeCertificate(verified.certificate);
  return { digitalId: digitalId as DigitalId, verified: verified !== undefined, ...(verified ? { certificate: verified.certificate } : {}) };
}

/**
 * The certificate-subject rule, unless the policy says the provider binds otherwise: the verified
 * device certificate names the serial number and provider of the digitalId it signed for.
 */
export function checkSubjectBinding(certificate: X509Certificate | undefined, digitalId: DigitalId | undefined, policy: TrustPolicy, v: VerdictBuilder, at: string): void {
  if (!certificate || !digitalId || policy.deviceBinding === 'unchecked') return;
  const mismatch = subjectBindingMismatch(certificateSubject(certificate), digitalId);
  if (mismatch) v.add('DEVICE_CERT_SUBJECT_MISMATCH', at, `${describeMismatch(mismatch, digitalId)}.`);
}

/**
 * When the policy ties device-provider CAs to providers: the CA a verified device chain ends at is
 * trusted for the provider the digitalId names.
 */
export function checkCaProvider(chain: readonly X509Certificate[] | undefined, digitalId: DigitalId | undefined, policy: TrustPolicy, v: VerdictBuilder, at: string): void {
  const anchor = chain?.at(-1);
  if (!anchor || !digitalId || !policy.deviceProviders) return;
  const provider = policy.deviceProviders.get(anchor.fingerprint256);
  if (provider === digitalId.deviceProvider) return;
  const trustedFor = provider === undefined ? 'no device provider' : JSON.stringify(provider.slice(0, 80));
  v.add('DEVICE_CERT_PROVIDER_MISMATCH', at, `the digitalId names deviceProvider ${JSON.stringify(digitalId.deviceProvider.slice(0, 80))}; its CA (${anchor.subject.replaceAll('\n', ', ')}) is trusted for ${trustedFor}.`);
}

/** JSON of a verified payload; undefined when it is not UTF-8 JSON (then the schema check flags it). */
export function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** One info item, read (verified if signed) with the issues found on it. */
interface ReadInfo {
  payload: DeviceInfoPayload | undefined;
  signed: boolean;
  verified: VerifiedJwsX5c | undefined;
  verdict: VerdictBuilder;
}

async function readInfo(item: DeviceInfoItem, policy: TrustPolicy): Promise<ReadInfo> {
  const v = new VerdictBuilder();
  const signed = item.deviceInfo.split('.').length === 3;
  let verified: VerifiedJwsX5c | undefined;
  if (signed) {
    try {
      verified = await verifyJwsX5c(item.deviceInfo, { trustAnchors: policy.deviceProviderCas });
      v.deviceCertificate = summarizeCertificate(verified.certificate);
    } catch (err) {
      v.addVerifyFailure('DEVICE', 'deviceInfo', err);
    }
  }
  const parsed = DeviceInfoPayloadSchema.safeParse(verified ? safeJson(verified.payload) : decodeUnverified(item.deviceInfo));
  if (!parsed.success) v.add('PAYLOAD_INVALID', 'deviceInfo', `\n${z.prettifyError(parsed.error)}`);
  return { payload: parsed.success ? parsed.data : undefined, signed, verified, verdict: v };
}

const idOf = (e: { deviceId?: string | undefined; serialNo?: string | undefined }): string => deviceIdOf(e);

/** The serial number a discovery entry or info payload names, through its digitalId if need be. */
const serialOf = (e: { serialNo?: string | undefined; digitalId: string }): string | undefined => e.serialNo ?? decodeUnsignedDigitalId(e.digitalId)?.serialNo;

/**
 * Builds the devices of one endpoint. `infos` is undefined when device info could not be had.
 * @example const devices = await describeDevices({ endpoint, dialect: 'mds', entries, infos, policy });
 */
export async function describeDevices(args: {
  endpoint: SbiEndpoint;
  dialect: SbiDialect;
  entries: readonly DiscoveryEntry[];
  infos: readonly DeviceInfoItem[] | undefined;
  policy: TrustPolicy;
}): Promise<SbiDevice[]> {
  const { endpoint, dialect, entries, policy } = args;
  const infos = args.infos ? await Promise.all(args.infos.map((i) => readInfo(i, policy))) : [];
  const unmatched = new Set(infos.keys());
  const take = (pred: (info: ReadInfo) => boolean): ReadInfo | undefined => {
    for (const i of unmatched) {
      if (pred(infos[i]!)) {
        unmatched.delete(i);
        return infos[i];
      }
    }
    return undefined;
  };

  return Promise.all(
    entries.map(async (entry, index) => {
      const id = idOf(entry);
      const serial = serialOf(entry);
      // Join on the device id, else the serial number (Not Registered devices blank their ids), else position.
      const info =
        (id ? take((i) => i.payload !== undefined && idOf(i.payload) === id) : undefined) ??
        (serial ? take((i) => i.payload !== undefined && serialOf(i.payload) === serial) : undefined) ??
        (unmatched.has(index) ? take((i) => i === infos[index]) : undefined);
      return describeDevice(endpoint, dialect, entry, info, args.infos !== undefined, policy);
    }),
  );
}

async function describeDevice(
  endpoint: SbiEndpoint, dialect: SbiDialect, entry: DiscoveryEntry, info: ReadInfo | undefined, infoAnswered: boolean, policy: TrustPolicy,
): Promise<SbiDevice> {
  const v = info?.verdict ?? new VerdictBuilder();
  const registered = entry.deviceStatus !== 'Not Registered';
  const announced = decodeUnsignedDigitalId(entry.digitalId);
  const payload = info?.payload;

  if (!registered) v.add('NOT_REGISTERED', 'discovery');
  else if (!info) v.add('INFO_UNAVAILABLE', 'deviceInfo', infoAnswered ? 'The device info lists no entry for this device.' : undefined);
  else if (!info.signed) v.add('DEVICE_SIGNATURE_INVALID', 'deviceInfo', 'It is not signed.');

  let digitalId = announced;
  let digitalIdVerified = false;
  if (payload && registered) {
    if (idOf(payload) !== idOf(entry) || payload.certification !== entry.certification || (payload.purpose !== entry.purpose)) {
      v.add('IDENTITY_MISMATCH', 'deviceInfo', `Discovery says ${idOf(entry)}/${entry.certification}/${entry.purpose}, device info ${idOf(payload)}/${payload.certification}/${payload.purpose}.`);
    }
    const checked = await checkDigitalId(payload.digitalId, entry.certification, policy, v, 'deviceInfo.digitalId');
    if (checked.digitalId) {
      if (announced && checked.digitalId.serialNo !== announced.serialNo) {
        v.add('IDENTITY_MISMATCH', 'deviceInfo.digitalId', `Serial ${checked.digitalId.serialNo} signed, ${announced.serialNo} announced.`);
      }
      digitalId = checked.digitalId;
      digitalIdVerified = checked.verified;
      checkCaProvider(info?.verified?.chain, checked.digitalId, policy, v, 'deviceInfo');
      checkSubjectBinding(info?.verified?.certificate, checked.digitalId, policy, v, 'deviceInfo');
    }
  }
  if (entry.certification === 'L0' && entry.purpose === 'Auth') v.add('L0_FOR_AUTH', 'discovery', undefined, policy.allowL0ForAuth ? 'warning' : 'error');
  if (policy.env && payload && payload.env !== 'None' && envIssue(payload.env, [policy.env])) v.add('ENV_MISMATCH', 'deviceInfo.env', `Device: ${payload.env}; kiosk: ${policy.env}.`, 'warning');

  const serialNo = entry.serialNo ?? digitalId?.serialNo ?? payload?.serialNo ?? '';
  return {
    key: `${endpoint.id}#${serialNo || idOf(entry)}`,
    endpoint: endpoint.id,
    transport: endpoint.transport,
    ...(endpoint.port !== undefined ? { port: endpoint.port } : {}),
    callbackId: entry.callbackId,
    dialect,
    deviceId: idOf(entry),
    serialNo,
    ...(entry.deviceCode ? { deviceCode: entry.deviceCode } : {}),
    status: entry.deviceStatus,
    certification: entry.certification,
    purpose: entry.purpose,
    type: digitalId?.type,
    subType: digitalId?.deviceSubType,
    subIds: entry.deviceSubId,
    digitalId,
    digitalIdVerified,
    ...(payload ? { firmware: payload.firmware, env: payload.env } : {}),
    serviceVersion: entry.serviceVersion,
    specVersions: entry.specVersion,
    ...(entry.error.errorCode !== '0' ? { error: entry.error } : {}),
    verdict: v.build(),
  };
}
