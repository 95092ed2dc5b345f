// Verifies device JWS with no Node (browsers, and Node through globalThis.crypto): the shared JWS and
// path rules (x5c-rules.ts) over WebCertificate, keys as WebCrypto RSASSA-PKCS1-v1_5 SHA-256.
import { bytesFromBase64 } from '../encoding/base64url.js';
import type { CertificateToolkit } from '../trust/toolkit.js';
import { WebCertificate } from '../x509/web-certificate.js';
import { verifyJwsX5cWith, type VerifiedX5cJws, type X5cPlatform, type X5cRuleOptions } from './x5c-rules.js';

const webPlatform: X5cPlatform<WebCertificate> = {
  parse: (der) => WebCertificate.fromDer(der),
  rsaKey: async (cert) => {
    const key = await cert.rsaKey('SHA-256');
    return key && { key, modulusBits: (key.algorithm as { modulusLength?: number }).modulusLength ?? 0 };
  },
};

/**
 * Verifies a compact JWS carrying x5c against WebCertificate anchors; throws SbiVerifyError with a
 * stable code on any failure (the same codes as the Node verifier: the same rules).
 * @example const { payload, certificate, chain } = await verifyJwsX5cWeb(item.deviceInfo, { trustAnchors: deviceProviderCas });
 */
export function verifyJwsX5cWeb(
  jws: string,
  opts: X5cRuleOptions<WebCertificate>,
): Promise<VerifiedX5cJws<WebCertificate>> {
  return verifyJwsX5cWith(webPlatform, jws, opts);
}

/**
 * Parses certificates given as standard base64 DER (as x5c and the trust-anchor answer carry them).
 * @example const anchors = await webCertificates(trust.deviceProviderCas.map((ca) => ca.certificate));
 */
export function webCertificates(base64Ders: readonly string[]): Promise<WebCertificate[]> {
  return Promise.all(base64Ders.map((der) => WebCertificate.fromDer(bytesFromBase64(der))));
}

/** WebCertificates for the shared trust checks (trust/device-verdict.ts, trust/capture-verdict.ts). */
export const webToolkit: CertificateToolkit<WebCertificate> = {
  verify: (jws, anchors) => verifyJwsX5cWeb(jws, { trustAnchors: anchors }),
  subjectOf: (cert) => cert.subjectAttributes(),
};
