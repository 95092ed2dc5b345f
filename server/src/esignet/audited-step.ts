// Every step of the UI transaction API leaves one audit event: action, outcome, transaction
// (as its digest, never the id itself), client, factor types, error code, duration. Never
// challenges, OTPs or PINs.
import type { Request, RequestHandler, Response } from 'express';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { route } from '../http/route.js';
import { transactionRef } from '../oidc/transaction.js';

/** What a step learns about itself while it runs, for its audit event. */
export interface StepAudit {
  transactionId?: string;
  clientId?: string;
  factors?: string[];
  /** The linked flow: the kiosk, and its operator (their `sub` at the kiosk's client, as kiosk-operator-auth audits it). */
  kioskId?: string;
  operator?: string;
  /** A kiosk's status request: whether the key that signed it is the one registered for the kiosk it names. */
  registered?: boolean;
}

export type StepHandler = (req: Request, res: Response, audit: StepAudit) => Promise<void>;

/**
 * Wraps a step: records success when it answers, failure (with the errorCode) when it throws,
 * then lets the error reach the envelope error handler.
 * @example router.post('/send-otp', auditedStep(ctx, 'send-otp', sendOtp(ctx)));
 */
export function auditedStep(ctx: ServerContext, action: string, step: StepHandler): RequestHandler {
  return route(async (req, res) => {
    const started = performance.now();
    const audit: StepAudit = {};
    const durationMs = () => Math.round((performance.now() - started) * 100) / 100;
    const learnt = () => {
      const { transactionId, ...rest } = audit;
      return transactionId === undefined ? rest : { transactionRef: transactionRef(transactionId), ...rest };
    };
    try {
      await step(req, res, audit);
    } catch (err) {
      const errorCode = err instanceof EsignetError ? err.errorCode : 'unknown_error';
      ctx.audit.record({ action, outcome: 'failure', ...learnt(), errorCode, durationMs: durationMs() });
      throw err;
    }
    ctx.audit.record({ action, outcome: 'success', ...learnt(), durationMs: durationMs() });
  });
}
