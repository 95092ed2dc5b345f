// The userinfo endpoint (GET and POST, Bearer): the ID system's signed claims as
// `application/jwt`, or a nested JWE (signed, then encrypted to the client's registered key).
import { CompactEncrypt, type CryptoKey } from 'jose';
import type { Request, Response } from 'express';
import type { Client } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { OAUTH_ERRORS, OAuthError, type OAuthErrorCode } from '../errors.js';
import { findAccessToken } from './access-token.js';
import { clientKey } from './client-keys.js';

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

/** RFC 6750 §3: no error code at all when the request carried no token. */
function bearerError(
  res: Response,
  error?: OAuthErrorCode,
  description: string | undefined = error && OAUTH_ERRORS[error].description,
): void {
  const params = ['realm="userinfo"'];
  if (error) params.push(`error="${error}"`);
  if (description) params.push(`error_description="${description}"`);
  res.set({ 'WWW-Authenticate': `Bearer ${params.join(', ')}`, 'Cache-Control': 'no-store' });
  res.status(error ? OAUTH_ERRORS[error].status : 401).json(error ? { error, error_description: description } : {});
}

/** The key and algorithm a client's userinfo is encrypted to. */
export async function encryptionTarget(
  ctx: ServerContext,
  client: Client,
): Promise<{ key: CryptoKey; alg: string; enc: string; kid: string | undefined }> {
  const jwk = client.encPublicKey;
  if (!jwk) throw new OAuthError('server_error', 'client asks for encrypted userinfo but has no encryption key');
  const alg = jwk.kty === 'RSA' ? 'RSA-OAEP-256' : 'ECDH-ES';
  return { key: await clientKey(ctx, client, 'enc', alg), alg, enc: 'A256GCM', kid: jwk.kid };
}

export function userinfoEndpoint(ctx: ServerContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const header = req.get('authorization');
    if (!header) return bearerError(res);
    const m = BEARER.exec(header);
    if (!m) return bearerError(res, 'invalid_request', 'Authorization header must be Bearer with one token');
    const record = await findAccessToken(ctx, m[1]!);
    if (!record || record.exp <= Math.floor(Date.now() / 1000)) return bearerError(res, 'invalid_token');
    const client = await ctx.registry.clients.get(record.clientId);
    if (!client || client.status !== 'ACTIVE')
      return bearerError(res, 'invalid_token', 'the client of this token is no longer active');

    let userinfoJws: string;
    try {
      ({ userinfoJws } = await ctx.authenticator.kycExchange({
        kycToken: record.kycToken,
        individualId: record.individualId,
        clientId: client.clientId,
        iss: ctx.config.issuer,
        aud: client.clientId,
        sub: record.sub,
        acceptedClaims: record.acceptedClaims,
        claimsLocales: record.claimsLocales,
      }));
    } catch (e) {
      if ((e as { errorCode?: unknown }).errorCode === 'invalid_kyc_token')
        return bearerError(res, 'invalid_token', 'the sign-in behind this token is no longer known to the ID system');
      throw e;
    }
    res.set({ 'Cache-Control': 'no-store', 'Content-Type': 'application/jwt' });
    if (client.additionalConfig.userinfo_response_type === 'JWE') {
      const target = await encryptionTarget(ctx, client);
      const jwe = await new CompactEncrypt(new TextEncoder().encode(userinfoJws))
        .setProtectedHeader({
          alg: target.alg,
          enc: target.enc,
          cty: 'JWT',
          ...(target.kid ? { kid: target.kid } : {}),
        })
        .encrypt(target.key);
      res.send(jwe);
    } else {
      res.send(userinfoJws);
    }
    ctx.audit.record({ action: 'userinfo', outcome: 'success', clientId: client.clientId });
  };
}
