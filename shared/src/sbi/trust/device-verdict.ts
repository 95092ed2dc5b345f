// The trust verdict on the devices of one device service, from its discovery and device-info
// answers: deviceInfo JWS to a device-provider CA, its digitalId JWS to an FTM CA (L1), the device
// certificate naming the device of the digitalId from a CA trusted for its provider, registration,
// certification, purpose and env. Written once over a certificate implementation (toolkit.ts): the
// bridge runs it with node:crypto, the browser's SBI client with WebCrypto.
import { z } from 'zod';
import { jsonFromBase64 } from '../encoding/base64url.js';
import { SbiVerifyError } from '../errors.js';
import type { VerifiedX5cJws } from '../jws/x5c-rules.js';
import { DeviceInfoPayloadSchema, type DeviceInfoItem, type DeviceInfoPayload } from '../messages/device-info.js';
import { decodeUnsignedDigitalId, type DigitalId } from '../messages/digital-id.js';
import { deviceIdOf, type DiscoveryEntry } from '../messages/discovery.js';
import { envIssue } from '../rules/capture-context.js';
import { describeMismatch, subjectBindingMismatch } from '../rules/device-binding.js';
import { readDigitalIdFields } from '../rules/digital-id.js';
import { readTimestamp } from '../rules/timestamps.js';
import type { CertificateToolkit, DeviceTrustPolicy, TrustCertificate } from './toolkit.js';
import { summarizeCertificate, VerdictBuilder, type TrustVerdict } from './verdict.js';

/** A JWS payload (or unsigned base64url JSON) read without verification; undefined if unreadable. */
export function decodeUnverified(value: string): unknown {
  const parts = value.split('.');
  try {
    return jsonFromBase64(parts.length === 3 ? parts[1]! : value);
  } catch {
    return undefined;
  }
}

/** JSON of a verified payload; undefined when it is not UTF-8 JSON (then the schema check flags it). */
export function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** Which CAs may have signed a digitalId: the FTM for L1; L0 has no FTM, its device key signs. */
export function digitalIdAnchors<C extends TrustCertificate>(
  policy: DeviceTrustPolicy<C>,
  certification: 'L0' | 'L1',
): readonly C[] {
  return certification === 'L1' ? policy.ftmCas : [...policy.deviceProviderCas, ...policy.ftmCas];
}

/** The checks of one answer: the certificate implementation, the policy and the verdict being built. */
export interface TrustCheck<C extends TrustCertificate> {
  toolkit: CertificateToolkit<C>;
  policy: DeviceTrustPolicy<C>;
  v: VerdictBuilder;
}

/** verify, or the failure recorded under the role that signed; undefined then. */
async function verifyAs<C extends TrustCertificate>(
  check: TrustCheck<C>,
  role: 'DEVICE' | 'DIGITAL_ID',
  jws: string,
  anchors: readonly C[],
  at: string,
): Promise<VerifiedX5cJws<C> | undefined> {
  try {
    return await check.toolkit.verify(jws, anchors);
  } catch (err) {
    if (!(err instanceof SbiVerifyError)) throw err;
    check.v.addVerifyFailure(role, at, err);
    return undefined;
  }
}

/**
 * Verifies a device-signed JWS (deviceInfo, capture data) to a device-provider CA; the failure is
 * recorded at `at`, and the signing certificate summarised on the verdict.
 */
export async function verifyDeviceSigned<C extends TrustCertificate>(
  check: TrustCheck<C>,
  jws: string,
  at: string,
): Promise<VerifiedX5cJws<C> | undefined> {
  const verified = await verifyAs(check, 'DEVICE', jws, check.policy.deviceProviderCas, at);
  if (verified) check.v.deviceCertificate ??= summarizeCertificate(verified.certificate);
  return verified;
}

/**
 * Verifies a digitalId JWS and reads it; issues go to the verdict at `at`. Returns the payload (read
 * even when verification failed, for display) and whether it verified.
 */
export async function checkDigitalId<C extends TrustCertificate>(
  check: TrustCheck<C>,
  jws: string,
  certification: 'L0' | 'L1',
  at: string,
): Promise<{ digitalId: DigitalId | undefined; verified: boolean }> {
  const { v } = check;
  const verified = await verifyAs(check, 'DIGITAL_ID', jws, digitalIdAnchors(check.policy, certification), at);
  const { digitalId, issues } = readDigitalIdFields(verified ? safeJson(verified.payload) : decodeUnverified(jws));
  if (!digitalId) {
    v.add('PAYLOAD_INVALID', at, issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    return { digitalId: undefined, verified: false };
  }
  if (readTimestamp(digitalId.dateTime).issue)
    v.add('TIMESTAMP_FORMAT', `${at}.dateTime`, JSON.stringify(digitalId.dateTime));
  if (verified && v.digitalIdCertificate === undefined)
    v.digitalIdCertificate = summarizeCertificate(verified.certificate);
  return { digitalId: digitalId as DigitalId, verified: verified !== undefined };
}

/**
 * The device binding of a verified device signature: the CA its chain ends at is trusted for the
 * provider the digitalId names (when the policy ties CAs to providers), and the certificate names
 * the digitalId's serial number and provider (unless the CA's devices are bound otherwise).
 */
export function checkDeviceBinding<C extends TrustCertificate>(
  check: TrustCheck<C>,
  verified: VerifiedX5cJws<C> | undefined,
  digitalId: DigitalId | undefined,
  at: string,
): void {
  const { v, policy } = check;
  const anchor = verified?.chain.at(-1);
  if (!verified || !anchor || !digitalId) return;
  if (policy.deviceProviders) {
    const provider = policy.deviceProviders.get(anchor.fingerprint256);
    if (provider !== digitalId.deviceProvider) {
      const trustedFor = provider === undefined ? 'no device provider' : JSON.stringify(provider.slice(0, 80));
      v.add(
        'DEVICE_CERT_PROVIDER_MISMATCH',
        at,
        `the digitalId names deviceProvider ${JSON.stringify(digitalId.deviceProvider.slice(0, 80))}; its CA (${anchor.subject.replaceAll('\n', ', ')}) is trusted for ${trustedFor}.`,
      );
    }
  }
  const binding =
    typeof policy.deviceBinding === 'object' ? policy.deviceBinding.get(anchor.fingerprint256) : policy.deviceBinding;
  if (binding === 'unchecked') return;
  const mismatch = subjectBindingMismatch(check.toolkit.subjectOf(verified.certificate), digitalId);
  if (mismatch) v.add('DEVICE_CERT_SUBJECT_MISMATCH', at, `${describeMismatch(mismatch, digitalId)}.`);
}

/** One info item, read (verified if signed) with the issues found on it. */
interface ReadInfo<C> {
  payload: DeviceInfoPayload | undefined;
  signed: boolean;
  verified: VerifiedX5cJws<C> | undefined;
  verdict: VerdictBuilder;
}

async function readInfo<C extends TrustCertificate>(
  item: DeviceInfoItem,
  toolkit: CertificateToolkit<C>,
  policy: DeviceTrustPolicy<C>,
): Promise<ReadInfo<C>> {
  const v = new VerdictBuilder();
  const signed = item.deviceInfo.split('.').length === 3;
  const verified = signed ? await verifyDeviceSigned({ toolkit, policy, v }, item.deviceInfo, 'deviceInfo') : undefined;
  const parsed = DeviceInfoPayloadSchema.safeParse(
    verified ? safeJson(verified.payload) : decodeUnverified(item.deviceInfo),
  );
  if (!parsed.success) v.add('PAYLOAD_INVALID', 'deviceInfo', `\n${z.prettifyError(parsed.error)}`);
  return { payload: parsed.success ? parsed.data : undefined, signed, verified, verdict: v };
}

/** The serial number a discovery entry or info payload names, through its digitalId if need be. */
const serialOf = (e: { serialNo?: string | undefined; digitalId: string }): string | undefined =>
  e.serialNo ?? decodeUnsignedDigitalId(e.digitalId)?.serialNo;

/** One announced device with what its device info says and the verdict on it. */
export interface JudgedDevice {
  entry: DiscoveryEntry;
  /** The device-info payload that answers for it (verified when signed and trusted). */
  payload: DeviceInfoPayload | undefined;
  /** The signed digitalId when device info gave one, else the one discovery announced (unverified). */
  digitalId: DigitalId | undefined;
  digitalIdVerified: boolean;
  verdict: TrustVerdict;
}

/**
 * Judges the devices of one service. `infos` is undefined when device info could not be had.
 * @example const judged = await judgeDevices({ entries, infos, toolkit, policy });
 */
export async function judgeDevices<C extends TrustCertificate>(args: {
  entries: readonly DiscoveryEntry[];
  infos: readonly DeviceInfoItem[] | undefined;
  toolkit: CertificateToolkit<C>;
  policy: DeviceTrustPolicy<C>;
}): Promise<JudgedDevice[]> {
  const { entries, toolkit, policy } = args;
  const infos = args.infos ? await Promise.all(args.infos.map((i) => readInfo(i, toolkit, policy))) : [];
  const unmatched = new Set(infos.keys());
  const take = (pred: (info: ReadInfo<C>) => boolean): ReadInfo<C> | undefined => {
    for (const i of unmatched) {
      if (pred(infos[i]!)) {
        unmatched.delete(i);
        return infos[i];
      }
    }
    return undefined;
  };
  // Matched in order (each info answers one entry at most), then checked side by side.
  const matched = entries.map((entry, index) => {
    const id = deviceIdOf(entry);
    const serial = serialOf(entry);
    // Join on the device id, else the serial number (Not Registered devices blank their ids), else position.
    return (
      (id ? take((i) => i.payload !== undefined && deviceIdOf(i.payload) === id) : undefined) ??
      (serial ? take((i) => i.payload !== undefined && serialOf(i.payload) === serial) : undefined) ??
      (unmatched.has(index) ? take((i) => i === infos[index]) : undefined)
    );
  });
  return Promise.all(
    entries.map((entry, index) => judgeDevice(entry, matched[index], args.infos !== undefined, toolkit, policy)),
  );
}

async function judgeDevice<C extends TrustCertificate>(
  entry: DiscoveryEntry,
  info: ReadInfo<C> | undefined,
  infoAnswered: boolean,
  toolkit: CertificateToolkit<C>,
  policy: DeviceTrustPolicy<C>,
): Promise<JudgedDevice> {
  const v = info?.verdict ?? new VerdictBuilder();
  const check: TrustCheck<C> = { toolkit, policy, v };
  const registered = entry.deviceStatus !== 'Not Registered';
  const announced = decodeUnsignedDigitalId(entry.digitalId);
  const payload = info?.payload;

  if (!registered) v.add('NOT_REGISTERED', 'discovery');
  else if (!info)
    v.add(
      'INFO_UNAVAILABLE',
      'deviceInfo',
      infoAnswered ? 'The device info lists no entry for this device.' : undefined,
    );
  else if (!info.signed) v.add('DEVICE_SIGNATURE_INVALID', 'deviceInfo', 'It is not signed.');

  let digitalId = announced;
  let digitalIdVerified = false;
  if (payload && registered) {
    if (
      deviceIdOf(payload) !== deviceIdOf(entry) ||
      payload.certification !== entry.certification ||
      payload.purpose !== entry.purpose
    ) {
      v.add(
        'IDENTITY_MISMATCH',
        'deviceInfo',
        `Discovery says ${deviceIdOf(entry)}/${entry.certification}/${entry.purpose}, device info ${deviceIdOf(payload)}/${payload.certification}/${payload.purpose}.`,
      );
    }
    const checked = await checkDigitalId(check, payload.digitalId, entry.certification, 'deviceInfo.digitalId');
    if (checked.digitalId) {
      if (announced && checked.digitalId.serialNo !== announced.serialNo) {
        v.add(
          'IDENTITY_MISMATCH',
          'deviceInfo.digitalId',
          `Serial ${checked.digitalId.serialNo} signed, ${announced.serialNo} announced.`,
        );
      }
      digitalId = checked.digitalId;
      digitalIdVerified = checked.verified;
      checkDeviceBinding(check, info?.verified, checked.digitalId, 'deviceInfo');
    }
  }
  if (entry.certification === 'L0' && entry.purpose === 'Auth')
    v.add('L0_FOR_AUTH', 'discovery', undefined, policy.allowL0ForAuth ? 'warning' : 'error');
  if (policy.env && payload && payload.env !== 'None' && envIssue(payload.env, [policy.env]))
    v.add('ENV_MISMATCH', 'deviceInfo.env', `Device: ${payload.env}; kiosk: ${policy.env}.`, 'warning');
  return { entry, payload, digitalId, digitalIdVerified, verdict: v.build() };
}
