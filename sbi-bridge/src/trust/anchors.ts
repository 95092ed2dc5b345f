// What the bridge trusts: device-provider CAs (device keys: deviceInfo, capture data) and FTM CAs
// (L1 digitalIds), loaded from PEM, plus the policy knobs of the trust checks.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DeviceTrustPolicy } from '@signet-kiosk/shared/sbi';

export { DEFAULT_MAX_CLOCK_SKEW_MS } from '@signet-kiosk/shared/sbi';

/**
 * What the bridge trusts: the shared device trust policy (CAs, binding, providers, skew, env; see
 * shared/src/sbi/trust/toolkit.ts) with node:crypto certificates, and the ID system's keys.
 */
export interface TrustPolicy extends DeviceTrustPolicy<X509Certificate> {
  /** The ID system's encryption certificate: a capture's thumbprint must name it. */
  encryptionCertificate?: X509Certificate;
  /**
   * The ID system's private key. Only tests and diagnostics hold it; with it the bridge decrypts
   * bioValue and re-walks the CAPTURE hash chain, which otherwise only the ID system can check.
   */
  decryptionKey?: KeyObject;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Every certificate in a PEM text (a file may bundle several).
 * @example parsePemBundle(await readFile('ftm-ca.crt.pem', 'utf8'))
 */
export function parsePemBundle(pem: string): X509Certificate[] {
  return (pem.match(PEM_CERT) ?? []).map((block) => new X509Certificate(block));
}

/**
 * Reads CA certificates from PEM files, e.g. the simulator's
 * `<dataDir>/pki/device-provider-ca.crt.pem` and `ftm-ca.crt.pem`.
 * @example const policy = { ...(await loadTrustAnchors({ deviceProviderCaFiles: [dp], ftmCaFiles: [ftm] })), env: 'Developer' };
 */
export async function loadTrustAnchors(files: {
  deviceProviderCaFiles: readonly string[];
  ftmCaFiles: readonly string[];
}): Promise<Pick<TrustPolicy, 'deviceProviderCas' | 'ftmCas'>> {
  const load = async (paths: readonly string[]) =>
    (await Promise.all(paths.map(async (p) => parsePemBundle(await readFile(p, 'utf8'))))).flat();
  const [deviceProviderCas, ftmCas] = await Promise.all([load(files.deviceProviderCaFiles), load(files.ftmCaFiles)]);
  return { deviceProviderCas, ftmCas };
}
