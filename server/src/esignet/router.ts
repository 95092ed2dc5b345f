// The eSignet-compatible UI transaction API: `GET /v1/esignet/csrf/token`,
// `/v1/esignet/authorization/*` and the health check the UI polls. Its own body limit, JSON-only
// bodies, per-IP rate limits, CSRF on every POST, one audited step per endpoint, and every error
// in eSignet's envelope, in the `login-ui` dialect (HTTP 200 with errors[], codes eSignet's UI
// translates) as eSignet answers its login UI — also for other methods on csrf/token. The linked
// authorization API (server/src/linked/) shares its per-IP limits.
import cookieParser from 'cookie-parser';
import express, { Router } from 'express';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { envelopeErrorHandler, requireJson } from '../http/esignet-envelope.js';
import { perIpRateLimit } from '../http/per-ip-rate-limit.js';
import { ACTUATOR_HEALTH_PATH, actuatorHealth } from './actuator-health.js';
import { auditedStep } from './audited-step.js';
import { authCode } from './auth-code.js';
import { authenticate } from './authenticate.js';
import { cancel } from './cancel.js';
import { claimDetails } from './claim-details.js';
import { csrfTokenEndpoint, requireCsrfToken } from './csrf.js';
import { oauthDetails } from './oauth-details.js';
import { SharedSources } from './request-source.js';
import { sendOtp } from './send-otp.js';
import { linkedAuthorizationRouter } from '../linked/router.js';

/**
 * Mounted at the server root by app.ts; touches only the paths above, so other routers under
 * `/v1/esignet` (token, client management) are unaffected.
 * @example app.use(transactionApiRouter(ctx));
 */
export function transactionApiRouter(ctx: ServerContext): Router {
  const onUnexpected = (err: unknown) => ctx.logger.error({ err }, 'transaction API: unexpected error');
  const perIp = perIpRateLimit(
    ctx,
    ctx.config.limits.requestsPerMinutePerIp,
    () => new EsignetError('too_many_requests'),
  );
  // Each authentication may cost the ID system a hash: a far tighter limit than other calls, but
  // as many times higher as other per-source limits for an address many residents share.
  const sharedSources = new SharedSources(ctx.config.limits);
  const authenticatePerIp = perIpRateLimit(
    ctx,
    (req) => ctx.config.limits.authenticatePerMinutePerIp * sharedSources.factor(req),
    (resetTime) =>
      new EsignetError(
        'too_many_requests',
        'Too many sign-in attempts from this device or network. Please wait a minute and try again.',
        resetTime ? { blockedUntil: resetTime.toISOString() } : undefined,
      ),
  );

  const cookies = cookieParser();
  const api = Router();
  api.use(perIp, requireJson, cookies);
  api.use(
    requireCsrfToken((req) =>
      ctx.audit.record({
        action: 'csrf',
        outcome: 'failure',
        errorCode: 'invalid_csrf_token',
        path: req.originalUrl.split('?')[0],
      }),
    ),
  );
  api.use(express.json({ limit: ctx.config.limits.bodyBytes }));
  api.post(['/v3/oauth-details', '/v2/oauth-details'], auditedStep(ctx, 'oauth-details', oauthDetails(ctx)));
  api.post('/send-otp', auditedStep(ctx, 'send-otp', sendOtp(ctx)));
  api.post(
    ['/v3/authenticate', '/v2/authenticate'],
    authenticatePerIp,
    auditedStep(ctx, 'authenticate', authenticate(ctx)),
  );
  api.get('/claim-details', auditedStep(ctx, 'claim-details', claimDetails(ctx)));
  api.post('/auth-code', auditedStep(ctx, 'auth-code', authCode(ctx)));
  api.post('/cancel', auditedStep(ctx, 'cancel', cancel(ctx)));
  api.use((_req, _res, next) => next(new EsignetError('not_found')));
  api.use(envelopeErrorHandler(onUnexpected, 'login-ui'));

  const router = Router();
  router.get(ACTUATOR_HEALTH_PATH, actuatorHealth);
  router.get('/v1/esignet/csrf/token', perIp, cookies, csrfTokenEndpoint(ctx));
  router.all('/v1/esignet/csrf/token', perIp, (_req, _res, next) =>
    next(new EsignetError('not_found', 'The CSRF token is fetched with GET.')),
  );
  router.use('/v1/esignet/csrf/token', envelopeErrorHandler(onUnexpected, 'login-ui'));
  router.use('/v1/esignet/authorization', api);
  router.use(linkedAuthorizationRouter(ctx, { perIp, authenticatePerIp }));
  return router;
}
