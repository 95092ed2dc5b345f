// The linked (cross-device) authorization API: eSignet's `/v1/esignet/linked-authorization/*`
// (the resident's browser: link-code, link-status, link-auth-code, with CSRF and browser binding
// as every UI call, errors in the login UI's dialect; the kiosk: v2/link-transaction and
// v2/authenticate, with the operator's bearer token; and the kiosk's registration status, signed
// with its key) and Signet's progress of a link code
// (`/v1/signet/linked-authorization/progress`: server-sent events, long poll). Per-IP limits as
// the rest of the UI API; one audited step per endpoint, naming kiosk and operator.
import cookieParser from 'cookie-parser';
import express, { Router, type RequestHandler } from 'express';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { auditedStep } from '../esignet/audited-step.js';
import { requireCsrfToken } from '../esignet/csrf.js';
import { envelopeErrorHandler, requireJson } from '../http/esignet-envelope.js';
import { KIOSK_STATUS_PATH } from '@signet-kiosk/shared/kiosk';
import { kioskStatusEndpoint } from '../kiosks/kiosk-status.js';
import { linkAuthCode } from './link-auth-code.js';
import { linkCode } from './link-code.js';
import { linkProgressPoll, linkProgressStream } from './link-progress.js';
import { linkStatus } from './link-status.js';
import { linkTransaction } from './link-transaction.js';
import { linkedAuthenticate } from './linked-authenticate.js';

/** Where eSignet serves the linked authorization API. */
export const LINKED_AUTHORIZATION_PATH = '/v1/esignet/linked-authorization';
/** Signet's progress of a link code, for the resident's browser. */
export const LINK_PROGRESS_PATH = '/v1/signet/linked-authorization/progress';

/** The per-IP limits of the UI API (esignet/router.ts), shared so one address has one budget. */
export interface LinkedRateLimits {
  perIp: RequestHandler;
  /** `authenticate`'s tighter limit, for the kiosk's v2/authenticate. */
  authenticatePerIp: RequestHandler;
}

const notFound: RequestHandler = (_req, _res, next) => next(new EsignetError('not_found'));

/**
 * Mounted at the server root by the transaction API's router.
 * @example router.use(linkedAuthorizationRouter(ctx, { perIp, authenticatePerIp }));
 */
export function linkedAuthorizationRouter(ctx: ServerContext, limits: LinkedRateLimits): Router {
  const onUnexpected = (err: unknown) => ctx.logger.error({ err }, 'linked authorization: unexpected error');
  const cookies = cookieParser();
  const csrf = requireCsrfToken((req) =>
    ctx.audit.record({
      action: 'csrf',
      outcome: 'failure',
      errorCode: 'invalid_csrf_token',
      path: req.originalUrl.split('?')[0],
    }),
  );
  const json = express.json({ limit: ctx.config.limits.bodyBytes });
  const browserPost = [limits.perIp, requireJson, cookies, csrf, json];

  const resident = Router();
  resident.post(`${LINKED_AUTHORIZATION_PATH}/link-code`, browserPost, auditedStep(ctx, 'link-code', linkCode(ctx)));
  resident.post(
    `${LINKED_AUTHORIZATION_PATH}/link-status`,
    browserPost,
    auditedStep(ctx, 'link-status', linkStatus(ctx)),
  );
  resident.post(
    `${LINKED_AUTHORIZATION_PATH}/link-auth-code`,
    browserPost,
    auditedStep(ctx, 'link-auth-code', linkAuthCode(ctx)),
  );
  resident.get(LINK_PROGRESS_PATH, limits.perIp, cookies, auditedStep(ctx, 'link-progress', linkProgressStream(ctx)));
  resident.post(LINK_PROGRESS_PATH, browserPost, auditedStep(ctx, 'link-progress', linkProgressPoll(ctx)));
  resident.use(envelopeErrorHandler(onUnexpected, 'login-ui'));

  // The kiosk: its operator's bearer token, no cookies (so no CSRF), the catalogue's statuses.
  const kioskPost = [limits.perIp, requireJson, json];
  const kiosk = Router();
  kiosk.post(
    `${LINKED_AUTHORIZATION_PATH}/v2/link-transaction`,
    kioskPost,
    auditedStep(ctx, 'link-transaction', linkTransaction(ctx)),
  );
  kiosk.post(
    `${LINKED_AUTHORIZATION_PATH}/v2/authenticate`,
    kioskPost,
    limits.authenticatePerIp,
    auditedStep(ctx, 'linked-authenticate', linkedAuthenticate(ctx)),
  );
  kiosk.post(KIOSK_STATUS_PATH, kioskPost, auditedStep(ctx, 'kiosk-status', kioskStatusEndpoint(ctx)));
  kiosk.use(envelopeErrorHandler(onUnexpected, 'catalogue'));

  const router = Router();
  router.use(resident, kiosk);
  // Anything else under the API: not_found, in the dialect eSignet's login UI reads.
  router.use(LINKED_AUTHORIZATION_PATH, limits.perIp, notFound, envelopeErrorHandler(onUnexpected, 'login-ui'));
  return router;
}
