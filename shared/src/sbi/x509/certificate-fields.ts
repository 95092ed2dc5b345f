// The fields of an X.509 certificate the verifier reads (RFC 5280 §4.1), from DER: the signed part
// and its signature, issuer and subject (as encoded, and as attributes), validity, the public key,
// basicConstraints and keyUsage. Anything malformed, or an extension given twice, is refused.
import {
  children,
  DER,
  DerError,
  encodingOf,
  expectTag,
  readBitString,
  readBoolean,
  readDer,
  readOid,
  readSmallInteger,
  readString,
  readTime,
  type DerNode,
} from './der.js';
import type { CertificateConstraints } from './path-rules.js';

/** Short names of the attribute types device certificates use, as node:crypto prints them. */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';

export interface CertificateFields {
  /** The DER of tbsCertificate: what the issuer signed. */
  tbs: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
  /** Names as encoded (compared byte for byte) and as [short name, value] attributes in order. */
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  issuer: [string, string][];
  subject: [string, string][];
  notBefore: Date;
  notAfter: Date;
  /** The DER of subjectPublicKeyInfo, and its algorithm. */
  spki: Uint8Array;
  spkiAlgorithm: string;
  constraints: CertificateConstraints;
}

function readName(node: DerNode): [string, string][] {
  return children(expectTag(node, DER.SEQUENCE, 'Name')).flatMap((rdn) =>
    children(expectTag(rdn, DER.SET, 'RelativeDistinguishedName')).map((atv): [string, string] => {
      const [type, value, extra] = children(expectTag(atv, DER.SEQUENCE, 'AttributeTypeAndValue'));
      if (!value || extra) throw new DerError(`malformed attribute at ${atv.start}`);
      const oid = readOid(type!);
      return [ATTRIBUTE_NAMES[oid] ?? oid, readString(value)];
    }),
  );
}

function readAlgorithm(node: DerNode | undefined, what: string): string {
  const [oid] = children(expectTag(node, DER.SEQUENCE, what));
  return readOid(expectTag(oid, DER.OID, what));
}

function readConstraints(extensions: DerNode | undefined): CertificateConstraints {
  const constraints: CertificateConstraints = { ca: false, pathLength: undefined, keyUsage: undefined };
  if (!extensions) return constraints;
  const [list, extra] = children(extensions);
  if (extra) throw new DerError('more than one extensions list');
  const seen = new Set<string>();
  for (const extension of children(expectTag(list, DER.SEQUENCE, 'Extensions'))) {
    const parts = children(expectTag(extension, DER.SEQUENCE, 'Extension'));
    const id = readOid(parts[0]!);
    if (seen.has(id)) throw new DerError(`extension ${id} given twice`);
    seen.add(id);
    if (parts[1]?.tag === DER.BOOLEAN) readBoolean(parts[1]);
    const value = expectTag(parts.at(-1), DER.OCTET_STRING, 'extnValue');
    const inner = readDer(value.bytes, value.contentStart, value.end);
    if (inner.end !== value.end) throw new DerError(`trailing bytes in extension ${id}`);
    if (id === BASIC_CONSTRAINTS) {
      const fields = children(expectTag(inner, DER.SEQUENCE, 'BasicConstraints'));
      let i = 0;
      if (fields[i]?.tag === DER.BOOLEAN) constraints.ca = readBoolean(fields[i++]!);
      if (fields[i]) constraints.pathLength = readSmallInteger(fields[i++]!);
      if (fields[i]) throw new DerError('malformed BasicConstraints');
    } else if (id === KEY_USAGE) {
      const { bits } = readBitString(inner);
      constraints.keyUsage = {
        digitalSignature: ((bits[0] ?? 0) & 0x80) !== 0,
        keyCertSign: ((bits[0] ?? 0) & 0x04) !== 0,
      };
    }
  }
  return constraints;
}

/**
 * Reads a DER certificate; throws DerError when it is not one.
 * @example const { subject, notAfter, constraints } = readCertificateFields(der);
 */
export function readCertificateFields(der: Uint8Array): CertificateFields {
  const certificate = readDer(der, 0, der.length);
  if (certificate.end !== der.length) throw new DerError('trailing bytes after the certificate');
  const [tbsNode, algorithm, signatureNode, extra] = children(expectTag(certificate, DER.SEQUENCE, 'Certificate'));
  if (extra) throw new DerError('Certificate has more than three parts');
  const fields = children(expectTag(tbsNode, DER.SEQUENCE, 'tbsCertificate'));
  let i = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version
  i++; // serialNumber
  const innerAlgorithm = readAlgorithm(fields[i++], 'signature');
  const issuerNode = expectTag(fields[i++], DER.SEQUENCE, 'issuer');
  const [from, to, extraTime] = children(expectTag(fields[i++], DER.SEQUENCE, 'validity'));
  if (!from || !to || extraTime) throw new DerError('malformed validity');
  const subjectNode = expectTag(fields[i++], DER.SEQUENCE, 'subject');
  const spkiNode = expectTag(fields[i++], DER.SEQUENCE, 'subjectPublicKeyInfo');
  while (fields[i] && (fields[i]!.tag === 0x81 || fields[i]!.tag === 0x82)) i++; // issuer/subject unique ids
  const extensions = fields[i]?.tag === 0xa3 ? fields[i++] : undefined;
  if (fields[i]) throw new DerError('unexpected field in tbsCertificate');

  const signatureAlgorithm = readAlgorithm(algorithm, 'signatureAlgorithm');
  if (signatureAlgorithm !== innerAlgorithm) throw new DerError('the two signature algorithms differ');
  const { bits: signature, unused } = readBitString(signatureNode!);
  if (unused !== 0) throw new DerError('the signature is not whole bytes');
  return {
    tbs: encodingOf(tbsNode!),
    signatureAlgorithm,
    signature,
    issuerDer: encodingOf(issuerNode),
    subjectDer: encodingOf(subjectNode),
    issuer: readName(issuerNode),
    subject: readName(subjectNode),
    notBefore: readTime(from),
    notAfter: readTime(to),
    spki: encodingOf(spkiNode),
    spkiAlgorithm: readAlgorithm(children(spkiNode)[0], 'algorithm'),
    constraints: readConstraints(extensions),
  };
}
