// Verifies device JWS as a validating server does, with node:crypto certificates: the shared JWS
// and path rules (x5c-rules.ts) over node's X509Certificate and KeyObject.
import { X509Certificate } from 'node:crypto';
import type { ProtectedHeaderParameters } from 'jose';
import type { z } from 'zod';
import { NodePathCertificate } from '../certificate-path.js';
import { SbiVerifyError } from '../errors.js';
import { verifyJwsX5cWith, type X5cPlatform } from './x5c-rules.js';

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

const nodePlatform: X5cPlatform<NodePathCertificate> = {
  parse: (der) => new NodePathCertificate(new X509Certificate(der)),
  rsaKey: (cert) => {
    const key = cert.node.publicKey;
    return Promise.resolve(
      key.asymmetricKeyType === 'rsa' ? { key, modulusBits: key.asymmetricKeyDetails?.modulusLength ?? 0 } : undefined,
    );
  },
};

/**
 * Verifies a compact JWS carrying x5c; throws SbiVerifyError with a stable code on any failure.
 * @example const { payload, certificate } = await verifyJwsX5c(biometric.data, { trustAnchors: [deviceProviderCa] });
 */
export async function verifyJwsX5c(jws: string, opts: VerifyJwsX5cOptions): Promise<VerifiedJwsX5c> {
  const wrap = (c: X509Certificate) => new NodePathCertificate(c);
  const verified = await verifyJwsX5cWith(nodePlatform, jws, {
    ...opts,
    trustAnchors: opts.trustAnchors.map(wrap),
    intermediates: (opts.intermediates ?? []).map(wrap),
  });
  return {
    payload: verified.payload,
    header: verified.header,
    certificate: verified.certificate.node,
    chain: verified.chain.map((c) => c.node),
  };
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
  if (!parsed.success)
    throw new SbiVerifyError(
      'ERR_SBI_PAYLOAD_INVALID',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return { ...verified, data: parsed.data };
}
