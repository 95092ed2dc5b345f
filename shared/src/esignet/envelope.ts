// eSignet's request and response envelopes: {requestTime, request} in, {responseTime, response, errors} out.
import { z } from 'zod';

/** ISO-8601 UTC with milliseconds, as eSignet's UI sends it (`2026-11-21T10:15:29.123Z`). */
export const RequestTimeSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/,
    'requestTime must be ISO-8601 UTC, e.g. 2026-11-21T10:15:29.123Z',
  );

/** Wraps a request schema in eSignet's envelope. */
export function requestEnvelope<T extends z.ZodType>(request: T) {
  return z.object({ requestTime: RequestTimeSchema, request });
}

export const EsignetErrorSchema = z.object({
  errorCode: z.string(),
  /** Human text (eSignet itself repeats the code here). */
  errorMessage: z.string(),
  /**
   * Ours, on the login UI's API only: the server's own, finer code when `errorCode` is the coarser
   * one eSignet's login UI translates (`errorCode` invalid_transaction, `reason`
   * invalid_transaction_state). Absent when the two are the same.
   */
  reason: z.string().optional(),
  /** Ours, beside eSignet's fields, on authentication errors: wrong attempts left before a block. */
  attemptsLeft: z.number().int().min(0).optional(),
  /** Ours: until when (ISO-8601 UTC) a block or a wait holds. */
  blockedUntil: z.iso.datetime().optional(),
});

/** Wraps a response schema in eSignet's envelope. */
export function responseEnvelope<T extends z.ZodType>(response: T) {
  return z.object({
    responseTime: z.string(),
    response: response.nullable(),
    errors: z.array(EsignetErrorSchema),
  });
}

/** Formats a date as eSignet does: ISO-8601 UTC with milliseconds. */
export function esignetTime(d = new Date()): string {
  return d.toISOString();
}
