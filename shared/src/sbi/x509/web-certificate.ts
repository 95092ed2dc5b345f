// X.509 certificates with no Node: fields read by the small DER reader (certificate-fields.ts, a few
// KB where a general ASN.1 library costs tens), signatures checked by WebCrypto. It runs in browsers
// and in Node (globalThis.crypto), and gives the shared path rules (path-rules.ts) what they read.
import type { CertificateSubject } from '../rules/device-binding.js';
import { readCertificateFields, type CertificateFields } from './certificate-fields.js';
import type { CertificateConstraints, PathCertificate } from './path-rules.js';

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
/** The RSA PKCS#1 v1.5 signature algorithms a CA may sign with, and their hash. */
const RSA_SIGNATURE_HASHES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

// WebCrypto's types, named through the global so that they are the DOM's in a browser build and
// Node's here (shared has no DOM types).
type Subtle = typeof globalThis.crypto.subtle;
/** A WebCrypto key. */
export type WebCryptoKey = Awaited<ReturnType<Subtle['importKey']>>;
const subtle = (): Subtle => globalThis.crypto.subtle;

const hex = (bytes: ArrayBuffer): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const nameText = (attributes: readonly [string, string][]): string =>
  attributes.map(([k, v]) => `${k}=${v}`).join('\n');

/** A parsed certificate; make one with WebCertificate.fromDer. */
export class WebCertificate implements PathCertificate {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly selfIssued: boolean;
  private readonly keys = new Map<string, Promise<WebCryptoKey | undefined>>();

  private constructor(
    readonly der: Uint8Array,
    readonly fingerprint256: string,
    private readonly fields: CertificateFields,
  ) {
    this.subject = nameText(fields.subject);
    this.issuer = nameText(fields.issuer);
    this.notBefore = fields.notBefore;
    this.notAfter = fields.notAfter;
    this.selfIssued = sameBytes(fields.subjectDer, fields.issuerDer);
  }

  /**
   * Parses DER; throws when it is not a certificate whose fields and extensions can be read.
   * @example const cert = await WebCertificate.fromDer(bytesFromBase64(header.x5c[0]));
   */
  static async fromDer(der: Uint8Array): Promise<WebCertificate> {
    const copy = new Uint8Array(der);
    const fields = readCertificateFields(copy);
    return new WebCertificate(copy, hex(await subtle().digest('SHA-256', copy)), fields);
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
    for (const [k, v] of this.fields.subject) (out[k] ??= []).push(v);
    return out;
  }

  constraints(): Promise<CertificateConstraints> {
    return Promise.resolve(this.fields.constraints);
  }

  /** The public key as a WebCrypto RSASSA-PKCS1-v1_5 key for `hash`; undefined when it is not RSA. */
  rsaKey(hash = 'SHA-256'): Promise<WebCryptoKey | undefined> {
    let key = this.keys.get(hash);
    if (key === undefined) {
      key =
        this.fields.spkiAlgorithm !== RSA_ENCRYPTION
          ? Promise.resolve(undefined)
          : subtle()
              .importKey('spki', this.fields.spki, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify'])
              .catch(() => undefined);
      this.keys.set(hash, key);
    }
    return key;
  }

  // Names as encoded or, as node:crypto's path falls back to, as text (one CA may write the same
  // name with other string types); then the signature. Whether it was allowed to is the rules'.
  async isIssuedBy(issuer: WebCertificate): Promise<boolean> {
    if (!sameBytes(this.fields.issuerDer, issuer.fields.subjectDer) && this.issuer !== issuer.subject) return false;
    const hash = RSA_SIGNATURE_HASHES[this.fields.signatureAlgorithm];
    const key = hash === undefined ? undefined : await issuer.rsaKey(hash);
    if (!key) return false;
    return subtle().verify('RSASSA-PKCS1-v1_5', key, this.fields.signature, this.fields.tbs);
  }
}
