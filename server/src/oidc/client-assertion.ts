// private_key_jwt client authentication (RFC 7523 §2.2, OIDC Core §9): the assertion is verified
// against the client's registered public key; every failure is 401 invalid_client.
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { Client } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { OAuthError } from '../errors.js';
import { clientKey } from './client-keys.js';
import { param } from './oauth-errors.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASYMMETRIC_ALGS = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
];
const CLOCK_LEEWAY_S = 5;

const invalid = (description: string) => new OAuthError('invalid_client', description);

/**
 * Authenticates the client of a form-encoded request (token, revocation) from its client_id,
 * client_assertion_type and client_assertion parameters; returns the client.
 * @example const client = await authenticateFormClient(ctx, req.body, [issuer, tokenEndpoint]);
 */
export function authenticateFormClient(
  ctx: ServerContext,
  body: Record<string, unknown>,
  audiences: string[],
): Promise<Client> {
  return authenticateClient(
    ctx,
    {
      client_id: param(body, 'client_id'),
      client_assertion_type: param(body, 'client_assertion_type'),
      client_assertion: param(body, 'client_assertion'),
    },
    audiences,
  );
}

/**
 * Authenticates the client of a token request; returns the client.
 * @example const client = await authenticateClient(ctx, req.body, [issuer, tokenEndpoint]);
 */
export async function authenticateClient(
  ctx: ServerContext,
  params: { client_id?: unknown; client_assertion_type?: unknown; client_assertion?: unknown },
  audiences: string[],
): Promise<Client> {
  if (params.client_assertion_type !== JWT_BEARER)
    throw invalid('client authentication must use private_key_jwt (client_assertion_type jwt-bearer)');
  const assertion = params.client_assertion;
  if (typeof assertion !== 'string' || assertion.length > 8192) throw invalid('client_assertion is missing');

  let header;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    unverified = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as JWTPayload;
  } catch {
    throw invalid('client_assertion is not a JWT');
  }
  if (typeof unverified !== 'object' || unverified === null || Array.isArray(unverified))
    throw invalid('client_assertion is not a JWT');
  if (!header.alg || !ASYMMETRIC_ALGS.includes(header.alg))
    throw invalid('client_assertion alg must be an asymmetric signature algorithm');
  const clientId = unverified.iss;
  if (typeof clientId !== 'string' || unverified.sub !== clientId)
    throw invalid('client_assertion iss and sub must both be the client_id');
  if (params.client_id !== undefined && params.client_id !== clientId)
    throw invalid('client_id does not match the client_assertion issuer');

  const client = await ctx.registry.clients.get(clientId);
  if (!client || client.status !== 'ACTIVE') throw invalid('unknown or inactive client');
  if (header.kid !== undefined && client.publicKey.kid !== undefined && header.kid !== client.publicKey.kid)
    throw invalid('client_assertion kid is not the client key');
  if (client.publicKey.alg !== undefined && client.publicKey.alg !== header.alg)
    throw invalid('client_assertion alg does not match the client key');

  let payload: JWTPayload;
  try {
    const key = await clientKey(ctx, client, 'sig', header.alg);
    ({ payload } = await jwtVerify(assertion, key, {
      issuer: clientId,
      subject: clientId,
      audience: audiences,
      algorithms: [header.alg],
      clockTolerance: CLOCK_LEEWAY_S,
      requiredClaims: ['exp', 'jti', 'aud'],
    }));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') throw invalid('client_assertion has expired');
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
      throw invalid(`client_assertion claim check failed: ${(e as { claim?: string }).claim ?? 'claim'}`);
    throw invalid('client_assertion signature is not valid for the client key');
  }
  if (Array.isArray(payload.aud) && payload.aud.length !== 1)
    throw invalid('client_assertion aud must name this server only');
  const now = Math.floor(Date.now() / 1000);
  if (payload.exp! > now + ctx.config.ttl.clientAssertionMaxAge)
    throw invalid('client_assertion exp is too far in the future');
  if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_LEEWAY_S)
    throw invalid('client_assertion iat is in the future');
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256)
    throw invalid('client_assertion jti is missing');
  const ttl = Math.max(1, payload.exp! - now + CLOCK_LEEWAY_S);
  if (!(await ctx.replay.putIfAbsent(`jti:${clientId}:${payload.jti}`, 1, ttl)))
    throw invalid('client_assertion jti has been used before');
  return client;
}
