// Verifies the JWS in a capture (device-signed `data`, FTM-signed `digitalId`) against an anchor
// set, and tells which certificate signed and which anchor it chains to. The first time an x5c
// header is seen, shared/src/sbi/jws/verify.ts checks everything (signature, key size, validity
// dates, chain); the chain's certificates and validity are then kept per anchor set, so a known
// device costs one RSA signature check and no certificate parsing.
// That check is node:crypto's RS256 verify over the JWS signing input: jose goes through
// WebCrypto, about four times slower here (≈200 µs against ≈50 µs a signature on this machine).
import { verify as rsaVerify, type KeyObject, type X509Certificate } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { SbiVerifyError } from '@signet-kiosk/shared/sbi';
import { verifyJwsX5c } from '@signet-kiosk/shared/sbi/crypto';
import type { AnchorSet } from './trust-store.js';

/** A verified JWS: its payload, the certificate that signed it (x5c[0]) and the trust anchor its chain ends at. */
export interface VerifiedX5c {
  payload: Uint8Array;
  certificate: X509Certificate;
  anchor: X509Certificate;
}

interface KnownSigner {
  key: KeyObject;
  certificate: X509Certificate;
  anchor: X509Certificate;
  /** When every certificate of the verified chain is valid: latest validFrom, earliest validTo (ms). */
  from: number;
  to: number;
}

export interface X5cVerifierOptions {
  /** Most signers remembered per anchor set; the oldest is forgotten first. */
  maxSigners?: number;
}

export class X5cVerifier {
  private readonly known = new WeakMap<AnchorSet, Map<string, KnownSigner>>();
  private readonly maxSigners: number;

  constructor(options: X5cVerifierOptions = {}) {
    this.maxSigners = options.maxSigners ?? 1024;
  }

  /**
   * The verified payload bytes, signer and anchor; throws SbiVerifyError with the shared codes otherwise.
   * @example const { payload } = await verifier.verify(item.data, await trust.anchors('device-provider', env), new Date());
   */
  async verify(jws: string, anchors: AnchorSet, now: Date): Promise<VerifiedX5c> {
    const x5cKey = x5cHeaderKey(jws);
    let signers = this.known.get(anchors);
    const signer = x5cKey === undefined ? undefined : signers?.get(x5cKey);
    const t = now.getTime();
    if (signer && t >= signer.from && t <= signer.to)
      return { payload: verifyRs256(jws, signer.key), certificate: signer.certificate, anchor: signer.anchor };
    const verified = await verifyJwsX5c(jws, { trustAnchors: anchors.certificates, now });
    const anchor = verified.chain[verified.chain.length - 1]!;
    if (x5cKey !== undefined) {
      if (!signers) {
        signers = new Map();
        this.known.set(anchors, signers);
      }
      if (signers.size >= this.maxSigners) signers.delete(signers.keys().next().value!);
      signers.set(x5cKey, {
        key: verified.certificate.publicKey,
        certificate: verified.certificate,
        anchor,
        from: Math.max(...verified.chain.map((c) => Date.parse(c.validFrom))),
        to: Math.min(...verified.chain.map((c) => Date.parse(c.validTo))),
      });
    }
    return { payload: verified.payload, certificate: verified.certificate, anchor };
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The x5c list of a plain RS256 compact JWS as one string; undefined for anything else (not three
 * parts, another alg, `crit` or `b64` extensions), which the shared verifier then judges.
 */
function x5cHeaderKey(jws: string): string | undefined {
  const first = jws.indexOf('.');
  const last = jws.lastIndexOf('.');
  if (first <= 0 || jws.indexOf('.', first + 1) !== last) return undefined;
  try {
    const header = decodeProtectedHeader(jws);
    const x5c: unknown = header.x5c;
    if (header.alg !== 'RS256' || 'crit' in header || 'b64' in header) return undefined;
    if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) return undefined;
    return x5c.join(',');
  } catch {
    return undefined;
  }
}

/** RS256 (RSASSA-PKCS1-v1_5, SHA-256) over `header.payload`; the payload bytes, or ERR_SBI_JWS_SIGNATURE. */
function verifyRs256(jws: string, key: KeyObject): Uint8Array {
  const first = jws.indexOf('.');
  const last = jws.lastIndexOf('.');
  const signature = jws.slice(last + 1);
  // UTF-8, not latin1: only the exact ASCII text the device signed encodes to the bytes it signed.
  const valid =
    BASE64URL.test(signature) &&
    rsaVerify('sha256', Buffer.from(jws.slice(0, last), 'utf8'), key, Buffer.from(signature, 'base64url'));
  if (!valid) throw new SbiVerifyError('ERR_SBI_JWS_SIGNATURE');
  return Buffer.from(jws.slice(first + 1, last), 'base64url');
}
