// The device service behind the HTTP front: its devices and keys, and the discovery and device
// info answers in each dialect (MDS 0.9.5 names devices by deviceId/deviceCode, the others by serialNo).
import type { X509Certificate } from 'node:crypto';
import {
  sbiError,
  type SbiErrorCode,
  type SbiErrorObject,
  DigitalIdSchema,
  encodeUnsignedDigitalId,
  type DigitalId,
  DiscoveryEntry095StrictSchema,
  DiscoveryEntryP3167StrictSchema,
  DiscoveryRequestSchema,
  type DiscoveryEntry095,
  DeviceInfoPayload095StrictSchema,
  DeviceInfoPayloadP3167StrictSchema,
  sbiTimestamp,
  SBI_HOST,
  type SbiDialect,
} from '@signet-kiosk/shared/sbi';
import { signJwsX5c } from '@signet-kiosk/shared/sbi/crypto';
import type { Delays, Quality, SimulatorConfig } from './config.js';
import type { FaultQueue } from './faults.js';
import {
  deviceCodeOf,
  SIM_FIRMWARE,
  SIM_MAKE,
  SIM_PROVIDER,
  SIM_PROVIDER_ID,
  SIM_SERVICE_VERSION,
  SIM_SPEC_VERSIONS,
  type SimDeviceSpec,
  type SimDeviceState,
} from './devices.js';
import type { FaultSigner, SimulatorPki } from './pki-store.js';

/** Everything a request handler needs; the knobs (presented … faults) are what the admin API changes. */
export interface DeviceService {
  config: SimulatorConfig;
  pki: SimulatorPki;
  /** The certificate captures are encrypted for. */
  encryptionCertificate: X509Certificate;
  devices: SimDeviceState[];
  port: number;
  /** Who is on the sensors (individualId, the seed of their biometrics); null = nobody (101). */
  presented: string | null;
  quality: Quality;
  delays: Delays;
  faults: FaultQueue;
  /** STREAM responses running now. */
  activeStreams: number;
  /** The fault knobs' signers (expired, untrusted), made on first use; key `<kind>|<serial>`. */
  faultSigners: Map<string, Promise<FaultSigner>>;
}

/** Discovery and info answer with a one-item array carrying only the error when the request is bad. */
export const listError = (code: SbiErrorCode, info?: string): [{ error: SbiErrorObject }] => [
  { error: sbiError(code, info) },
];

export function digitalIdOf(spec: SimDeviceSpec): DigitalId {
  return DigitalIdSchema.parse({
    serialNo: spec.serialNo,
    make: SIM_MAKE,
    model: spec.model,
    type: spec.type,
    deviceSubType: spec.deviceSubType,
    deviceProvider: SIM_PROVIDER,
    deviceProviderId: SIM_PROVIDER_ID,
    dateTime: sbiTimestamp(),
  });
}

/**
 * The digitalId JWS with a fresh dateTime, or with fields a fault changed (a skewed or stale
 * dateTime, with milliseconds, another serial or type): the FTM key signs for L1, the device key for L0.
 */
export function signedDigitalId(
  svc: DeviceService,
  spec: SimDeviceSpec,
  changed: Partial<Record<keyof DigitalId, string>> = {},
): Promise<string> {
  const keys = svc.pki.devices.get(spec.serialNo)!;
  const signer = spec.certification === 'L1' ? keys.ftm : keys.device;
  return signJwsX5c(
    { ...digitalIdOf(spec), ...changed },
    { privateKey: signer.privateKey, certificates: [signer.certificate] },
  );
}

const STATUS_ERRORS: Record<SimDeviceState['status'], SbiErrorCode> = {
  Ready: '0',
  Busy: '111',
  'Not Ready': '110',
  'Not Registered': '100',
};

function entryOf(svc: DeviceService, state: SimDeviceState, digitalId: string): DiscoveryEntry095 {
  const { spec } = state;
  // A Ready device shows Busy while it captures.
  const status = state.busy && state.status === 'Ready' ? 'Busy' : state.status;
  const registered = status !== 'Not Registered';
  return DiscoveryEntry095StrictSchema.parse({
    deviceId: registered ? spec.deviceId : '',
    deviceStatus: status,
    certification: spec.certification,
    serviceVersion: SIM_SERVICE_VERSION,
    deviceSubId: Object.keys(spec.subIds),
    callbackId: `http://${SBI_HOST}:${svc.port}/`,
    digitalId,
    deviceCode: registered ? deviceCodeOf(spec.serialNo) : '',
    specVersion: SIM_SPEC_VERSIONS,
    purpose: registered ? spec.purpose : '',
    error: sbiError(STATUS_ERRORS[status]),
  });
}

/** Re-shapes a 0.9.5 entry for the serialNo dialects. */
function forDialect<T extends { deviceId: string; deviceCode: string }>(
  entry: T,
  spec: SimDeviceSpec,
  dialect: SbiDialect,
): object {
  if (dialect === 'mds') return entry;
  const { deviceId: _deviceId, deviceCode: _deviceCode, ...rest } = entry;
  return { ...rest, serialNo: spec.serialNo };
}

/**
 * Answers discovery: the devices of the requested type (all for "Biometric Device").
 * @example await discover(svc, { type: 'Finger' }, 'mds')
 */
export function discover(svc: DeviceService, body: unknown, dialect: SbiDialect): object[] {
  const req = DiscoveryRequestSchema.safeParse(body);
  if (!req.success)
    return listError('500', 'Malformed discovery request: type must be Biometric Device, Finger, Face or Iris');
  return svc.devices
    .filter((d) => req.data.type === 'Biometric Device' || d.spec.type === req.data.type)
    .map((d) => {
      const entry = forDialect(entryOf(svc, d, encodeUnsignedDigitalId(digitalIdOf(d.spec))), d.spec, dialect);
      return dialect === 'mds' ? entry : DiscoveryEntryP3167StrictSchema.parse(entry);
    });
}

/**
 * Answers device info: per device a JWS by the device key over the entry plus firmware and env,
 * whose digitalId is signed; unsigned base64url for a Not Registered device.
 */
export async function deviceInfo(svc: DeviceService, dialect: SbiDialect): Promise<object[]> {
  return Promise.all(
    svc.devices.map(async (d) => {
      const registered = d.status !== 'Not Registered';
      const digitalId = registered ? await signedDigitalId(svc, d.spec) : encodeUnsignedDigitalId(digitalIdOf(d.spec));
      const { error, ...entry } = entryOf(svc, d, digitalId);
      const payload095 = DeviceInfoPayload095StrictSchema.parse({
        ...entry,
        firmware: SIM_FIRMWARE,
        env: registered ? svc.config.env : 'None',
      });
      const payload =
        dialect === 'mds'
          ? payload095
          : DeviceInfoPayloadP3167StrictSchema.parse(forDialect(payload095, d.spec, dialect));
      if (!registered) return { deviceInfo: Buffer.from(JSON.stringify(payload)).toString('base64url'), error };
      const keys = svc.pki.devices.get(d.spec.serialNo)!;
      return {
        deviceInfo: await signJwsX5c(payload, {
          privateKey: keys.device.privateKey,
          certificates: [keys.device.certificate],
        }),
        error,
      };
    }),
  );
}
