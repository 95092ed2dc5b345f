// The error handler after every router of the app, for errors no router's own handler answered:
// a route parameter that is not valid %-encoding (the router's URIError), a static file refused,
// a route without an error handler of its own. Without it, Express's final handler answers with
// a page holding the error's stack and the server's file paths unless NODE_ENV=production.
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import { errorResponder, type ErrorFormat } from './route.js';

/** A client error's own status (body parsers, the router, serve-static set one), else none. */
function clientErrorStatus(err: unknown): number | undefined {
  const status =
    (err as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500 ? status : undefined;
}

/** The status and its standard phrase as plain text: nothing of the error itself. */
const PLAIN_TEXT_FORMAT: ErrorFormat = {
  answerKnown(res, err) {
    const status = clientErrorStatus(err);
    if (status === undefined) return false;
    res
      .status(status)
      .type('text')
      .send(STATUS_CODES[status] ?? 'Client Error');
    return true;
  },
  answerUnexpected: (res) => void res.status(500).type('text').send(STATUS_CODES[500]),
};

/**
 * @example app.use(lastResortErrorHandler((err) => ctx.logger.error({ err }, 'unhandled error')));
 */
export function lastResortErrorHandler(onUnexpected: (err: unknown) => void): ErrorRequestHandler {
  return errorResponder(PLAIN_TEXT_FORMAT, onUnexpected);
}
