// What the page sees of a device the bridge found (SbiDeviceView of the IPC contract), and in which
// order: trusted first, then the ones that can capture now, certified in hardware (L1), by modality —
// the order the browser transport gives, so a screen looks the same in a browser and at the kiosk.
import type { SbiDevice } from '@signet-kiosk/sbi-bridge';
import type { SbiDeviceView, SbiModality } from '@signet-kiosk/shared/kiosk';

const STATUS_RANK: Record<SbiDeviceView['status'], number> = { Ready: 0, Busy: 1, 'Not Ready': 2, 'Not Registered': 3 };
const MODALITY_RANK: Record<SbiModality, number> = { Finger: 0, Face: 1, Iris: 2 };

/**
 * The view of a device, or undefined for one a resident cannot sign in with at all (a registration
 * device, or one whose type cannot be read).
 * @example const view = deviceViewOf(device); view?.trusted
 */
export function deviceViewOf(device: SbiDevice): SbiDeviceView | undefined {
  if (device.purpose === 'Registration' || !device.type) return undefined;
  const issues = [...new Set(device.verdict.issues.filter((i) => i.severity === 'error').map((i) => i.code))];
  const id = device.digitalId;
  const subject = device.verdict.deviceCertificate?.subject.replaceAll('\n', ', ');
  const validTo = device.verdict.deviceCertificate ? new Date(device.verdict.deviceCertificate.validTo) : undefined;
  return {
    key: device.key,
    modality: device.type,
    ...(device.subType ? { subType: device.subType } : {}),
    status: device.status,
    trusted: issues.length === 0,
    issues,
    details: {
      endpoint: device.endpoint,
      serialNo: device.serialNo,
      ...(id?.make ? { make: id.make } : {}),
      ...(id?.model ? { model: id.model } : {}),
      ...(id?.deviceProvider ? { provider: id.deviceProvider } : {}),
      ...(subject ? { certificateSubject: subject } : {}),
      ...(validTo && !Number.isNaN(validTo.getTime()) ? { certificateValidTo: validTo.toISOString() } : {}),
      ...(device.specVersions.length > 0 ? { specVersions: device.specVersions } : {}),
    },
  };
}

/**
 * The devices a page may choose from, best first.
 * @example const views = deviceViewsOf(await bridge.discover());
 */
export function deviceViewsOf(devices: readonly SbiDevice[]): SbiDeviceView[] {
  const certification = new Map(devices.map((d) => [d.key, d.certification]));
  const rankL1 = (v: SbiDeviceView) => (certification.get(v.key) === 'L1' ? 0 : 1);
  return devices
    .flatMap((d) => deviceViewOf(d) ?? [])
    .sort(
      (a, b) =>
        Number(b.trusted) - Number(a.trusted) ||
        STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
        rankL1(a) - rankL1(b) ||
        MODALITY_RANK[a.modality] - MODALITY_RANK[b.modality] ||
        a.key.localeCompare(b.key),
    );
}
