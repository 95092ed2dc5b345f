// The ID token (OIDC Core §2): iss, sub, aud, exp, iat, auth_time, nonce, acr, amr, at_hash, azp;
// signed with the client's id_token_signed_response_alg (default: the server's), kid in the header.
import { hash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Client } from '@signet-kiosk/shared/esignet';
import type { SigningAlg } from '../config.js';
import type { ServerContext } from '../context.js';
import type { CodeGrant } from './authorization-code.js';

/** Left half of the hash of the access token, per OIDC Core §3.1.3.6. */
export function atHash(accessToken: string, alg: SigningAlg): string {
  const digest = hash(alg === 'EdDSA' ? 'sha512' : 'sha256', accessToken, 'buffer');
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export function idTokenAlg(ctx: ServerContext, client: Client): SigningAlg {
  const wanted = client.additionalConfig.id_token_signed_response_alg;
  return wanted && ctx.keys.supportedAlgs().includes(wanted) ? wanted : ctx.config.signing.defaultAlg;
}

export async function issueIdToken(
  ctx: ServerContext,
  client: Client,
  grant: CodeGrant,
  accessToken: string,
): Promise<string> {
  const alg = idTokenAlg(ctx, client);
  const key = ctx.keys.signingKey(alg);
  const claims: Record<string, unknown> = {
    auth_time: grant.authTime,
    acr: grant.acr,
    amr: grant.amr,
    at_hash: atHash(accessToken, alg),
    azp: client.clientId,
  };
  if (grant.nonce !== undefined) claims.nonce = grant.nonce;
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(ctx.config.issuer)
    .setSubject(grant.sub)
    .setAudience(client.clientId)
    .setIssuedAt()
    .setExpirationTime(`${ctx.config.ttl.idToken}s`)
    .sign(key.privateKey);
}
