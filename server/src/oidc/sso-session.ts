// The short SSO session behind prompt=none and max_age: a random id in an HttpOnly cookie, the
// authentication it stands for in the transaction store under `sso:<sha256(id)>`.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { ServerContext } from '../context.js';
import type { Authentication } from './authentication.js';
import { sha256 } from './authorization-code.js';

export const SSO_COOKIE = 'signet_sso';

/** What an SSO session keeps: the authentication it stands for. */
export type SsoSession = Authentication;

const key = (id: string) => `sso:${sha256(id)}`;

/** Starts a session after a successful authentication and sets its cookie on res. */
export async function startSsoSession(ctx: ServerContext, res: Response, session: SsoSession): Promise<void> {
  const id = randomBytes(32).toString('base64url');
  await ctx.transactions.put(key(id), session, ctx.config.ttl.ssoSession);
  res.cookie(SSO_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.issuer.startsWith('https:'),
    path: '/',
    maxAge: ctx.config.ttl.ssoSession * 1000,
  });
}

/** The live session named by the request's cookie, if any. */
export async function readSsoSession(ctx: ServerContext, req: Request): Promise<SsoSession | undefined> {
  const id = (req.cookies as Record<string, unknown> | undefined)?.[SSO_COOKIE];
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  return ctx.transactions.get<SsoSession>(key(id));
}
