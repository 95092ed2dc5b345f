// The ID system's encryption certificate (MOSIP's IDA-FIR), which captures are encrypted for: read
// at start from a PEM file or fetched from an http(s) URL (the mock-identity plugin serves it).
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** The certificate could not be had; the message names the source and the reason. */
export class EncryptionCertificateError extends Error {
  override readonly name = 'EncryptionCertificateError';
}

const FETCH_TIMEOUT_MS = 10_000;

function parseCertificate(bytes: Buffer, source: string): X509Certificate {
  try {
    return new X509Certificate(bytes);
  } catch (cause) {
    throw new EncryptionCertificateError(
      `SBI_SIM_ENCRYPTION_CERT: ${source} does not hold an X.509 certificate (PEM or DER)`,
      { cause },
    );
  }
}

/**
 * Loads the encryption certificate from a file path or an http(s) URL; throws
 * EncryptionCertificateError with a clear message when it is unreachable or not a certificate.
 * @example await loadEncryptionCertificate('http://127.0.0.1:8088/v1/mock-identity-system/sbi/encryption-certificate')
 */
export async function loadEncryptionCertificate(
  source: string,
  timeoutMs = FETCH_TIMEOUT_MS,
): Promise<X509Certificate> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, {
        headers: { Accept: 'application/x-pem-file, application/pkix-cert' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const reason =
        cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
      throw new EncryptionCertificateError(
        `SBI_SIM_ENCRYPTION_CERT: cannot fetch ${source}: ${reason}. Is the ID system running?`,
        { cause },
      );
    }
    if (!res.ok) throw new EncryptionCertificateError(`SBI_SIM_ENCRYPTION_CERT: ${source} answered HTTP ${res.status}`);
    return parseCertificate(Buffer.from(await res.arrayBuffer()), source);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(source);
  } catch (cause) {
    throw new EncryptionCertificateError(
      `SBI_SIM_ENCRYPTION_CERT: cannot read ${source}: ${(cause as Error).message}`,
      { cause },
    );
  }
  return parseCertificate(bytes, source);
}
