// The one way a route of the server runs async code and answers errors: `route(handler)` hands
// whatever the handler throws or rejects with to its router's error handler, and
// `errorResponder(dialect, onUnexpected)` is that error handler for one error dialect — a
// catalogue error (or a body parser's refusal) answered as the dialect says, anything else
// reported and answered with the dialect's generic error, never its details.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';

/** A route's work; it answers through `res` and throws catalogue errors. */
export type RouteHandler = (req: Request, res: Response) => Promise<void> | void;

/**
 * A handler whose thrown errors and rejected promises reach the router's error handler.
 * @example router.get('/client/:clientId', route((req, res) => getClient(ctx, req, res)));
 */
export function route(handler: RouteHandler): RequestHandler {
  return (req, res, next) => {
    try {
      const done = handler(req, res);
      if (done) done.catch(next);
    } catch (err) {
      next(err);
    }
  };
}

/** How one family of endpoints answers errors (OAuth JSON, the eSignet envelope, an HTML page). */
export interface ErrorFormat {
  /** Answers `err` when it is one the dialect knows (its catalogue, a body parser's refusal); false otherwise. */
  answerKnown(res: Response, err: unknown): boolean;
  /** Answers an unexpected error without revealing anything about it. */
  answerUnexpected(res: Response): void;
}

/**
 * The error handler that ends a router: known errors answered in the dialect; unexpected ones
 * reported to `onUnexpected` (the log), then answered generically. Once an answer has started,
 * nothing more can be said: the error goes on to Express's final handler, which ends the
 * connection (the handlers this replaces returned there, leaving the request hanging).
 * @example router.use(errorResponder(OAUTH_ERROR_FORMAT, (err) => ctx.logger.error({ err }, 'unexpected')));
 */
export function errorResponder(format: ErrorFormat, onUnexpected: (err: unknown) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (format.answerKnown(res, err)) return;
    onUnexpected(err);
    format.answerUnexpected(res);
  };
}
