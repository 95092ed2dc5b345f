// The ID system's encryption key (MOSIP calls it IDA-FIR): RSA-2048 and a self-signed certificate
// that devices wrap capture session keys to. Made on first start, kept in the data folder.
import { createPrivateKey, createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { createSelfSignedTestCertificate, certificateThumbprint } from '@signet-kiosk/shared/sbi/crypto';

/** Private key (PKCS#8) and certificate in one PEM file, mode 0600, so that they are published together. */
export const ENCRYPTION_KEY_FILE = 'mock-identity-encryption-key.pem';
/** The certificate alone, for a device simulator that reads it from a file path. */
export const ENCRYPTION_CERT_FILE = 'mock-identity-encryption.crt.pem';

export const ENCRYPTION_CERT_SUBJECT = 'CN=Signet Mock Identity System IDA-FIR Encryption, O=Signet Kiosk';
const VALIDITY_MS = 10 * 365 * 86_400_000;

export interface EncryptionKey {
  certificate: X509Certificate;
  certificatePem: string;
  privateKey: KeyObject;
  /** UPPERCASE_HEX(SHA-256(DER)): what a capture's `thumbprint` must say. */
  thumbprint: string;
}

function pemBlock(text: string, label: string): string | undefined {
  return new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`).exec(text)?.[0];
}

function parseKeyFile(file: string): EncryptionKey {
  const text = readFileSync(file, 'utf8');
  const keyPem = pemBlock(text, 'PRIVATE KEY');
  const certPem = pemBlock(text, 'CERTIFICATE');
  if (!keyPem || !certPem) throw new Error(`${file}: must hold a PKCS#8 PRIVATE KEY and a CERTIFICATE in PEM`);
  const privateKey = createPrivateKey(keyPem);
  const certificate = new X509Certificate(certPem);
  if (privateKey.asymmetricKeyType !== 'rsa' || (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
    throw new Error(`${file}: not an RSA key of at least 2048 bits`);
  const der = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  if (!der(createPublicKey(privateKey)).equals(der(certificate.publicKey)))
    throw new Error(`${file}: the certificate is not for the private key`);
  return {
    certificate,
    certificatePem: certificate.toString(),
    privateKey,
    thumbprint: certificateThumbprint(certificate),
  };
}

/** Writes `text` to `file` only if no file is there: a private temporary file, then an atomic link. */
function publishOnce(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (e) {
    // Another process sharing the data folder made its key at the same moment and won: use its key.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/** Keeps `<dataDir>/mock-identity-encryption.crt.pem` equal to the key file's certificate. */
function writeCertificateCopy(dataDir: string, key: EncryptionKey): void {
  const file = path.join(dataDir, ENCRYPTION_CERT_FILE);
  if (existsSync(file) && readFileSync(file, 'utf8') === key.certificatePem) return;
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, key.certificatePem, { mode: 0o644 });
  renameSync(tmp, file);
}

async function generate(): Promise<string> {
  const { certificate, privateKey } = await createSelfSignedTestCertificate({
    subject: ENCRYPTION_CERT_SUBJECT,
    use: 'encrypt',
    notAfter: new Date(Date.now() + VALIDITY_MS),
  });
  return `${privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()}${certificate.toString()}`;
}

/** The key being loaded or made; `ready` settles once, `close()` stops a key made after it from being written. */
export interface EncryptionKeySlot {
  readonly ready: Promise<EncryptionKey>;
  close(): void;
}

/**
 * Loads `<dataDir>/mock-identity-encryption-key.pem`, or starts making it (RSA key generation takes
 * a few hundred ms, so start-up does not wait: whoever needs the key awaits `ready`).
 * @example const slot = openEncryptionKey(dataDir, logger); const { privateKey } = await slot.ready;
 */
export function openEncryptionKey(dataDir: string, logger: Logger): EncryptionKeySlot {
  const file = path.join(dataDir, ENCRYPTION_KEY_FILE);
  let closed = false;
  const load = (): EncryptionKey => {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const key = parseKeyFile(file);
    if (new Date(key.certificate.validTo).getTime() < Date.now())
      logger.warn(
        { file, validTo: key.certificate.validTo },
        'mock identity: the encryption certificate has expired; delete the file to make a new one',
      );
    writeCertificateCopy(dataDir, key);
    return key;
  };
  const ready = existsSync(file)
    ? Promise.resolve().then(load)
    : generate().then((pem) => {
        if (closed) throw new Error('mock identity closed before its encryption key was made');
        publishOnce(file, pem);
        const key = load();
        logger.info({ thumbprint: key.thumbprint }, 'mock identity: made its SBI encryption key and certificate');
        return key;
      });
  ready.catch((err: unknown) => {
    if (!closed) logger.error({ err }, 'mock identity: the SBI encryption key is not available');
  });
  return {
    ready,
    close: () => {
      closed = true;
    },
  };
}
