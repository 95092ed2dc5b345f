// Express plumbing for OAuth endpoints: JSON errors per RFC 6749 §5.2 (no-store, 401 with
// WWW-Authenticate for invalid_client), body-parser failures (only those) mapped to invalid_request.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { OAuthError } from '../errors.js';
import { errorResponder, type ErrorFormat } from '../http/route.js';
import { StoreFullError } from '../stores/kv-store.js';

export function sendOAuthError(res: Response, err: OAuthError): void {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  if (err.error === 'invalid_client') res.set('WWW-Authenticate', 'Bearer realm="token", error="invalid_client"');
  res.status(err.status).json(err.toJSON());
}

/** OAuth errors as RFC 6749 §5.2 JSON; body-parser failures (only those) as invalid_request. */
export const OAUTH_ERROR_FORMAT: ErrorFormat = {
  answerKnown(res, err) {
    if (err instanceof OAuthError) {
      sendOAuthError(res, err);
      return true;
    }
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: 'invalid_request', error_description: 'request body too large' });
      return true;
    }
    // Body-parser errors carry a `type`; any other error with a 4xx status is not about the body.
    if (typeof e.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      sendOAuthError(res, new OAuthError('invalid_request', 'request body could not be parsed'));
      return true;
    }
    if (err instanceof StoreFullError) {
      sendOAuthError(res, new OAuthError('temporarily_unavailable'));
      return true;
    }
    return false;
  },
  answerUnexpected: (res) => sendOAuthError(res, new OAuthError('server_error')),
};

/** The error handler of the OAuth endpoints. */
export function oauthErrorHandler(onUnexpected: (err: unknown) => void): ErrorRequestHandler {
  return errorResponder(OAUTH_ERROR_FORMAT, onUnexpected);
}

/** Requires an application/x-www-form-urlencoded body (RFC 6749 §3.2). */
export const requireFormBody: RequestHandler = (req, _res, next) => {
  if (!req.is('application/x-www-form-urlencoded'))
    return next(new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded'));
  next();
};

/** A single string parameter: absent → undefined; repeated → invalid_request (RFC 6749 §3.1). */
export function param(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new OAuthError('invalid_request', `${name} must be given once`);
  return v;
}
