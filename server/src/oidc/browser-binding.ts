// Binds a UI transaction to the browser that opened it. /authorize hands the resident to the login
// UI with a random value in an HttpOnly cookie (oauth-details sets one when the UI was reached some
// other way); the transaction keeps only a digest of it, and every later UI API call must come
// with the same cookie. A transaction id read from a log, or an oauth-details hash recomputed from
// another transaction of the client, is then not enough to take over somebody's sign-in. On an
// https issuer the cookie is `__Host-` prefixed, so that no sibling host and no plain-http page can
// plant a value in the browser beforehand (browsers refuse the prefix without https).
import { hash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { ServerContext } from '../context.js';

/** The cookie's name on a plain-http issuer. */
export const BROWSER_BINDING_COOKIE = 'SIGNET-BROWSER';
/** Its name on an https issuer: only this host sets it, Secure, Path=/, no Domain. */
export const SECURE_BROWSER_BINDING_COOKIE = '__Host-SIGNET-BROWSER';
const VALUE = /^[A-Za-z0-9_-]{43}$/;

const isHttps = (ctx: ServerContext): boolean => ctx.config.issuer.startsWith('https:');
const cookieName = (ctx: ServerContext): string =>
  isHttps(ctx) ? SECURE_BROWSER_BINDING_COOKIE : BROWSER_BINDING_COOKIE;

/** The browser's binding value, when it sent a well-formed one under this issuer's cookie name. */
export function readBrowserBinding(ctx: ServerContext, req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[cookieName(ctx)];
  return typeof value === 'string' && VALUE.test(value) ? value : undefined;
}

/**
 * The browser's binding value, made and set on `res` when it has none. One value per browser, so
 * sign-ins in two tabs do not undo each other; it outlives no browser session.
 * @example const digest = browserBindingDigest(ensureBrowserBinding(ctx, req, res));
 */
export function ensureBrowserBinding(ctx: ServerContext, req: Request, res: Response): string {
  const existing = readBrowserBinding(ctx, req);
  if (existing) return existing;
  const value = randomBytes(32).toString('base64url');
  // No domain: a __Host- cookie must not have one, and the plain one is host-only too.
  res.cookie(cookieName(ctx), value, {
    httpOnly: true,
    // Lax: the cookie is set on the top-level navigation from the relying party to /authorize.
    sameSite: 'lax',
    secure: isHttps(ctx),
    path: '/',
  });
  return value;
}

/** What the transaction keeps of the binding value: its SHA-256, so a store dump cannot replay it. */
export function browserBindingDigest(value: string): string {
  return hash('sha256', `signet-browser-binding:${value}`, 'base64url');
}
