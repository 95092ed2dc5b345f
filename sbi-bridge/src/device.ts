// The device model the kiosk sees: one SbiDevice per device a service announces (over HTTP, or a
// serial module wrapped as an L0 device), and the operator's survey that adds scanners seen on USB
// with no SBI service answering for them.
import type { DigitalId, BioType, DeviceStatus, Env, Purpose, SbiDialect } from '@signet-kiosk/shared/sbi';
import type { AttachedScanner, TransportKind } from './transports/endpoint.js';
import type { TrustVerdict } from '@signet-kiosk/shared/sbi';

export interface SbiDevice {
  /** Stable across polls and status changes: `<endpoint>#<serialNo>`. */
  key: string;
  /** The endpoint id: `http://127.0.0.1:4501`, `serial:/dev/ttyUSB0`. */
  endpoint: string;
  transport: TransportKind;
  /** TCP port (HTTP devices). */
  port?: number;
  /** What the device announced as its callback URL. */
  callbackId: string;
  /** The dialect the device answered in: `mds` (0.9.5 verbs), `sbi` (SBIDISC aliases), `p3167` (POST). */
  dialect: SbiDialect;
  /** The id capture requests name: deviceId (0.9.5) or serialNo (SBI 1.0/P3167); '' when Not Registered (0.9.5). */
  deviceId: string;
  serialNo: string;
  deviceCode?: string;
  status: DeviceStatus;
  certification: 'L0' | 'L1';
  purpose: Purpose | '';
  /** Finger, Iris or Face (from the digitalId). */
  type: BioType | undefined;
  /** Slap, Single, Touchless, Double, Full face. */
  subType: string | undefined;
  /** Sub-ids: 0 single; 1 left; 2 right; 3 both/two thumbs. */
  subIds: string[];
  /** The digitalId: from the signed one in device info when it verified, else the discovery one. */
  digitalId: DigitalId | undefined;
  /** True when `digitalId` came from a JWS whose signature and chain verified. */
  digitalIdVerified: boolean;
  firmware?: string;
  env?: Env;
  serviceVersion: string;
  specVersions: string[];
  /** The device entry's own error (e.g. 100 Not Registered, 111 Busy), when not 0. */
  error?: { errorCode: string; errorInfo: string };
  /** Whether the kiosk may rely on captures from this device, with every reason it may not. */
  verdict: TrustVerdict;
}

/** A scanner seen on USB with no SBI device answering: the operator should start its service. */
export interface UnservedScanner extends AttachedScanner {
  hint: string;
}

/** What the operator console shows: devices, and scanners no service answers for. */
export interface DeviceSurvey {
  devices: SbiDevice[];
  /** Every scanner the presence sources saw. */
  scanners: AttachedScanner[];
  /** Scanners seen while no SBI device of any kind answered (per-scanner matching is not possible over USB ids). */
  unserved: UnservedScanner[];
  /** Per presence source: whether it could run, and why not. */
  presence: { source: string; available: boolean; reason?: string }[];
  /** Endpoints that answered but could not be read (garbage, timeouts), and endpoint sources that failed (`source:<name>`), with the typed error code. */
  failures: { endpoint: string; code: string; message: string }[];
}
