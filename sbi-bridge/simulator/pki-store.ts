// The simulator's key material, kept as PEM files in its data folder: device-provider and FTM CAs,
// each device's signing and FTM keys, a stand-in for the ID system's encryption certificate, and
// (under pki/faults/, made on first use) the deliberately bad signers the fault knobs use. Each
// device certificate names its device — serial number as CN, device provider as O — so that a
// server binding by certificate subject (shared/src/sbi/device-binding.ts) can tell devices apart.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  readFreshKeyPairFiles,
  readKeyPairFiles,
  writeKeyPairFiles,
  createTestCa,
  issueTestCertificate,
  type TestKeyPair,
} from '@signet-kiosk/shared/sbi/crypto';
import { SIM_PROVIDER } from './devices.js';

export interface SimulatorPki {
  deviceProviderCa: TestKeyPair;
  ftmCa: TestKeyPair;
  idSystemCa: TestKeyPair;
  /** The ID system's encryption key pair (MOSIP's IDA-FIR); tests decrypt with its private key. */
  encryption: TestKeyPair;
  /** Per serial number: the device key (signs deviceInfo and data) and the FTM key (signs digitalId). */
  devices: Map<string, { device: TestKeyPair; ftm: TestKeyPair }>;
}

const DAY = 86_400_000;

async function loadOrMake(
  dir: string,
  name: string,
  make: () => Promise<TestKeyPair>,
  renewed: boolean,
): Promise<[TestKeyPair, boolean]> {
  const existing = renewed ? undefined : await readFreshKeyPairFiles(dir, name);
  if (existing) return [existing, false];
  const made = await make();
  await writeKeyPairFiles(dir, name, made);
  return [made, true];
}

/**
 * Loads the PKI from `<dataDir>/pki`, making (and saving) whatever is missing or expiring; a
 * renewed CA renews everything it issued.
 * @example const pki = await loadSimulatorPki('data/sbi-simulator', ['SIM-FNG-0001']);
 */
export async function loadSimulatorPki(dataDir: string, serials: readonly string[]): Promise<SimulatorPki> {
  const dir = join(dataDir, 'pki');
  await mkdir(dir, { recursive: true });
  // O names the provider, so that a server trusting this CA ties it to the simulator's devices by default.
  const [deviceProviderCa, dpNew] = await loadOrMake(
    dir,
    'device-provider-ca',
    () =>
      createTestCa({
        subject: `CN=Signet Simulated Device Provider CA, O=${SIM_PROVIDER}`,
        notAfter: new Date(Date.now() + 3650 * DAY),
      }),
    false,
  );
  const [ftmCa, ftmNew] = await loadOrMake(
    dir,
    'ftm-ca',
    () =>
      createTestCa({
        subject: 'CN=Signet Simulated FTM CA, O=Signet Test',
        notAfter: new Date(Date.now() + 3650 * DAY),
      }),
    false,
  );
  const [idSystemCa, idNew] = await loadOrMake(
    dir,
    'id-system-ca',
    () =>
      createTestCa({
        subject: 'CN=Signet Test ID System CA, O=Signet Test',
        notAfter: new Date(Date.now() + 3650 * DAY),
      }),
    false,
  );
  const [encryption] = await loadOrMake(
    dir,
    'ida-fir',
    () => issueTestCertificate(idSystemCa, { subject: 'CN=IDA-FIR, O=Signet Test ID System', use: 'encrypt' }),
    idNew,
  );
  const devices = new Map<string, { device: TestKeyPair; ftm: TestKeyPair }>();
  for (const serial of serials) {
    const [device] = await loadOrMake(
      dir,
      `device-${serial}`,
      () => issueTestCertificate(deviceProviderCa, { subject: `CN=${serial}, OU=Device, O=${SIM_PROVIDER}` }),
      dpNew,
    );
    const [ftm] = await loadOrMake(
      dir,
      `ftm-${serial}`,
      () => issueTestCertificate(ftmCa, { subject: `CN=${serial}, OU=FTM, O=${SIM_PROVIDER}` }),
      ftmNew,
    );
    devices.set(serial, { device, ftm });
  }
  return { deviceProviderCa, ftmCa, idSystemCa, encryption, devices };
}

/** A bad signer for the fault knobs: its key and the x5c chain it sends. */
export interface FaultSigner {
  privateKey: TestKeyPair['privateKey'];
  certificates: TestKeyPair['certificate'][];
}

const issuedBy = (ca: TestKeyPair, leaf: TestKeyPair) =>
  leaf.certificate.checkIssued(ca.certificate) && leaf.certificate.verify(ca.certificate.publicKey);

/** The provider a `foreignProvider` fault's certificate names instead of the simulator's. */
export const FOREIGN_PROVIDER = 'Another Device Provider';

/**
 * The signer of a fault, made on first use and kept in `<dataDir>/pki/faults/` (never among the
 * trusted files): `expired` is a device certificate from the real device-provider CA whose validity
 * has ended (it lies within the CA's); `untrusted` is a device certificate from a separate "rogue" CA, sent with that
 * CA in x5c, so the chain ends at a CA no trust store holds; `foreignProvider` is a current
 * certificate from the real device-provider CA naming the device's serial number but another
 * provider (O).
 * @example const signer = await loadFaultSigner('data/sbi-simulator', pki, 'SIM-FNG-0001', 'expired');
 */
export async function loadFaultSigner(
  dataDir: string,
  pki: SimulatorPki,
  serial: string,
  kind: 'expired' | 'untrusted' | 'foreignProvider',
): Promise<FaultSigner> {
  const dir = join(dataDir, 'pki', 'faults');
  await mkdir(dir, { recursive: true });
  if (kind === 'foreignProvider') {
    const name = `foreign-provider-device-${serial}`;
    let pair = await readFreshKeyPairFiles(dir, name);
    if (!pair || !issuedBy(pki.deviceProviderCa, pair)) {
      pair = await issueTestCertificate(pki.deviceProviderCa, {
        subject: `CN=${serial}, OU=Device, O=${FOREIGN_PROVIDER}`,
      });
      await writeKeyPairFiles(dir, name, pair);
    }
    return { privateKey: pair.privateKey, certificates: [pair.certificate] };
  }
  if (kind === 'expired') {
    const name = `expired-device-${serial}`;
    let pair = await readKeyPairFiles(dir, name);
    if (!pair || !issuedBy(pki.deviceProviderCa, pair) || new Date(pair.certificate.validTo).getTime() > Date.now()) {
      // Within the CA's own validity (a fresh CA is only a day old): valid from then, expired halfway to now.
      const now = Date.now();
      const from = Math.max(new Date(pki.deviceProviderCa.certificate.validFrom).getTime(), now - 400 * DAY);
      pair = await issueTestCertificate(pki.deviceProviderCa, {
        subject: `CN=${serial}, OU=Device (expired), O=Signet Simulated Devices`,
        notBefore: new Date(from),
        notAfter: new Date(from + (now - from) / 2),
      });
      await writeKeyPairFiles(dir, name, pair);
    }
    return { privateKey: pair.privateKey, certificates: [pair.certificate] };
  }
  const [rogueCa, rogueNew] = await loadOrMake(
    dir,
    'rogue-device-provider-ca',
    () =>
      createTestCa({
        subject: 'CN=Rogue Device Provider CA, O=Not Trusted',
        notAfter: new Date(Date.now() + 3650 * DAY),
      }),
    false,
  );
  const [leaf] = await loadOrMake(
    dir,
    `untrusted-device-${serial}`,
    () =>
      issueTestCertificate(rogueCa, { subject: `CN=${serial}, OU=Device (untrusted CA), O=Signet Simulated Devices` }),
    rogueNew,
  );
  return { privateKey: leaf.privateKey, certificates: [leaf.certificate, rogueCa.certificate] };
}
