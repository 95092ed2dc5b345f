// What the resident app shows of a judged device (SbiDeviceView), and in which order: trusted
// devices first, then the ones that can capture now, certified in hardware (L1), by modality.
// Technical facts (endpoint, serial, certificate subject) go to `details` only.
import { envIssue, type JudgedDevice, type TrustIssueCode } from '@signet-kiosk/shared/sbi';
import type { SbiDeviceView, SbiModality } from './sbi-client.js';

/** A device the client found, with what a capture needs; `view` is what screens get. */
export interface FoundDevice {
  view: SbiDeviceView;
  endpoint: string;
  judged: JudgedDevice;
  /** The SBI environment its signed device info names (what CAPTURE must ask for). */
  env: string | undefined;
}

const STATUS_RANK: Record<SbiDeviceView['status'], number> = { Ready: 0, Busy: 1, 'Not Ready': 2, 'Not Registered': 3 };
const MODALITY_RANK: Record<SbiModality, number> = { Finger: 0, Face: 1, Iris: 2 };

/**
 * The view of a judged device of the service at `endpoint`, or undefined for one a resident cannot
 * sign in with at all (a registration device, or one whose type cannot be read).
 * @example const found = deviceViewOf('http://127.0.0.1:4501', judged, ['Developer', 'Staging']);
 */
export function foundDeviceOf(
  endpoint: string,
  judged: JudgedDevice,
  envs: readonly string[],
): FoundDevice | undefined {
  const { entry, payload, digitalId, verdict } = judged;
  if (entry.purpose === 'Registration' || !digitalId) return undefined;
  const issues = new Set<TrustIssueCode | 'ENV_MISMATCH'>(
    verdict.issues.filter((i) => i.severity === 'error').map((i) => i.code),
  );
  // The server takes captures only from devices registered in one of its environments.
  if (payload && payload.env !== 'None' && envIssue(payload.env, envs)) issues.add('ENV_MISMATCH');
  const serialNo = entry.serialNo ?? digitalId.serialNo;
  const certificateSubject = verdict.deviceCertificate?.subject.replaceAll('\n', ', ');
  return {
    endpoint,
    judged,
    env: payload?.env,
    view: {
      key: `${endpoint}#${serialNo}`,
      modality: digitalId.type,
      subType: digitalId.deviceSubType,
      status: entry.deviceStatus,
      trusted: issues.size === 0,
      issues: [...issues],
      details: {
        endpoint,
        serialNo,
        make: digitalId.make,
        model: digitalId.model,
        provider: digitalId.deviceProvider,
        ...(certificateSubject ? { certificateSubject } : {}),
      },
    },
  };
}

/**
 * Trusted first; within each, Ready before Busy before the rest, L1 before L0, then by modality
 * and endpoint (a stable order across scans).
 * @example found.sort(byBestFirst)
 */
export function byBestFirst(a: FoundDevice, b: FoundDevice): number {
  return (
    Number(b.view.trusted) - Number(a.view.trusted) ||
    STATUS_RANK[a.view.status] - STATUS_RANK[b.view.status] ||
    (a.judged.entry.certification === b.judged.entry.certification
      ? 0
      : a.judged.entry.certification === 'L1'
        ? -1
        : 1) ||
    MODALITY_RANK[a.view.modality] - MODALITY_RANK[b.view.modality] ||
    a.view.key.localeCompare(b.view.key)
  );
}
