// The rules of a device JWS, over any certificate implementation: compact, RS256 only, the first
// x5c certificate's RSA key (≥ 2048 bits) verifies it, and that certificate has a certification
// path to a trust anchor (x509/path-rules.ts). Node (verify.ts: the server, the bridge) and the
// browser (web-verify.ts) both verify through verifyJwsX5cWith, so both apply the same rules.
import { compactVerify, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { SbiVerifyError } from '../errors.js';
import { bytesFromBase64 } from '../encoding/base64url.js';
import { findCertificatePath, type PathCertificate } from '../x509/path-rules.js';

/** What a certificate implementation gives the JWS rules. */
export interface X5cPlatform<C extends PathCertificate> {
  /** Parses one DER certificate; throws when it is not one. */
  parse(der: Uint8Array): C | Promise<C>;
  /** The certificate's public key when it is RSA, with its modulus length, as jose's compactVerify takes it. */
  rsaKey(cert: C): Promise<{ key: Parameters<typeof compactVerify>[1]; modulusBits: number } | undefined>;
}

export interface X5cRuleOptions<C extends PathCertificate> {
  /** Trusted CA certificates (device-provider CA, FTM CA). A leaf equal to an anchor is trusted too. */
  trustAnchors: readonly C[];
  /** Extra intermediates to build the chain with, besides x5c[1..]. */
  intermediates?: readonly C[];
  /** Instant to check validity dates at; defaults to now. */
  now?: Date;
  /** Smallest RSA modulus accepted; the spec says 2048. */
  minRsaBits?: number;
}

export interface VerifiedX5cJws<C> {
  payload: Uint8Array;
  header: ProtectedHeaderParameters;
  /** The signing certificate (x5c[0]). */
  certificate: C;
  /** The path found, signing certificate first, trust anchor last. */
  chain: C[];
}

const STANDARD_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Verifies a compact JWS carrying x5c with a certificate implementation; throws SbiVerifyError
 * with a stable code on any failure.
 * @example const { payload, chain } = await verifyJwsX5cWith(webX5cPlatform, item.deviceInfo, { trustAnchors });
 */
export async function verifyJwsX5cWith<C extends PathCertificate>(
  platform: X5cPlatform<C>,
  jws: string,
  opts: X5cRuleOptions<C>,
): Promise<VerifiedX5cJws<C>> {
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
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string'))
    throw new SbiVerifyError('ERR_SBI_X5C_MISSING');

  let certs: C[];
  try {
    certs = await Promise.all(
      x5c.map((c: string) => {
        if (!STANDARD_BASE64.test(c)) throw new Error('x5c entries are standard base64');
        return platform.parse(bytesFromBase64(c));
      }),
    );
  } catch (cause) {
    throw new SbiVerifyError('ERR_SBI_CERT_MALFORMED', undefined, { cause });
  }
  const leaf = certs[0]!;
  const rsa = await platform.rsaKey(leaf);
  if (!rsa || rsa.modulusBits < (opts.minRsaBits ?? 2048))
    throw new SbiVerifyError('ERR_SBI_CERT_KEY', rsa ? `Got rsa ${rsa.modulusBits} bits.` : 'It is not an RSA key.');

  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, rsa.key, { algorithms: ['RS256'] }));
  } catch (cause) {
    throw new SbiVerifyError('ERR_SBI_JWS_SIGNATURE', undefined, { cause });
  }
  const chain = await findCertificatePath(leaf, {
    trustAnchors: opts.trustAnchors,
    intermediates: [...certs.slice(1), ...(opts.intermediates ?? [])],
    now,
  });
  return { payload, header, certificate: leaf, chain };
}
