// Opaque bearer access tokens: random, stored by hash under `at:<sha256>` with their grant, and
// listed under `grant:<grantId>` so a replayed code can revoke every token issued from it.
import { randomBytes } from 'node:crypto';
import type { ServerContext } from '../context.js';
import { sha256, type CodeGrant } from './authorization-code.js';

export interface AccessTokenRecord {
  grantId: string;
  clientId: string;
  sub: string;
  scopes: string[];
  individualId: string;
  kycToken: string;
  acceptedClaims: string[];
  claimsLocales: string[];
  /** Seconds since epoch. */
  exp: number;
}

const tokenKeyOfHash = (tokenHash: string) => `at:${tokenHash}`;
const tokenKey = (token: string) => tokenKeyOfHash(sha256(token));
const grantKey = (grantId: string) => `grant:${grantId}`;
const revokedGrantKey = (grantId: string) => `grant-revoked:${grantId}`;

export async function issueAccessToken(
  ctx: ServerContext,
  grant: CodeGrant,
): Promise<{ token: string; expiresIn: number }> {
  const token = randomBytes(32).toString('base64url');
  const expiresIn = ctx.config.ttl.accessToken;
  const record: AccessTokenRecord = {
    grantId: grant.grantId,
    clientId: grant.clientId,
    sub: grant.sub,
    scopes: grant.scopes,
    individualId: grant.individualId,
    kycToken: grant.kycToken,
    acceptedClaims: grant.acceptedClaims,
    claimsLocales: grant.claimsLocales,
    exp: Math.floor(Date.now() / 1000) + expiresIn,
  };
  await ctx.transactions.put(tokenKey(token), record, expiresIn);
  await ctx.transactions.put(grantKey(grant.grantId), [tokenKey(token)], expiresIn);
  return { token, expiresIn };
}

export async function findAccessToken(ctx: ServerContext, token: string): Promise<AccessTokenRecord | undefined> {
  const record = await ctx.transactions.get<AccessTokenRecord>(tokenKey(token));
  // A replay that raced the first exchange may have found no token to delete: the mark stops it.
  if (!record || (await ctx.transactions.get(revokedGrantKey(record.grantId)))) return undefined;
  return record;
}

/** Revokes one access token, named by its hash (base64url SHA-256, as stores and sessions keep it). */
export async function revokeAccessToken(ctx: ServerContext, tokenHash: string): Promise<void> {
  await ctx.transactions.delete(tokenKeyOfHash(tokenHash));
}

/** Revokes every access token issued from a grant. */
export async function revokeGrant(ctx: ServerContext, grantId: string): Promise<void> {
  await ctx.transactions.put(revokedGrantKey(grantId), 1, ctx.config.ttl.accessToken);
  const keys = await ctx.transactions.consume<string[]>(grantKey(grantId));
  for (const k of keys ?? []) await ctx.transactions.delete(k);
}
