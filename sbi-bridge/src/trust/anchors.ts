// What the bridge trusts: device-provider CAs (device keys: deviceInfo, capture data) and FTM CAs
// (L1 digitalIds), loaded from PEM, plus the policy knobs of the trust checks.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface TrustPolicy {
  /** CAs of device providers: they sign device keys (deviceInfo and capture `data`). */
  deviceProviderCas: readonly X509Certificate[];
  /** CAs of FTM (trust module) makers: they sign the keys behind L1 digitalIds. */
  ftmCas: readonly X509Certificate[];
  /** L0 devices (software keys, e.g. a serial module) are flagged for Auth; true makes that a warning. */
  allowL0ForAuth?: boolean;
  /**
   * How device certificates name their devices. `certificate-subject` (default, as the reference
   * simulator's): the certificate that signs device info or a capture must name the digitalId's
   * serial number and provider (shared/src/sbi/device-binding.ts), else DEVICE_CERT_SUBJECT_MISMATCH.
   * `unchecked`: for providers whose certificates do not, which the server binds by registration.
   */
  deviceBinding?: 'certificate-subject' | 'unchecked';
  /**
   * The device provider each device-provider CA (by fingerprint256) may certify, as the server ties
   * them: a device whose certificate chains to a CA listed for another provider than its digitalId
   * names, or to one not listed, is flagged DEVICE_CERT_PROVIDER_MISMATCH, whatever deviceBinding
   * says. Unset: not checked (the server checks it).
   */
  deviceProviders?: ReadonlyMap<string, string>;
  /** How far a device timestamp may lie outside the capture window; default 30 s. */
  maxClockSkewMs?: number;
  /** The environment captures are requested for (`Developer` in demo); devices elsewhere are flagged. */
  env?: 'Staging' | 'Developer' | 'Pre-Production' | 'Production';
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
export async function loadTrustAnchors(files: { deviceProviderCaFiles: readonly string[]; ftmCaFiles: readonly string[] }): Promise<Pick<TrustPolicy, 'deviceProviderCas' | 'ftmCas'>> {
  const load = async (paths: readonly string[]) => (await Promise.all(paths.map(async (p) => parsePemBundle(await readFile(p, 'utf8'))))).flat();
  const [deviceProviderCas, ftmCas] = await Promise.all([load(files.deviceProviderCaFiles), load(files.ftmCaFiles)]);
  return { deviceProviderCas, ftmCas };
}

export const DEFAULT_MAX_CLOCK_SKEW_MS = 30_000;
