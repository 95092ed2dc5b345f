// Binds a UI transaction to the browser that opened it. /authorize hands the resident to the login
// UI with a random value in an HttpOnly cookie (oauth-details sets one when the UI was reached some
// other way); the transaction keeps only a digest of it, and every later UI API call must come
// with the same cookie. A transaction id read from a log, or an oauth-details hash recomputed from
// another transaction of the client, is then not enough to take over somebody's sign-in.
import { hash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { ServerContext } from '../context.js';

export const BROWSER_BINDING_COOKIE = 'SIGNET-BROWSER';
const VALUE = /^[A-Za-z0-9_-]{43}$/;

/** The browser's binding value, when it sent a well-formed one. */
export function readBrowserBinding(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[BROWSER_BINDING_COOKIE];
  return typeof value === 'string' && VALUE.test(value) ? value : undefined;
}

/**
 * The browser's binding value, made and set on `res` when it has none. One value per browser, so
 * sign-ins in two tabs do not undo each other; it outlives no browser session.
 * @example const digest = browserBindingDigest(ensureBrowserBinding(ctx, req, res));
 */
export function ensureBrowserBinding(ctx: ServerContext, req: Request, res: Response): string {
  const existing = readBrowserBinding(req);
  if (existing) return existing;
  const value = randomBytes(32).toString('base64url');
  res.cookie(BROWSER_BINDING_COOKIE, value, {
    httpOnly: true,
    // Lax: the cookie is set on the top-level navigation from the relying party to /authorize.
    sameSite: 'lax',
    secure: ctx.config.issuer.startsWith('https:'),
    path: '/',
  });
  return value;
}

/** What the transaction keeps of the binding value: its SHA-256, so a store dump cannot replay it. */
export function browserBindingDigest(value: string): string {
  return hash('sha256', `signet-browser-binding:${value}`, 'base64url');
}
