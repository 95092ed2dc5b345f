// CSRF protection of the UI transaction API, as eSignet's UI expects it: `GET /v1/esignet/csrf/token`
// hands out a random token in the body and in the `XSRF-TOKEN` cookie; every POST must echo it in
// the `X-XSRF-TOKEN` header (double-submit cookie, compared in constant time).
import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { CsrfTokenResponse } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { constantTimeEqual } from './constant-time.js';

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'X-XSRF-TOKEN';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function cookieToken(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[CSRF_COOKIE];
  return typeof value === 'string' && TOKEN.test(value) ? value : undefined;
}

/**
 * The browser's token, set as its cookie: the one it already holds when well formed (so two tabs of
 * the same browser do not invalidate each other), else a new one. The token endpoint answers it; the
 * login page carries it too (data-csrf), which spares the app a round trip before its first screen.
 */
export function issueCsrfToken(ctx: ServerContext, req: Request, res: Response): string {
  const token = cookieToken(req) ?? randomBytes(32).toString('base64url');
  res.cookie(CSRF_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.issuer.startsWith('https:'),
    path: '/',
  });
  return token;
}

/** `GET /v1/esignet/csrf/token`. */
export function csrfTokenEndpoint(ctx: ServerContext) {
  return (req: Request, res: Response): void => {
    const token = issueCsrfToken(ctx, req, res);
    res.set('Cache-Control', 'no-store');
    const body: CsrfTokenResponse = { headerName: CSRF_HEADER, parameterName: '_csrf', token };
    res.json(body);
  };
}

/** Refuses every POST whose `X-XSRF-TOKEN` header does not equal the `XSRF-TOKEN` cookie (403 invalid_csrf_token). */
export function requireCsrfToken(onRefused: (req: Request) => void): RequestHandler {
  return (req, _res, next) => {
    if (req.method !== 'POST') return next();
    const cookie = cookieToken(req);
    const header = req.get(CSRF_HEADER);
    if (cookie === undefined || header === undefined || !constantTimeEqual(header, cookie)) {
      onRefused(req);
      return next(new EsignetError('invalid_csrf_token'));
    }
    next();
  };
}
