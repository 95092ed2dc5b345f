// X.509 certificates with no Node: DER read by @peculiar/asn1-x509 (an ASN.1 schema, ~25 KB
// gzipped with its parser, against ~70 KB for @peculiar/x509 with reflect-metadata and tsyringe),
// signatures checked by WebCrypto. It runs in browsers and in Node (globalThis.crypto), and gives the
// shared path rules (path-rules.ts) what they read: names, validity, basicConstraints, keyUsage.
import { AsnConvert } from '@peculiar/asn1-schema';
import { BasicConstraints, Certificate, id_ce_basicConstraints, id_ce_keyUsage, KeyUsage, KeyUsageFlags, type Name } from '@peculiar/asn1-x509';
import type { CertificateSubject } from '../rules/device-binding.js';
import type { CertificateConstraints, PathCertificate } from './path-rules.js';

/** Short names of the attribute types device certificates use, as node:crypto prints them. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.5': 'serialNumber', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier', '0.9.2342.19200300.100.1.25': 'DC', '1.2.840.113549.1.9.1': 'emailAddress',
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
/** The RSA PKCS#1 v1.5 signature algorithms a CA may sign with, and their hash. */
const RSA_SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'SHA-256', '1.2.840.113549.1.1.12': 'SHA-384', '1.2.840.113549.1.1.13': 'SHA-512',
};

// WebCrypto's types, named through the global so that they are the DOM's in a browser build and
// Node's here (shared has no DOM types).
type Subtle = typeof globalThis.crypto.subtle;
/** A WebCrypto key. */
export type WebCryptoKey = Awaited<ReturnType<Subtle['importKey']>>;
const subtle = (): Subtle => globalThis.crypto.subtle;
const hex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
const sameBytes = (a: ArrayBuffer, b: ArrayBuffer): boolean => a.byteLength === b.byteLength && new Uint8Array(a).every((x, i) => x === new Uint8Array(b)[i]);

function attributesOf(name: Name): [string, string][] {
  return name.flatMap((rdn) => rdn.map((atv) => [ATTRIBUTE_NAMES[atv.type] ?? atv.type, atv.value.toString()] as [string, string]));
}

/** A parsed certificate; make one with WebCertificate.fromDer. */
export class WebCertificate implements PathCertificate {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly selfIssued: boolean;
  private readonly parsed: Certificate;
  private readonly keys = new Map<string, Promise<WebCryptoKey | undefined>>();
  private readonly constraintsRead: CertificateConstraints;

  private constructor(
    readonly der: Uint8Array,
    readonly fingerprint256: string,
  ) {
    this.parsed = AsnConvert.parse(der, Certificate);
    const tbs = this.parsed.tbsCertificate;
    this.subject = attributesOf(tbs.subject).map(([k, v]) => `${k}=${v}`).join('\n');
    this.issuer = attributesOf(tbs.issuer).map(([k, v]) => `${k}=${v}`).join('\n');
    this.notBefore = tbs.validity.notBefore.getTime();
    this.notAfter = tbs.validity.notAfter.getTime();
    this.selfIssued = sameBytes(AsnConvert.serialize(tbs.subject), AsnConvert.serialize(tbs.issuer));
    this.constraintsRead = readConstraints(this.parsed);
  }

  /**
   * Parses DER; throws when it is not a certificate whose extensions can be read.
   * @example const cert = await WebCertificate.fromDer(bytesFromBase64(header.x5c[0]));
   */
  static async fromDer(der: Uint8Array): Promise<WebCertificate> {
    const copy = new Uint8Array(der);
    return new WebCertificate(copy, hex(await subtle().digest('SHA-256', copy)));
  }

  /** Validity dates as ISO text (for summaries: subject, issuer, validFrom, validTo, fingerprint256). */
  get validFrom(): string {
    return this.notBefore.toISOString();
  }
  get validTo(): string {
    return this.notAfter.toISOString();
  }

  /** The subject's attributes by short name, each with all its values (for the device binding rule). */
  subjectAttributes(): CertificateSubject {
    const out: Record<string, string[]> = {};
    for (const [k, v] of attributesOf(this.parsed.tbsCertificate.subject)) (out[k] ??= []).push(v);
    return out;
  }

  constraints(): Promise<CertificateConstraints> {
    return Promise.resolve(this.constraintsRead);
  }

  /** The public key as a WebCrypto RSASSA-PKCS1-v1_5 key for `hash`; undefined when it is not RSA. */
  rsaKey(hash = 'SHA-256'): Promise<WebCryptoKey | undefined> {
    let key = this.keys.get(hash);
    if (key === undefined) {
      const spki = this.parsed.tbsCertificate.subjectPublicKeyInfo;
      key =
        spki.algorithm.algorithm !== RSA_ENCRYPTION
          ? Promise.resolve(undefined)
          : subtle().importKey('spki', AsnConvert.serialize(spki), { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
      this.keys.set(hash, key);
    }
    return key;
  }

  async isIssuedBy(issuer: WebCertificate): Promise<boolean> {
    const tbs = this.parsed.tbsCertificate;
    if (!sameBytes(AsnConvert.serialize(tbs.issuer), AsnConvert.serialize(issuer.parsed.tbsCertificate.subject))) return false;
    const hash = RSA_SIGNATURE_HASHES[this.parsed.signatureAlgorithm.algorithm];
    const key = hash === undefined ? undefined : await issuer.rsaKey(hash);
    if (!key) return false;
    const signed = this.parsed.tbsCertificateRaw ?? AsnConvert.serialize(tbs);
    return subtle().verify('RSASSA-PKCS1-v1_5', key, this.parsed.signatureValue, signed);
  }
}

function readConstraints(cert: Certificate): CertificateConstraints {
  const extension = (id: string) => cert.tbsCertificate.extensions?.find((e) => e.extnID === id)?.extnValue.buffer;
  const basicDer = extension(id_ce_basicConstraints);
  const usageDer = extension(id_ce_keyUsage);
  const basic = basicDer ? AsnConvert.parse(basicDer, BasicConstraints) : undefined;
  const usage = usageDer ? AsnConvert.parse(usageDer, KeyUsage).toNumber() : undefined;
  return {
    ca: basic?.cA ?? false,
    pathLength: basic?.pathLenConstraint,
    keyUsage: usage === undefined ? undefined : { digitalSignature: (usage & KeyUsageFlags.digitalSignature) !== 0, keyCertSign: (usage & KeyUsageFlags.keyCertSign) !== 0 },
  };
}
