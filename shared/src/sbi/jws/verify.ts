// Verifies device JWS as a validating server does: RS256 only, the first x5c certificate's key,
// then its certification path (through the other x5c certificates) to given trust anchors.
import { X509Certificate } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import type { z } from 'zod';
import { buildCertificatePath } from '../certificate-path.js';
import { SbiVerifyError } from '../errors.js';

export interface VerifyJwsX5cOptions {
  /** Trusted CA certificates (device-provider CA, FTM CA). A leaf equal to an anchor is trusted too. */
  trustAnchors: readonly X509Certificate[];
  /** Extra intermediates to build the chain with, besides x5c[1..]. */
  intermediates?: readonly X509Certificate[];
  /** Instant to check validity dates at; defaults to now. */
  now?: Date;
  /** Smallest RSA modulus accepted; the spec says 2048. */
  minRsaBits?: number;
}

export interface VerifiedJwsX5c {
  payload: Uint8Array;
  header: ProtectedHeaderParameters;
  /** The signing certificate (x5c[0]). */
  certificate: X509Certificate;
  /** The path found, signing certificate first, trust anchor last. */
  chain: X509Certificate[];
}

/**
 * Verifies a compact JWS carrying x5c; throws SbiVerifyError with a stable code on any failure.
 * @example const { payload, certificate } = await verifyJwsX5c(biometric.data, { trustAnchors: [deviceProviderCa] });
 */
export async function verifyJwsX5c(jws: string, opts: VerifyJwsX5cOptions): Promise<VerifiedJwsX5c> {
  const now = opts.now ?? new Date();
  let header: ProtectedHeaderParameters;
  try {
    if (typeof jws !== 'string' || jws.split('.').length !== 3) throw new Error('not three parts');
    header = decodeProtectedHeader(jws);
  } catch (cause) {
    throw new SbiVerifyError('ERR_SBI_JWS_MALFORMED', undefined, { cause });
  }
  if (header.alg !== 'RS256') throw new SbiVerifyError('ERR_SBI_JWS_ALG', `Got ${JSON.stringify(header.alg)}.`);
  const x5c: unknown = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) throw new SbiVerifyError('ERR_SBI_X5C_MISSING');

  let certs: X509Certificate[];
  try {
    certs = x5c.map((c: string) => {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(c)) throw new Error('x5c entries are standard base64');
      return new X509Certificate(Buffer.from(c, 'base64'));
    });
  } catch (cause) {
    throw new SbiVerifyError('ERR_SBI_CERT_MALFORMED', undefined, { cause });
  }
  const leaf = certs[0]!;
  const key = leaf.publicKey;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < (opts.minRsaBits ?? 2048)) throw new SbiVerifyError('ERR_SBI_CERT_KEY', `Got ${key.asymmetricKeyType} ${bits} bits.`);

  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, key, { algorithms: ['RS256'] }));
  } catch (cause) {
    throw new SbiVerifyError('ERR_SBI_JWS_SIGNATURE', undefined, { cause });
  }
  const chain = await buildCertificatePath(leaf, { trustAnchors: opts.trustAnchors, intermediates: [...certs.slice(1), ...(opts.intermediates ?? [])], now });
  return { payload, header, certificate: leaf, chain };
}

/**
 * verifyJwsX5c, then parses the payload as JSON with a schema; ERR_SBI_PAYLOAD_INVALID otherwise.
 * @example const { data } = await verifyJwsX5cJson(biometric.data, CaptureDataSchema, { trustAnchors });
 */
export async function verifyJwsX5cJson<S extends z.ZodType>(
  jws: string,
  schema: S,
  opts: VerifyJwsX5cOptions,
): Promise<VerifiedJwsX5c & { data: z.output<S> }> {
  const verified = await verifyJwsX5c(jws, opts);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(verified.payload));
  } catch (cause) {
    throw new SbiVerifyError('ERR_SBI_PAYLOAD_INVALID', 'It is not JSON.', { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new SbiVerifyError('ERR_SBI_PAYLOAD_INVALID', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { ...verified, data: parsed.data };
}
