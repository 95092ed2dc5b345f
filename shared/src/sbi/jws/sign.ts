// Signs SBI payloads as devices do: compact JWS, RS256, header {alg, typ: "JWT", x5c: [base64 DER…]}.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';

/** The device's signing material: its private key and its certificate first, then any intermediates. */
export interface X5cSigner {
  privateKey: KeyObject;
  certificates: readonly X509Certificate[];
}

/** Standard base64 DER of each certificate, the form x5c takes. */
export function x5cOf(certificates: readonly X509Certificate[]): string[] {
  return certificates.map((c) => c.raw.toString('base64'));
}

/**
 * Signs a payload (an object is serialised as JSON, a string is taken as UTF-8) with x5c.
 * @example const data = await signJwsX5c({ bioType: 'Finger', … }, deviceSigner);
 */
export async function signJwsX5c(payload: object | string | Uint8Array, signer: X5cSigner): Promise<string> {
  if (signer.certificates.length === 0) throw new RangeError('an x5c signer needs at least its own certificate');
  const bytes =
    payload instanceof Uint8Array
      ? payload
      : new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return new CompactSign(bytes)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5c: x5cOf(signer.certificates) })
    .sign(signer.privateKey);
}
