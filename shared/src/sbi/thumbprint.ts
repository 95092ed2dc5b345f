// The capture `thumbprint`: names the ID system's encryption certificate that wrapped the
// session key, as UPPERCASE_HEX(SHA-256(DER)).
import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';
import { SbiVerifyError } from './errors.js';

/**
 * Thumbprint of a certificate given as X509Certificate, PEM text or DER bytes.
 * @example certificateThumbprint(idaFirCert) // '3F9A…' (64 upper-case hex)
 */
export function certificateThumbprint(cert: X509Certificate | string | Uint8Array): string {
  const der =
    cert instanceof X509Certificate
      ? cert.raw
      : new X509Certificate(typeof cert === 'string' ? cert : Buffer.from(cert)).raw;
  return createHash('sha256').update(der).digest('hex').toUpperCase();
}

/**
 * Checks that a capture's thumbprint names this certificate (hex case ignored); throws
 * ERR_SBI_THUMBPRINT_MISMATCH otherwise.
 * @example verifyThumbprint(biometric.thumbprint, idaFirCert)
 */
export function verifyThumbprint(thumbprint: string, cert: X509Certificate | string | Uint8Array): void {
  const expected = Buffer.from(certificateThumbprint(cert), 'hex');
  const got = /^[0-9A-Fa-f]{64}$/.test(thumbprint) ? Buffer.from(thumbprint, 'hex') : Buffer.alloc(0);
  if (got.length !== expected.length || !timingSafeEqual(got, expected))
    throw new SbiVerifyError('ERR_SBI_THUMBPRINT_MISMATCH');
}
