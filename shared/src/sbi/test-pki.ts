// A throw-away PKI for tests and the device simulator: RSA-2048 CAs and leaf certificates with
// chosen validity dates, made with @peculiar/x509 and handed out as node:crypto objects.
import { generateKeyPair, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { loadX509Library } from './peculiar-x509.js';

/** A certificate with its private key; CAs issue with it, leaves sign or decrypt with it. */
export interface TestKeyPair {
  certificate: X509Certificate;
  privateKey: KeyObject;
}

export interface TestCertificateOptions {
  /** Distinguished name, e.g. `CN=Signet Test Device Provider CA, O=Signet`. */
  subject: string;
  notBefore?: Date;
  notAfter?: Date;
  /** For a CA: how many intermediate CAs may follow below it (basicConstraints pathLenConstraint); no limit when absent. */
  pathLength?: number;
  /** Replaces the key usages the certificate would get, for tests of certificates that lack one. */
  keyUsages?: readonly TestKeyUsage[];
}

export type TestKeyUsage =
  'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyCertSign' | 'cRLSign';

export interface TestLeafOptions extends TestCertificateOptions {
  /** `sign` for device keys (digitalSignature), `encrypt` for the ID system's key (keyEncipherment). */
  use?: 'sign' | 'encrypt';
  /** RSA modulus size; 2048 unless a test needs a too-small key. */
  modulusLength?: number;
}

const RSA_SIGN = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

const toCryptoPrivate = (key: KeyObject) =>
  webcrypto.subtle.importKey('pkcs8', key.export({ type: 'pkcs8', format: 'der' }), RSA_SIGN, false, ['sign']);
const toCryptoPublic = (key: KeyObject) =>
  webcrypto.subtle.importKey('spki', key.export({ type: 'spki', format: 'der' }), RSA_SIGN, true, ['verify']);

async function rsaKeyPair(modulusLength = 2048): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return promisify(generateKeyPair)('rsa', { modulusLength });
}

async function makeCertificate(
  opts: TestLeafOptions,
  issuer: TestKeyPair | undefined,
  kind: { ca: boolean; use: 'sign' | 'encrypt' },
): Promise<TestKeyPair> {
  const lib = await loadX509Library();
  const keys = await rsaKeyPair(opts.modulusLength);
  const publicKey = await toCryptoPublic(keys.publicKey);
  const issuerKey = issuer?.privateKey ?? keys.privateKey;
  const issuerPublic = issuer ? await toCryptoPublic(issuer.certificate.publicKey) : publicKey;
  const usages: readonly TestKeyUsage[] =
    opts.keyUsages ??
    (kind.ca
      ? ['keyCertSign', 'cRLSign', 'digitalSignature']
      : kind.use === 'sign'
        ? ['digitalSignature', 'nonRepudiation']
        : ['keyEncipherment', 'dataEncipherment']);
  const usage = usages.reduce((flags, u) => flags | lib.KeyUsageFlags[u], 0);
  const now = Date.now();
  const cert = await lib.X509CertificateGenerator.create({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(12)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    subject: opts.subject,
    issuer: issuer ? new lib.X509Certificate(issuer.certificate.raw).subjectName : opts.subject,
    notBefore: opts.notBefore ?? new Date(now - DAY),
    notAfter: opts.notAfter ?? new Date(now + 365 * DAY),
    publicKey,
    signingKey: await toCryptoPrivate(issuerKey),
    signingAlgorithm: RSA_SIGN,
    extensions: [
      new lib.BasicConstraintsExtension(kind.ca, kind.ca ? opts.pathLength : undefined, true),
      new lib.KeyUsagesExtension(usage, true),
      await lib.SubjectKeyIdentifierExtension.create(publicKey),
      await lib.AuthorityKeyIdentifierExtension.create(issuerPublic),
    ],
  });
  return { certificate: new X509Certificate(Buffer.from(cert.rawData)), privateKey: keys.privateKey };
}

/**
 * A CA: self-signed root, or an intermediate when `issuer` is given.
 * @example const root = await createTestCa({ subject: 'CN=Test Device Provider CA' });
 */
export function createTestCa(opts: TestCertificateOptions, issuer?: TestKeyPair): Promise<TestKeyPair> {
  return makeCertificate(opts, issuer, { ca: true, use: 'sign' });
}

/**
 * A leaf certificate issued by `issuer` (device signing key, or the ID system's encryption key).
 * @example const device = await issueTestCertificate(root, { subject: 'CN=SIM-0001', notAfter: new Date('2030-01-01') });
 */
export function issueTestCertificate(issuer: TestKeyPair, opts: TestLeafOptions): Promise<TestKeyPair> {
  return makeCertificate(opts, issuer, { ca: false, use: opts.use ?? 'sign' });
}

/**
 * A self-signed leaf (not a CA), for tests of untrusted signers.
 * @example const rogue = await createSelfSignedTestCertificate({ subject: 'CN=Rogue' });
 */
export function createSelfSignedTestCertificate(opts: TestLeafOptions): Promise<TestKeyPair> {
  return makeCertificate(opts, undefined, { ca: false, use: opts.use ?? 'sign' });
}
