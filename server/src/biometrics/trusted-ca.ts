// Reads a CA certificate an administrator uploads for the biometric trust store: exactly one PEM
// certificate, a CA (basicConstraints cA), not expired. Anything else is invalid_certificate.
import { X509Certificate } from 'node:crypto';
import { EsignetError } from '../errors.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Parses and checks an uploaded CA certificate.
 * @example const ca = parseCaCertificate(readFileSync('device-provider-ca.crt.pem', 'utf8'));
 */
export function parseCaCertificate(pem: string, now = new Date()): X509Certificate {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length !== 1)
    throw invalid(
      blocks.length === 0
        ? 'Expected one PEM certificate (-----BEGIN CERTIFICATE-----).'
        : 'Upload one certificate at a time.',
    );
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(blocks[0]!);
  } catch {
    throw invalid('The PEM block is not a readable X.509 certificate.');
  }
  if (!cert.ca) throw invalid(`${cert.subject} is not a CA certificate (basicConstraints cA is not set).`);
  if (now > new Date(cert.validTo)) throw invalid(`${cert.subject} expired ${cert.validTo}.`);
  return cert;
}

/**
 * A fingerprint as node:crypto writes fingerprint256 (upper-case hex pairs joined by colons),
 * from that form or plain hex in any case; undefined when it is neither.
 * @example normalizeFingerprint('ab01…') // 'AB:01:…'
 */
export function normalizeFingerprint(value: string): string | undefined {
  const hex = value.replace(/:/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

function invalid(message: string): EsignetError {
  return new EsignetError('invalid_certificate', `Invalid certificate: ${message}`);
}
