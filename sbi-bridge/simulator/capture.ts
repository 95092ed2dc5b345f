// CAPTURE and RCAPTURE on the simulated devices: a named list of request checks (each with its SBI
// error code), then synthetic ISO records, encrypted and hash-chained, in device-signed `data`,
// with the quality, delay and fault knobs applied.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import {
  encryptBioValue,
  hashChain,
  signJwsX5c,
  type X5cSigner,
  wrapSessionKey,
  certificateThumbprint,
} from '@signet-kiosk/shared/sbi/crypto';
import {
  sbiError,
  type SbiErrorCode,
  CaptureDataStrictSchema,
  CaptureRequestSchema,
  type CaptureRequest,
  MAX_COUNT,
  type BioType,
  RegistrationCaptureDataStrictSchema,
  RegistrationCaptureRequestSchema,
  sbiTimestamp,
  SBI_TRANSACTION_ID_PATTERN,
} from '@signet-kiosk/shared/sbi';
import { syntheticCapture } from '@signet-kiosk/shared/sbi/testing';
import { signedDigitalId, type DeviceService } from './device-service.js';
import {
  allowedSubTypes,
  biometricsToCapture,
  deviceCodeOf,
  SIM_SERVICE_VERSION,
  type SimDeviceState,
} from './devices.js';
import type { ActiveFaults, FaultName } from './faults.js';
import { originOf } from './origins.js';
import { loadFaultSigner } from './pki-store.js';

type Mode = 'capture' | 'rcapture';

const MAX_CAPTURE_MS = 10 * 60_000;

/** A check failed: answer with this SBI error code. */
class CaptureRefused extends Error {
  constructor(
    readonly code: SbiErrorCode,
    info?: string,
  ) {
    super(info);
  }
}

/** Which SBI code a schema failure maps to, by the first field that failed. */
const FIELD_CODES: Record<string, SbiErrorCode> = {
  env: '115',
  purpose: '113',
  specVersion: '114',
  timeout: '116',
  transactionId: '112',
  domainUri: '123',
  type: '117',
  count: '118',
  bioSubType: '119',
  exception: '119',
  requestedScore: '120',
  deviceId: '121',
  serialNo: '121',
  deviceSubId: '121',
  previousHash: '122',
  bio: '109',
};

function codeForIssues(issues: z.core.$ZodIssue[]): [SbiErrorCode, string] {
  const issue = issues[0]!;
  const field = [...issue.path].reverse().find((p): p is string => typeof p === 'string' && p in FIELD_CODES);
  return [field ? FIELD_CODES[field]! : '500', `${issue.path.join('.') || 'request'}: ${issue.message}`];
}

type Request = Omit<CaptureRequest, 'domainUri'> & { domainUri?: string | undefined };

/** The checks, in order; each throws CaptureRefused. Returns the device and what to capture. */
function checkRequest(
  svc: DeviceService,
  mode: Mode,
  body: unknown,
  pageOrigin: string | undefined,
): { req: Request; device: SimDeviceState; subTypes: string[] } {
  const parsed = (mode === 'capture' ? CaptureRequestSchema : RegistrationCaptureRequestSchema).safeParse(body);
  if (!parsed.success) throw new CaptureRefused(...codeForIssues(parsed.error.issues));
  const req: Request = parsed.data;
  if (!SBI_TRANSACTION_ID_PATTERN.test(req.transactionId)) throw new CaptureRefused('112');
  if (req.bio.length !== 1) throw new CaptureRefused('109', 'One bio entry per capture');
  const bio = req.bio[0]!;
  const device = svc.devices.find((d) => d.spec.deviceId === bio.deviceId || d.spec.serialNo === bio.deviceId);
  if (!device) throw new CaptureRefused('106');
  const { spec } = device;
  if (device.status === 'Not Registered') throw new CaptureRefused('100');
  if (device.status === 'Not Ready') throw new CaptureRefused('110');
  if (device.status === 'Busy') throw new CaptureRefused('111');
  const wantPurpose = mode === 'capture' ? 'Auth' : 'Registration';
  if (req.purpose !== wantPurpose || spec.purpose !== wantPurpose)
    throw new CaptureRefused('113', `This device and verb are for purpose ${spec.purpose}`);
  if (req.env !== svc.config.env) throw new CaptureRefused('115', `The device is registered in ${svc.config.env}`);
  if (bio.type !== spec.type) throw new CaptureRefused('117', `This device captures ${spec.type}`);
  if (!Object.hasOwn(spec.subIds, bio.deviceSubId))
    throw new CaptureRefused('121', `deviceSubId must be one of ${Object.keys(spec.subIds).join(', ')}`);
  const count = Number(bio.count);
  const max = Math.min(
    MAX_COUNT[spec.type],
    spec.deviceSubType === 'Single' ? 1 : spec.subIds[bio.deviceSubId]!.length,
  );
  if (count < 1 || count > max) throw new CaptureRefused('109', `This device captures 1 to ${max} here`);
  const allowed = allowedSubTypes(spec, bio.deviceSubId);
  if (spec.type !== 'Face' && bio.bioSubType.some((s) => !allowed.includes(s))) throw new CaptureRefused('119');
  if (mode === 'capture' && !req.domainUri) throw new CaptureRefused('123');
  // A page may only capture for its own site: what it would do with a capture for another is replay it there.
  if (mode === 'capture' && pageOrigin !== undefined && originOf(req.domainUri!) !== pageOrigin) {
    throw new CaptureRefused(
      '123',
      `domainUri ${JSON.stringify(req.domainUri)} is not the origin of the page that asked (${pageOrigin})`,
    );
  }
  if (bio.previousHash !== '' && !/^[0-9A-Fa-f]{64}$/.test(bio.previousHash)) throw new CaptureRefused('122');
  const subTypes = biometricsToCapture(spec, bio.deviceSubId, count, bio.bioSubType, bio.exception);
  if (subTypes.length === 0) throw new CaptureRefused('109', 'Every requested biometric is an exception');
  return { req, device, subTypes };
}

/** The error answer in the shape of a capture response. */
export function captureError(mode: Mode, code: SbiErrorCode, info?: string): { biometrics: object[] } {
  const blank =
    mode === 'capture'
      ? { specVersion: SIM_SERVICE_VERSION, data: '', hash: '', sessionKey: '', thumbprint: '' }
      : { specVersion: SIM_SERVICE_VERSION, data: '', hash: '' };
  return { biometrics: [{ ...blank, error: sbiError(code, info) }] };
}

/** Per request: who presents (customOpts.individualId, else the `X-Sim-Individual-Id` header). */
const CustomOptsSchema = z.looseObject({ individualId: z.string().min(1).nullable() });

export interface CaptureOptions {
  /** The Origin header: a web page asked (its domainUri must be of that origin); undefined for native tools. */
  origin?: string | undefined;
  /** P3167: the page's origin, echoed as `requestOrigin`. */
  requestOrigin?: string | undefined;
  /** Who presents for this request only (the header); customOpts.individualId wins over it. */
  presented?: string | null | undefined;
}

/**
 * Who is on the sensor for this request. A web page never chooses (it could otherwise sign in as
 * anyone whose ID it knows): the per-request override is for native tools; pages get whoever the
 * configuration or the admin API put there.
 */
function presentedFor(svc: DeviceService, req: Request, opts: CaptureOptions): string | null {
  if (opts.origin !== undefined) return svc.presented;
  const custom = CustomOptsSchema.safeParse(req.customOpts);
  if (custom.success) return custom.data.individualId;
  return opts.presented !== undefined ? opts.presented : svc.presented;
}

/**
 * Runs a CAPTURE (mode 'capture') or RCAPTURE ('rcapture'), with the faults queued for it; always
 * resolves to a response body.
 * @example await capture(svc, 'capture', JSON.parse(body), { requestOrigin: 'https://id.example.org' })
 */
export async function capture(
  svc: DeviceService,
  mode: Mode,
  body: unknown,
  opts: CaptureOptions = {},
): Promise<object> {
  let checked: ReturnType<typeof checkRequest>;
  try {
    checked = checkRequest(svc, mode, body, opts.origin);
  } catch (e) {
    if (e instanceof CaptureRefused) return captureError(mode, e.code, e.message || undefined);
    throw e;
  }
  const { req, device, subTypes } = checked;
  if (device.busy) return captureError(mode, '703');
  const faults = svc.faults.take(device.spec);
  if (faults.names.has('notRegistered')) return captureError(mode, '100');
  if (faults.names.has('busy')) return captureError(mode, '111');
  device.busy = true;
  try {
    // A capture never holds the device longer than MAX_CAPTURE_MS, whatever timeout was asked for.
    const timeout = Math.min(Number(req.timeout), MAX_CAPTURE_MS);
    const delay = svc.delays[mode];
    if (faults.names.has('timeout') || delay > timeout) {
      await sleep(timeout);
      return captureError(mode, '701');
    }
    // Quality: fixed, or rising to the requested score over rampMs (the best reached by the timeout).
    const { rampMs } = svc.quality;
    const rampElapsed = rampMs === null ? 0 : Math.min(rampMs, timeout - delay);
    const quality =
      rampMs === null
        ? svc.quality.score
        : Math.round(Number(req.bio[0]!.requestedScore) * (rampElapsed / rampMs) * 10) / 10;
    if (delay + rampElapsed > 0) await sleep(delay + rampElapsed);
    const seed = presentedFor(svc, req, opts);
    if (seed === null) return captureError(mode, '101');
    const result = await buildBiometrics(svc, mode, req, device, subTypes, seed, Math.min(100, quality), faults);
    return opts.requestOrigin === undefined ? result : { ...result, requestOrigin: opts.requestOrigin };
  } catch {
    return captureError(mode, '102');
  } finally {
    device.busy = false;
  }
}

/** Whose key a foreignDeviceKey capture is signed with: the registration slap scanner's, or on it the finger scanner's. */
function foreignSerial(svc: DeviceService, serial: string): string {
  const others = svc.devices.map((d) => d.spec).filter((d) => d.serialNo !== serial);
  const other = others.find((d) => d.purpose === 'Registration') ?? others[0];
  if (other === undefined) throw new Error('foreignDeviceKey needs a second device');
  return other.serialNo;
}

/** The signer of `data`: the device's own key, or a fault's (expired, untrusted, another provider's, another device's). */
async function dataSigner(svc: DeviceService, serial: string, faults: ActiveFaults): Promise<X5cSigner> {
  const has = (f: FaultName) => faults.names.has(f);
  const kind = has('untrustedCa')
    ? 'untrusted'
    : has('expiredCert')
      ? 'expired'
      : has('foreignProviderCert')
        ? 'foreignProvider'
        : undefined;
  if (kind === undefined) {
    const keys = svc.pki.devices.get(has('foreignDeviceKey') ? foreignSerial(svc, serial) : serial)!;
    return { privateKey: keys.device.privateKey, certificates: [keys.device.certificate] };
  }
  const key = `${kind}|${serial}`;
  let signer = svc.faultSigners.get(key);
  if (!signer) {
    signer = loadFaultSigner(svc.config.dataDir, svc.pki, serial, kind);
    svc.faultSigners.set(key, signer);
    signer.catch(() => svc.faultSigners.delete(key));
  }
  return signer;
}

/** Flips one bit in the middle of a compact JWS's signature: it stays well-formed but no longer verifies. */
export function corruptJwsSignature(jws: string): string {
  const [h, p, sig] = jws.split('.') as [string, string, string];
  const bytes = Buffer.from(sig, 'base64url');
  bytes[bytes.length >> 1]! ^= 0x01;
  return `${h}.${p}.${bytes.toString('base64url')}`;
}

/** What a staleDigitalId fault dates the digitalId: long before any capture (the date the review used). */
const STALE_DIGITAL_ID_TIME = '2020-01-01T00:00:00Z';

/** The modality a wrongDeviceType device claims instead of its own. */
const otherBioType = (type: BioType): BioType => (type === 'Finger' ? 'Iris' : 'Finger');

/** Another valid transaction id: the last character changed. */
const otherTransactionId = (id: string) => id.slice(0, -1) + (id.endsWith('X') ? 'Y' : 'X');

async function buildBiometrics(
  svc: DeviceService,
  mode: Mode,
  req: Request,
  device: SimDeviceState,
  subTypes: string[],
  seed: string,
  quality: number,
  faults: ActiveFaults,
): Promise<{ biometrics: object[] }> {
  const { spec } = device;
  const bio = req.bio[0]!;
  const signer = await dataSigner(svc, spec.serialNo, faults);
  // The resident's template under capture noise that grows as quality falls (UNKNOWN: any finger of theirs).
  const isos = subTypes.map((s) => syntheticCapture(seed, spec.type, s, quality));
  // brokenHashChain: the chain is consistent in itself but over other bytes than the records sent.
  const hashed = faults.names.has('brokenHashChain')
    ? isos.map((b, i) => (i === 0 ? Buffer.concat([b, Buffer.from([0])]) : b))
    : isos;
  const hashes = hashChain(hashed, bio.previousHash);
  const thumbprint = certificateThumbprint(svc.encryptionCertificate);
  const withMs = faults.names.has('millisecondsInTimestamps');
  const stamp = (d: Date) => (withMs ? d.toISOString() : sbiTimestamp(d));
  const transactionId = faults.names.has('wrongTransactionId')
    ? otherTransactionId(req.transactionId)
    : req.transactionId;
  const bioType = faults.names.has('wrongDeviceType') ? otherBioType(spec.type) : spec.type;
  const digitalIdChanges = {
    ...(bioType !== spec.type ? { type: bioType } : {}),
    ...(faults.names.has('unregisteredSerial') ? { serialNo: `${spec.serialNo}-UNREGISTERED` } : {}),
  };
  const dataSchema = withMs ? CaptureDataStrictSchema.extend({ timestamp: z.string() }) : CaptureDataStrictSchema;
  const regDataSchema = withMs
    ? RegistrationCaptureDataStrictSchema.extend({ timestamp: z.string() })
    : RegistrationCaptureDataStrictSchema;
  const sign = async (payload: object) => {
    const jws = await signJwsX5c(payload, signer);
    return faults.names.has('badSignature') ? corruptJwsSignature(jws) : jws;
  };
  const biometrics = await Promise.all(
    subTypes.map(async (subType, i) => {
      const now = new Date(Date.now() + faults.skewSeconds * 1000);
      const timestamp = stamp(now);
      const common = {
        digitalId: await signedDigitalId(svc, spec, {
          ...digitalIdChanges,
          dateTime: faults.names.has('staleDigitalId') ? STALE_DIGITAL_ID_TIME : stamp(now),
        }),
        deviceCode: deviceCodeOf(spec.serialNo),
        deviceServiceVersion: SIM_SERVICE_VERSION,
        bioType,
        bioSubType: subType,
        purpose: spec.purpose,
        env: req.env,
        transactionId,
        timestamp,
        requestedScore: bio.requestedScore,
        qualityScore: quality.toFixed(1),
      };
      if (mode === 'rcapture') {
        const data = regDataSchema.parse({ ...common, bioValue: isos[i]!.toString('base64url') });
        return { specVersion: SIM_SERVICE_VERSION, data: await sign(data), hash: hashes[i]!, error: sbiError('0') };
      }
      const { bioValue, key } = encryptBioValue(isos[i]!, { timestamp, transactionId });
      const data = dataSchema.parse({ ...common, domainUri: req.domainUri, bioValue });
      return {
        specVersion: SIM_SERVICE_VERSION,
        data: await sign(data),
        hash: hashes[i]!,
        sessionKey: wrapSessionKey(svc.encryptionCertificate, key),
        thumbprint,
        error: sbiError('0'),
      };
    }),
  );
  return { biometrics };
}
