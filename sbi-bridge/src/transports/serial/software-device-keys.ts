// Software keys for serial modules presented as L0 devices: a local CA and one device key per
// module, made on first use and kept as PEM files in `<dataDir>/pki`. Nothing hardware-backed:
// that is exactly why such devices are L0 and never used for authentication. Each device
// certificate names its module (serial number as CN, provider as O), as the certificate-subject
// binding wants (shared/src/sbi/device-binding.ts).
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  certificateSubject,
  subjectBindingMismatch,
  type BoundDevice,
  type X5cSigner,
  readFreshKeyPairFiles,
  writeKeyPairFiles,
  createTestCa,
  issueTestCertificate,
  type TestKeyPair,
} from '@signet-kiosk/shared/sbi/crypto';

export interface SoftwareDeviceKeys {
  /** The local CA; trust `caFile` as a device-provider CA to accept this kiosk's L0 registration captures. */
  ca: TestKeyPair;
  caFile: string;
  /** Signs deviceInfo, digitalId (L0 has no FTM key) and capture data. */
  device: TestKeyPair;
  signer: X5cSigner;
}

const DAY = 86_400_000;
/** The CA file name inside `<dataDir>/pki`. */
export const SOFTWARE_CA_NAME = 'serial-l0-ca';

/** A file-name-safe, stable name for a serial number. */
function fileNameOf(serialNo: string): string {
  const safe = serialNo.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  return `serial-l0-device-${safe}-${createHash('sha256').update(serialNo).digest('hex').slice(0, 8)}`;
}

/** An attribute value for a distinguished name, its special characters escaped (RFC 4514). */
const dnValue = (value: string): string =>
  value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');

/**
 * Loads (or makes and saves) the local CA and the device key of one module; a renewed CA renews the
 * device key, and so does a certificate that does not name the module (made before it had to).
 * @example const keys = await loadSoftwareDeviceKeys('data/sbi-bridge', { serialNo: 'ZFM-1A2B3C4D', deviceProvider: 'Signet Kiosk sbi-bridge (software keys, L0)' });
 */
export async function loadSoftwareDeviceKeys(dataDir: string, module: BoundDevice): Promise<SoftwareDeviceKeys> {
  const { serialNo } = module;
  const dir = join(dataDir, 'pki');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let ca = await readFreshKeyPairFiles(dir, SOFTWARE_CA_NAME);
  let renewed = false;
  if (!ca) {
    ca = await createTestCa({
      subject: 'CN=Signet Kiosk Serial L0 Software CA, O=Signet Kiosk',
      notAfter: new Date(Date.now() + 3650 * DAY),
    });
    await writeKeyPairFiles(dir, SOFTWARE_CA_NAME, ca);
    renewed = true;
  }
  const name = fileNameOf(serialNo);
  let device = renewed ? undefined : await readFreshKeyPairFiles(dir, name);
  if (
    !device ||
    !device.certificate.verify(ca.certificate.publicKey) ||
    subjectBindingMismatch(certificateSubject(device.certificate), module)
  ) {
    device = await issueTestCertificate(ca, {
      subject: `CN=${dnValue(serialNo)}, OU=L0 software key, O=${dnValue(module.deviceProvider)}`,
    });
    await writeKeyPairFiles(dir, name, device);
  }
  return {
    ca,
    caFile: join(dir, `${SOFTWARE_CA_NAME}.crt.pem`),
    device,
    signer: { privateKey: device.privateKey, certificates: [device.certificate] },
  };
}
