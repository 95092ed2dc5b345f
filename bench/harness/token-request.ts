// The relying party's side of a token request: its ES256 key, a fresh private_key_jwt assertion
// (unique jti) per request, PKCE, and the form body of the authorization_code grant.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const FORM = 'application/x-www-form-urlencoded';

export interface RelyingParty {
  clientId: string;
  redirectUri: string;
  kid: string;
  privateKey: CryptoKey;
}

export async function relyingParty(r: {
  clientId: string;
  redirectUri: string;
  kid: string;
  privateJwk: Record<string, unknown>;
}): Promise<RelyingParty> {
  const privateKey = (await importJWK(r.privateJwk as JWK, 'ES256')) as CryptoKey;
  return { clientId: r.clientId, redirectUri: r.redirectUri, kid: r.kid, privateKey };
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkcePair(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A client assertion for `audience`, valid `lifetimeSeconds` from now, with a fresh jti. */
export function clientAssertion(rp: RelyingParty, audience: string, lifetimeSeconds = 120): Promise<string> {
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES256', kid: rp.kid, typ: 'JWT' })
    .setIssuer(rp.clientId)
    .setSubject(rp.clientId)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(rp.privateKey);
}

/** `count` assertions signed ahead of a timed run, in chunks so the event loop stays responsive. */
export async function presignAssertions(
  rp: RelyingParty,
  audience: string,
  count: number,
  lifetimeSeconds: number,
): Promise<string[]> {
  const out: string[] = [];
  while (out.length < count) {
    const n = Math.min(1000, count - out.length);
    out.push(...(await Promise.all(Array.from({ length: n }, () => clientAssertion(rp, audience, lifetimeSeconds)))));
  }
  return out;
}

export function tokenRequestBody(rp: RelyingParty, code: string, verifier: string, assertion: string): string {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: rp.redirectUri,
    code_verifier: verifier,
    client_id: rp.clientId,
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
  }).toString();
}
