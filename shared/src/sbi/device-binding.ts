// The subject of a node:crypto certificate for the certificate-subject binding rule
// (rules/device-binding.ts, re-exported here for the Node callers), and the organization it names.
import type { X509Certificate } from 'node:crypto';
import type { CertificateSubject } from './rules/device-binding.js';

export {
  describeMismatch,
  subjectBindingMismatch,
  type BoundDevice,
  type CertificateSubject,
  type SubjectBindingMismatch,
} from './rules/device-binding.js';

/**
 * The subject of a certificate, values unescaped (node:crypto's legacy object, so that a `,` or a
 * newline inside a value is that character, never an attribute boundary).
 * @example certificateSubject(cert) // { CN: ['SIM-FNG-0001'], OU: ['Device'], O: ['Signet Simulated Devices'] }
 */
export function certificateSubject(cert: X509Certificate): CertificateSubject {
  const subject = cert.toLegacyObject().subject as unknown as Record<string, string | string[] | undefined>;
  const out: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(subject)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value : [value];
  }
  return out;
}

/**
 * The organization (O) a certificate's subject names, when it names exactly one: for a device
 * provider's CA, the provider whose devices it certifies unless an administrator says otherwise.
 * @example subjectOrganization(caCert) // 'Signet Simulated Devices'
 */
export function subjectOrganization(cert: X509Certificate): string | undefined {
  const organizations = certificateSubject(cert)['O'] ?? [];
  return organizations.length === 1 ? organizations[0] : undefined;
}
