// The simulated devices: what each one is (type, sub-ids, purpose, certification) and what it
// can capture per sub-id; plus the state a session changes (status, busy).
import { createHash } from 'node:crypto';
import { type BioType, type DeviceStatus, type Purpose, FINGER_SUB_TYPES } from '@signet-kiosk/shared/sbi';

export interface SimDeviceSpec {
  deviceId: string;
  serialNo: string;
  type: BioType;
  deviceSubType: 'Slap' | 'Single' | 'Touchless' | 'Double' | 'Full face';
  purpose: Purpose;
  certification: 'L0' | 'L1';
  model: string;
  /** Sub-id → the biometrics that sub-id captures, in order. */
  subIds: Record<string, readonly string[]>;
}

const LEFT_SLAP = ['Left IndexFinger', 'Left MiddleFinger', 'Left RingFinger', 'Left LittleFinger'];
const RIGHT_SLAP = ['Right IndexFinger', 'Right MiddleFinger', 'Right RingFinger', 'Right LittleFinger'];

/** The reference set: single-finger, iris and face for authentication, a slap scanner for registration. */
export const DEFAULT_DEVICES: readonly SimDeviceSpec[] = [
  {
    deviceId: '1',
    serialNo: 'SIM-FNG-0001',
    type: 'Finger',
    deviceSubType: 'Single',
    purpose: 'Auth',
    certification: 'L1',
    model: 'SIM-F1',
    subIds: { '0': ['UNKNOWN'] },
  },
  {
    deviceId: '2',
    serialNo: 'SIM-IRS-0001',
    type: 'Iris',
    deviceSubType: 'Double',
    purpose: 'Auth',
    certification: 'L1',
    model: 'SIM-I2',
    subIds: { '1': ['Left'], '2': ['Right'], '3': ['Left', 'Right'] },
  },
  {
    deviceId: '3',
    serialNo: 'SIM-FAC-0001',
    type: 'Face',
    deviceSubType: 'Full face',
    purpose: 'Auth',
    certification: 'L1',
    model: 'SIM-C1',
    subIds: { '0': [''] },
  },
  {
    deviceId: '4',
    serialNo: 'SIM-SLP-0001',
    type: 'Finger',
    deviceSubType: 'Slap',
    purpose: 'Registration',
    certification: 'L1',
    model: 'SIM-S4',
    subIds: { '1': LEFT_SLAP, '2': RIGHT_SLAP, '3': ['Left Thumb', 'Right Thumb'] },
  },
];

export const SIM_MAKE = 'Signet';
export const SIM_PROVIDER = 'Signet Simulated Devices';
export const SIM_PROVIDER_ID = 'signet.simulator';
export const SIM_FIRMWARE = '1.0.0';
export const SIM_SERVICE_VERSION = '0.9.5';
export const SIM_SPEC_VERSIONS = ['0.9.5'];

/** A stable UUID-shaped deviceCode per serial number. */
export function deviceCodeOf(serialNo: string): string {
  const h = createHash('sha256').update(`signet-sim-device-code|${serialNo}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Sub-types the sub-id may be asked for: a single-finger scanner takes any finger. */
export function allowedSubTypes(spec: SimDeviceSpec, subId: string): readonly string[] {
  const own = spec.subIds[subId] ?? [];
  if (spec.type === 'Finger' && spec.deviceSubType === 'Single') return FINGER_SUB_TYPES;
  return [...own, 'UNKNOWN'];
}

/**
 * The biometrics a capture returns: the requested names (UNKNOWN means "any"), else the sub-id's
 * own list, cut to `count` and without the exceptions (registration).
 */
export function biometricsToCapture(
  spec: SimDeviceSpec,
  subId: string,
  count: number,
  requested: readonly string[],
  exceptions: readonly string[],
): string[] {
  const own = (spec.subIds[subId] ?? []).filter((s) => !exceptions.includes(s));
  const named = requested.filter((s) => s !== 'UNKNOWN' && !exceptions.includes(s));
  const pool = named.length > 0 ? named : own;
  const out = pool.slice(0, count);
  // A single-finger scanner asked for UNKNOWN returns that many UNKNOWN fingers.
  while (out.length < count && named.length === 0 && spec.deviceSubType === 'Single') out.push(own[0] ?? 'UNKNOWN');
  return out;
}

/** What one session of the simulator changes about a device. */
export interface SimDeviceState {
  spec: SimDeviceSpec;
  status: DeviceStatus;
  busy: boolean;
}
