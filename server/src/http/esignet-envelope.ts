// eSignet envelope plumbing for Express: parse `{requestTime, request}` with the endpoint's
// schema (±2 min clock window), answer `{responseTime, response, errors}`, and turn every thrown
// error into the envelope with a stable errorCode, written in the API's error dialect.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { esignetTime, requestEnvelope } from '@signet-kiosk/shared/esignet';
import { EsignetError } from '../errors.js';
import { oidcUiErrorCode } from '../esignet/oidc-ui-error-codes.js';
import { StoreFullError } from '../stores/kv-store.js';
import { errorResponder, type ErrorFormat } from './route.js';

const MAX_SKEW_MS = 2 * 60 * 1000;

/** Sends a successful eSignet envelope. */
export function sendEnvelope(res: Response, response: unknown, status = 200): void {
  res.status(status).json({ responseTime: esignetTime(), response, errors: [] });
}

/**
 * How an API answers errors. `catalogue`: the catalogue's HTTP status and code (client management,
 * admin APIs, the kiosk's linked-authorization calls). `login-ui`: as eSignet's login UI needs its
 * APIs (`/authorization/*`, the resident's `/linked-authorization/*`, `/csrf/token`) to answer:
 * HTTP 200 whatever the error, since the UI sends any 4xx/5xx to a dead-end error page, and an
 * errorCode the UI translates, ours kept as `reason` when it differs (oidc-ui-error-codes.ts).
 */
export type ErrorDialect = 'catalogue' | 'login-ui';

/** Sends an eSignet error envelope; the message is human, the code stable. */
export function sendEnvelopeError(res: Response, err: EsignetError, dialect: ErrorDialect = 'catalogue'): void {
  if (dialect === 'catalogue') {
    res.status(err.status).json({
      responseTime: esignetTime(),
      response: null,
      errors: [{ errorCode: err.errorCode, errorMessage: err.message, ...err.attempts }],
    });
    return;
  }
  const errorCode = oidcUiErrorCode(err.errorCode);
  const error =
    errorCode === err.errorCode
      ? { errorCode, errorMessage: err.message }
      : { errorCode, errorMessage: err.message, reason: err.errorCode };
  res.status(200).json({ responseTime: esignetTime(), response: null, errors: [{ ...error, ...err.attempts }] });
}

/** Envelope schemas built once per request schema: building a zod schema per request costs ~14x its parse. */
const envelopes = new WeakMap<z.ZodType, z.ZodType>();

function envelopeOf(schema: z.ZodType): z.ZodType {
  let envelope = envelopes.get(schema);
  if (!envelope) envelopes.set(schema, (envelope = requestEnvelope(schema)));
  return envelope;
}

/**
 * Parses `req.body` as an envelope around `schema`; throws EsignetError('invalid_input' | 'request_time_skew').
 * invalid_input's message lists the problems (the first five): `Invalid request:\n✖ Invalid input: expected string, received undefined\n  → at request.individualId`.
 */
export function parseEnvelope<T extends z.ZodType>(schema: T, body: unknown, now = Date.now()): z.infer<T> {
  const parsed = envelopeOf(schema).safeParse(body);
  if (!parsed.success) {
    if (parsed.error.issues[0]!.path[0] === 'requestTime') throw new EsignetError('request_time_skew');
    throw invalidInput(parsed.error);
  }
  const data = parsed.data as { requestTime: string; request: unknown };
  const t = Date.parse(data.requestTime);
  if (!Number.isFinite(t) || Math.abs(t - now) > MAX_SKEW_MS) throw new EsignetError('request_time_skew');
  return data.request as z.infer<T>;
}

/** Problems listed in one answer: a body of 256 KB can hold a hundred thousand, and the answer must stay small. */
const MAX_LISTED_PROBLEMS = 5;

/** invalid_input for a request that does not match its schema, listing its problems and where they are (the first few). */
export function invalidInput(error: z.ZodError): EsignetError {
  const more = error.issues.length - MAX_LISTED_PROBLEMS;
  const listed = more > 0 ? new z.ZodError(error.issues.slice(0, MAX_LISTED_PROBLEMS)) : error;
  return new EsignetError(
    'invalid_input',
    `Invalid request:\n${z.prettifyError(listed)}${more > 0 ? `\n… and ${more} more` : ''}`,
  );
}

/** route() under the name the envelope APIs (and the reference ID system's routes) import it by. */
export { route as handle } from './route.js';

/** The catalogue error for anything a handler or body parser threw; undefined when it is unexpected. */
function toEsignetError(err: unknown): EsignetError | undefined {
  if (err instanceof EsignetError) return err;
  const e = err as { type?: string; status?: number };
  if (e.type === 'entity.too.large') return new EsignetError('payload_too_large');
  if (e.type === 'entity.parse.failed') return new EsignetError('invalid_input', 'The request body is not valid JSON.');
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported')
    return new EsignetError('unsupported_media_type');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new EsignetError('invalid_input');
  if (err instanceof StoreFullError) return new EsignetError('service_busy');
  return undefined;
}

/** The eSignet envelope in one of its two dialects; unknown errors → unknown_error, never leaking internals. */
export function envelopeErrorFormat(dialect: ErrorDialect = 'catalogue'): ErrorFormat {
  return {
    answerKnown(res, err) {
      const known = toEsignetError(err);
      if (known) sendEnvelopeError(res, known, dialect);
      return known !== undefined;
    },
    answerUnexpected: (res) => sendEnvelopeError(res, new EsignetError('unknown_error'), dialect),
  };
}

/**
 * Error middleware for the eSignet-style APIs.
 * @example router.use(envelopeErrorHandler(logUnexpected, 'login-ui'));
 */
export function envelopeErrorHandler(
  onUnexpected: (err: unknown) => void,
  dialect: ErrorDialect = 'catalogue',
): ErrorRequestHandler {
  return errorResponder(envelopeErrorFormat(dialect), onUnexpected);
}

/** Requires `Content-Type: application/json` on requests with a body (415 otherwise). */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'DELETE' || req.method === 'HEAD' || req.method === 'OPTIONS')
    return next();
  if (!req.is('application/json')) return next(new EsignetError('unsupported_media_type'));
  next();
};
