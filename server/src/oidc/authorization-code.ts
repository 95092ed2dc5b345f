// Authorization codes: random, stored by hash under `code:<sha256>` for at most 60 s, consumed
// atomically by the token endpoint; the callback URL is built here, only from the stored redirect URI.
import { hash, randomBytes } from 'node:crypto';
import type { ClaimsRequest } from '@signet-kiosk/shared/oidc';
import type { ServerContext } from '../context.js';
import type { OAuthError } from '../errors.js';
import type { Authentication } from './authentication.js';

/** What a code grants; also the grant record behind the access tokens issued from it. */
export interface CodeGrant extends Authentication {
  grantId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  scopes: string[];
  sub: string;
  acceptedClaims: string[];
  claims: ClaimsRequest | undefined;
  claimsLocales: string[];
}

export const codeKey = (code: string) => `code:${sha256(code)}`;
export const usedCodeKey = (code: string) => `code-used:${sha256(code)}`;

export function sha256(value: string): string {
  return hash('sha256', value, 'base64url');
}

/** Builds `redirectUri` + code/error parameters + state + iss, preserving the registered query. */
export function callbackUrl(redirectUri: string, issuer: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.append(k, v);
  url.searchParams.append('iss', issuer);
  return url.toString();
}

/** The callback URL that tells the relying party an authorization error (RFC 6749 §4.1.2.1). */
export function errorCallbackUrl(
  redirectUri: string,
  issuer: string,
  err: OAuthError,
  state: string | undefined,
): string {
  return callbackUrl(redirectUri, issuer, { error: err.error, error_description: err.message, state });
}

/** Issues a code for a grant and returns it with the complete callback URL. */
export async function issueAuthorizationCode(
  ctx: ServerContext,
  grant: Omit<CodeGrant, 'grantId'>,
  state: string | undefined,
): Promise<{ code: string; redirectUrl: string }> {
  const code = randomBytes(32).toString('base64url');
  const record: CodeGrant = { ...grant, grantId: randomBytes(16).toString('base64url') };
  await ctx.transactions.put(codeKey(code), record, ctx.config.ttl.authCode);
  return { code, redirectUrl: callbackUrl(grant.redirectUri, ctx.config.issuer, { code, state }) };
}
