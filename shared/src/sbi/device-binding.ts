// The certificate-subject binding rule: for device providers that name each device in its signing
// certificate, the certificate that signed a capture (or device info) must name the device its
// digitalId names — else a key of another device certified by the same CA could sign for it.
// The server (server/src/biometrics/checks/device-binding.ts) and the bridge apply the same rule.
import type { X509Certificate } from 'node:crypto';

/** The subject's attributes by short name (CN, O, serialNumber, …), each with all its values. */
export type CertificateSubject = Readonly<Record<string, readonly string[]>>;

/** What of the digitalId the subject must name. */
export interface BoundDevice {
  serialNo: string;
  deviceProvider: string;
}

/** The digitalId field the subject does not name, and what the subject says instead. */
export interface SubjectBindingMismatch {
  field: 'serialNo' | 'deviceProvider';
  /** The subject attribute compared (`serialNumber`, `CN` or `O`). */
  attribute: string;
  /** Its values in the certificate (none, one, or several). */
  found: readonly string[];
}

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

const values = (subject: CertificateSubject, attribute: string): readonly string[] => (Object.hasOwn(subject, attribute) ? subject[attribute]! : []);

/**
 * The organization (O) a certificate's subject names, when it names exactly one: for a device
 * provider's CA, the provider whose devices it certifies unless an administrator says otherwise.
 * @example subjectOrganization(caCert) // 'Signet Simulated Devices'
 */
export function subjectOrganization(cert: X509Certificate): string | undefined {
  const organizations = values(certificateSubject(cert), 'O');
  return organizations.length === 1 ? organizations[0] : undefined;
}

/**
 * Checks the rule; undefined when the subject names the device. The serial number is the
 * subject's `serialNumber` attribute (2.5.4.5) when it has one, else its common name (CN); the
 * device provider is its organization (O). Each must occur exactly once and equal the digitalId's
 * field exactly (case and spaces count).
 * @example subjectBindingMismatch(certificateSubject(cert), digitalId) // { field: 'serialNo', attribute: 'CN', found: ['SIM-SLP-0001'] }
 */
export function subjectBindingMismatch(subject: CertificateSubject, device: BoundDevice): SubjectBindingMismatch | undefined {
  const serialAttribute = values(subject, 'serialNumber').length > 0 ? 'serialNumber' : 'CN';
  const serials = values(subject, serialAttribute);
  if (serials.length !== 1 || serials[0] !== device.serialNo) return { field: 'serialNo', attribute: serialAttribute, found: serials };
  const providers = values(subject, 'O');
  if (providers.length !== 1 || providers[0] !== device.deviceProvider) return { field: 'deviceProvider', attribute: 'O', found: providers };
  return undefined;
}

/**
 * One line for an operator or a log: which field, what the digitalId says, what the certificate says.
 * @example describeMismatch(m, digitalId) // 'the digitalId names serialNo "SIM-FNG-0001"; the certificate's CN is "SIM-SLP-0001"'
 */
export function describeMismatch(m: SubjectBindingMismatch, device: BoundDevice): string {
  const found = m.found.length === 0 ? 'missing' : m.found.map((v) => JSON.stringify(v.slice(0, 80))).join(', ');
  return `the digitalId names ${m.field} ${JSON.stringify(device[m.field].slice(0, 80))}; the certificate's ${m.attribute} is ${found}`;
}
