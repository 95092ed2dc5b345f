// The plumbing every admin API shares: the bearer-token guard (failures audited), a JSON body
// parser with the configured limit, `Cache-Control: no-store`, an envelope 404 and the envelope
// error handler — all on the admin router only, never on the rest of the app.
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { requireAdminToken } from '../http/admin-auth.js';
import { envelopeErrorHandler, requireJson } from '../http/esignet-envelope.js';
import { route } from '../http/route.js';

export interface AdminRouterOptions {
  /** Accept POSTs without a body (e.g. key rotation, whose body is optional). */
  optionalBody?: boolean;
}

/**
 * A router for one admin API, to be mounted under its path prefix.
 * @example app.use('/v1/signet/admin/keys', adminRouter(ctx, (r) => r.get('/', listKeys)));
 */
export function adminRouter(
  ctx: ServerContext,
  addRoutes: (router: Router) => void,
  options: AdminRouterOptions = {},
): Router {
  const router = Router();
  router.use(auditedAdminToken(ctx));
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(options.optionalBody ? requireJsonWhenBody : requireJson);
  router.use(express.json({ limit: ctx.config.limits.bodyBytes, type: 'application/json' }));
  addRoutes(router);
  router.use((_req, _res, next) => next(new EsignetError('not_found', 'No such admin endpoint or method.')));
  router.use(envelopeErrorHandler((err) => ctx.logger.error({ err }, 'admin API: unexpected error')));
  return router;
}

/** requireAdminToken, recording refused calls in the audit trail. */
function auditedAdminToken(ctx: ServerContext): RequestHandler {
  const guard = requireAdminToken(ctx.config.adminToken);
  return (req, res, next) =>
    guard(req, res, (err?: unknown) => {
      if (err) {
        ctx.audit.record({
          action: 'admin-auth',
          outcome: 'failure',
          errorCode: err instanceof EsignetError ? err.errorCode : 'unknown_error',
          method: req.method,
          path: req.originalUrl.split('?')[0],
          ip: req.ip,
        });
      }
      next(err);
    });
}

/** Like requireJson, but lets a POST without a body through. */
const requireJsonWhenBody: RequestHandler = (req, res, next) => {
  const empty = req.get('content-length') === '0' && req.get('transfer-encoding') === undefined;
  if (empty || req.is('application/json') !== false) return next();
  requireJson(req, res, next);
};

/** What a successful admin change adds to its audit event. */
export type AuditDetails = Record<string, unknown>;

/**
 * Wraps an admin handler: one audit event per call, success or failure, with its duration.
 * @example router.delete('/client/:clientId', audited(ctx, 'client-delete', deleteClient));
 */
export function audited(
  ctx: ServerContext,
  action: string,
  run: (req: Request, res: Response) => Promise<AuditDetails>,
): RequestHandler {
  return route(async (req, res) => {
    const started = performance.now();
    const clientId = typeof req.params.clientId === 'string' ? req.params.clientId : undefined;
    const kioskId = typeof req.params.kioskId === 'string' ? req.params.kioskId : undefined;
    try {
      const details = await run(req, res);
      ctx.audit.record({
        action,
        outcome: 'success',
        clientId,
        kioskId,
        ...details,
        durationMs: Math.round(performance.now() - started),
      });
    } catch (err) {
      ctx.audit.record({
        action,
        outcome: 'failure',
        clientId,
        kioskId,
        errorCode: err instanceof EsignetError ? err.errorCode : 'unknown_error',
        durationMs: Math.round(performance.now() - started),
      });
      throw err;
    }
  });
}
