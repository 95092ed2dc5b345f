// The certificate-subject binding rule: for device providers that name each device in its signing
// certificate, the certificate that signed a capture (or device info) must name the device its
// digitalId names — else a key of another device certified by the same CA could sign for it.
// The server (server/src/biometrics/checks/device-binding.ts), the bridge and the browser's
// verifier apply it; reading a subject is each certificate implementation's (device-binding.ts for
// node:crypto, x509/web-certificate.ts for WebCrypto).

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

const values = (subject: CertificateSubject, attribute: string): readonly string[] =>
  Object.hasOwn(subject, attribute) ? subject[attribute]! : [];

/**
 * Checks the rule; undefined when the subject names the device. The serial number is the
 * subject's `serialNumber` attribute (2.5.4.5) when it has one, else its common name (CN); the
 * device provider is its organization (O). Each must occur exactly once and equal the digitalId's
 * field exactly (case and spaces count).
 * @example subjectBindingMismatch(certificateSubject(cert), digitalId) // { field: 'serialNo', attribute: 'CN', found: ['SIM-SLP-0001'] }
 */
export function subjectBindingMismatch(
  subject: CertificateSubject,
  device: BoundDevice,
): SubjectBindingMismatch | undefined {
  const serialAttribute = values(subject, 'serialNumber').length > 0 ? 'serialNumber' : 'CN';
  const serials = values(subject, serialAttribute);
  if (serials.length !== 1 || serials[0] !== device.serialNo)
    return { field: 'serialNo', attribute: serialAttribute, found: serials };
  const providers = values(subject, 'O');
  if (providers.length !== 1 || providers[0] !== device.deviceProvider)
    return { field: 'deviceProvider', attribute: 'O', found: providers };
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
