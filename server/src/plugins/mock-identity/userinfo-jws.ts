// Signs the released claims as the userinfo JWS the server hands to the relying party: compact,
// ES256, `kid` in the header, `{iss, aud, sub, iat, exp}` from the server's request.
import { SignJWT } from 'jose';
import type { SigningKey } from './signing-key.js';

export const USERINFO_TTL_S = 10 * 60;

export interface UserinfoSubject {
  iss: string;
  aud: string;
  sub: string;
}

/** `await signUserinfo(key, {iss, aud, sub}, {name: 'Sokha Chan'})` → `eyJhbGciOiJFUzI1NiIs…`. */
export async function signUserinfo(
  key: SigningKey,
  subject: UserinfoSubject,
  claims: Record<string, unknown>,
  nowS = Math.floor(Date.now() / 1000),
): Promise<string> {
  // The registered claims come last so a resident attribute can never override them.
  return new SignJWT({ ...claims, iss: subject.iss, aud: subject.aud, sub: subject.sub })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + USERINFO_TTL_S)
    .sign(key.privateKey);
}
