// The simulator's key material, kept as PEM files in its data folder: device-provider and FTM CAs,
// each device's signing and FTM keys, and a stand-in for the ID system's encryption certificate.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestCa, issueTestCertificate, type TestKeyPair } from '../../shared/src/sbi/test-pki.js';

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

async function readPair(dir: string, name: string): Promise<TestKeyPair | undefined> {
  try {
    const [cert, key] = await Promise.all([readFile(join(dir, `${name}.crt.pem`), 'utf8'), readFile(join(dir, `${name}.key.pem`), 'utf8')]);
    const pair = { certificate: new X509Certificate(cert), privateKey: createPrivateKey(key) };
    // Renew anything that is expired or about to be.
    return new Date(pair.certificate.validTo).getTime() - Date.now() > DAY ? pair : undefined;
  } catch {
    return undefined;
  }
}

async function writePair(dir: string, name: string, pair: TestKeyPair): Promise<void> {
  await writeFile(join(dir, `${name}.crt.pem`), pair.certificate.toString());
  await writeFile(join(dir, `${name}.key.pem`), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
}

async function loadOrMake(dir: string, name: string, make: () => Promise<TestKeyPair>, renewed: boolean): Promise<[TestKeyPair, boolean]> {
  const existing = renewed ? undefined : await readPair(dir, name);
  if (existing) return [existing, false];
  const made = await make();
  await writePair(dir, name, made);
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
  const [deviceProviderCa, dpNew] = await loadOrMake(dir, 'device-provider-ca', () => createTestCa({ subject: 'CN=Signet Simulated Device Provider CA, O=Signet Test', notAfter: new Date(Date.now() + 3650 * DAY) }), false);
  const [ftmCa, ftmNew] = await loadOrMake(dir, 'ftm-ca', () => createTestCa({ subject: 'CN=Signet Simulated FTM CA, O=Signet Test', notAfter: new Date(Date.now() + 3650 * DAY) }), false);
  const [idSystemCa, idNew] = await loadOrMake(dir, 'id-system-ca', () => createTestCa({ subject: 'CN=Signet Test ID System CA, O=Signet Test', notAfter: new Date(Date.now() + 3650 * DAY) }), false);
  const [encryption] = await loadOrMake(dir, 'ida-fir', () => issueTestCertificate(idSystemCa, { subject: 'CN=IDA-FIR, O=Signet Test ID System', use: 'encrypt' }), idNew);
  const devices = new Map<string, { device: TestKeyPair; ftm: TestKeyPair }>();
  for (const serial of serials) {
    const [device] = await loadOrMake(dir, `device-${serial}`, () => issueTestCertificate(deviceProviderCa, { subject: `CN=${serial}, OU=Device, O=Signet Simulated Devices` }), dpNew);
    const [ftm] = await loadOrMake(dir, `ftm-${serial}`, () => issueTestCertificate(ftmCa, { subject: `CN=${serial}, OU=FTM, O=Signet Simulated Devices` }), ftmNew);
    devices.set(serial, { device, ftm });
  }
  return { deviceProviderCa, ftmCa, idSystemCa, encryption, devices };
}
