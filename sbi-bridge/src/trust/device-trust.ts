// Turns one endpoint's discovery and device-info answers into SbiDevices with a trust verdict: the
// shared device checks (shared/src/sbi/trust/device-verdict.ts) run with node:crypto certificates.
import type { X509Certificate } from 'node:crypto';
import { certificateSubject, verifyJwsX5c } from '@signet-kiosk/shared/sbi/crypto';
import {
  judgeDevices,
  deviceIdOf,
  type CertificateToolkit,
  type DeviceInfoItem,
  type DiscoveryEntry,
  type JudgedDevice,
  type SbiDialect,
} from '@signet-kiosk/shared/sbi';
import type { SbiDevice } from '../device.js';
import type { SbiEndpoint } from '../transports/endpoint.js';
import type { TrustPolicy } from './anchors.js';

/** node:crypto certificates for the shared trust checks. */
export const nodeToolkit: CertificateToolkit<X509Certificate> = {
  verify: (jws, anchors) => verifyJwsX5c(jws, { trustAnchors: anchors }),
  subjectOf: certificateSubject,
};

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
  const judged = await judgeDevices({
    entries: args.entries,
    infos: args.infos,
    toolkit: nodeToolkit,
    policy: args.policy,
  });
  return judged.map((j) => asSbiDevice(args.endpoint, args.dialect, j));
}

function asSbiDevice(
  endpoint: SbiEndpoint,
  dialect: SbiDialect,
  { entry, payload, digitalId, digitalIdVerified, verdict }: JudgedDevice,
): SbiDevice {
  const serialNo = entry.serialNo ?? digitalId?.serialNo ?? payload?.serialNo ?? '';
  return {
    key: `${endpoint.id}#${serialNo || deviceIdOf(entry)}`,
    endpoint: endpoint.id,
    transport: endpoint.transport,
    ...(endpoint.port !== undefined ? { port: endpoint.port } : {}),
    callbackId: entry.callbackId,
    dialect,
    deviceId: deviceIdOf(entry),
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
    verdict,
  };
}
