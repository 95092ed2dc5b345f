// The linked (cross-device) authorization API, `/v1/esignet/linked-authorization/*` in eSignet
// 1.8's shapes, plus Signet's progress stream: the resident's browser asks for a link code and
// waits; a kiosk (in eSignet, a wallet) links to the transaction with the code, authenticates the
// resident and the resident's browser carries on. One schema per body, shared by server and UI.
import { z } from 'zod';
import { IndividualIdSchema } from './individual-id.js';
import { AuthFactorSchema, ChallengeSchema, ConsentActionSchema, UiConfigsSchema } from './transaction-api.js';

const transactionId = z.string().min(1).max(100);

/**
 * Link codes: 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L, U), shown as
 * `ABCD-EFGH`; typed case-insensitively, spaces and hyphens ignored (normaliseLinkCode).
 */
export const LINK_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const LINK_CODE_LENGTH = 8;
export const LinkCodeSchema = z
  .string()
  .max(40)
  .transform((typed) => normaliseLinkCode(typed))
  .pipe(z.string().regex(new RegExp(`^[${LINK_CODE_ALPHABET}]{${LINK_CODE_LENGTH}}$`), 'is not a link code'));

/** What a person typed, as the code it means: upper case, without spaces and hyphens. */
export function normaliseLinkCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

/** `ABCDEFGH` → `ABCD-EFGH`, how screens show a code. */
export function formatLinkCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * Resident's browser: `POST link-code`. Signet's extension `individualId`, the ID the resident typed
 * on their own device, binds the code: a kiosk that links with it may verify that ID only. eSignet's
 * own clients leave it out, and their codes bind nothing.
 */
export const LinkCodeRequestSchema = z.object({ transactionId, individualId: IndividualIdSchema.nullish() });
export type LinkCodeRequest = z.infer<typeof LinkCodeRequestSchema>;

export const LinkCodeResponseSchema = z.object({
  transactionId: z.string(),
  linkCode: z.string(),
  /** ISO time; the code is refused after it (60 s after issue). */
  expireDateTime: z.string(),
});
export type LinkCodeResponse = z.infer<typeof LinkCodeResponseSchema>;

/** Resident's browser: `POST link-status`, a long poll (≤ 25 s) until a kiosk links, else `response_timeout`. */
export const LinkStatusRequestSchema = z.object({ transactionId, linkCode: LinkCodeSchema });
export type LinkStatusRequest = z.infer<typeof LinkStatusRequestSchema>;

export const LinkStatusResponseSchema = z.object({
  transactionId: z.string(),
  linkStatus: z.literal('LINKED'),
  linkedDateTime: z.string(),
});
export type LinkStatusResponse = z.infer<typeof LinkStatusResponseSchema>;

/**
 * Signet's progress of a linked transaction, one event each: sent as server-sent events by
 * `GET /v1/signet/linked-authorization/progress?transactionId=…&linkCode=…` and answered by the
 * long poll `POST /v1/signet/linked-authorization/progress` ({transactionId, linkCode, after}).
 */
export const LinkProgressSchema = z.discriminatedUnion('state', [
  /** The code is issued and waits for a kiosk. */
  z.object({ state: z.literal('WAITING'), expireDateTime: z.string() }),
  /** A kiosk entered the code; the operator is with the resident. */
  z.object({ state: z.literal('LINKED'), linkedDateTime: z.string(), kioskName: z.string() }),
  /** A capture was refused at the kiosk; the operator may retry. */
  z.object({
    state: z.literal('FAILED'),
    errorCode: z.string(),
    attemptsLeft: z.number().int().min(0).nullable(),
  }),
  /**
   * The resident is authenticated: the browser shows consent (CAPTURE) or goes on (NOCAPTURE), and
   * who was verified where (maskIndividualId), so that the resident sees whether it was them.
   */
  z.object({
    state: z.literal('AUTHENTICATED'),
    consentAction: ConsentActionSchema,
    kioskName: z.string(),
    maskedIndividualId: z.string(),
  }),
  /** The code expired unused, or the transaction ended: ask for a new code or go back. */
  z.object({ state: z.literal('EXPIRED') }),
]);
export type LinkProgress = z.infer<typeof LinkProgressSchema>;
export type LinkProgressState = LinkProgress['state'];

export const LinkProgressPollRequestSchema = z.object({
  transactionId,
  linkCode: LinkCodeSchema,
  /** The last state the browser saw; the answer is the next one (or the same after ≤ 25 s). */
  after: z.enum(['WAITING', 'LINKED', 'FAILED', 'AUTHENTICATED', 'EXPIRED']).nullish(),
});
export type LinkProgressPollRequest = z.infer<typeof LinkProgressPollRequestSchema>;

/**
 * Resident's browser: `POST link-auth-code` once AUTHENTICATED, with the resident's consent
 * (Signet adds the two consent fields of `authorization/auth-code`; eSignet's wallet consents itself).
 */
export const LinkAuthCodeRequestSchema = z.object({
  transactionId,
  linkedCode: LinkCodeSchema,
  acceptedClaims: z
    .array(z.string().min(1).max(100))
    .max(200)
    .nullish()
    .transform((v) => v ?? []),
  permittedAuthorizeScopes: z
    .array(z.string().min(1).max(200))
    .max(100)
    .nullish()
    .transform((v) => v ?? []),
});
export type LinkAuthCodeRequest = z.infer<typeof LinkAuthCodeRequestSchema>;
// The answer is AuthCodeResponseSchema (transaction-api.ts).

/** Kiosk: `POST v2/link-transaction` (operator's bearer token). */
export const LinkTransactionRequestSchema = z.object({ linkCode: LinkCodeSchema });
export type LinkTransactionRequest = z.infer<typeof LinkTransactionRequestSchema>;

export const LinkTransactionResponseSchema = z.object({
  linkTransactionId: z.string(),
  clientName: z.record(z.string(), z.string()),
  logoUrl: z.string(),
  authFactors: z.array(z.array(AuthFactorSchema)),
  authorizeScopes: z.array(z.string()),
  essentialClaims: z.array(z.string()),
  voluntaryClaims: z.array(z.string()),
  configs: UiConfigsSchema,
  /** The resident's languages (the transaction's ui_locales, else its claims_locales), best first. */
  uiLocales: z.array(z.string()),
});
export type LinkTransactionResponse = z.infer<typeof LinkTransactionResponseSchema>;

/** Kiosk: `POST v2/authenticate` (operator's bearer token and the kiosk attestation header). */
export const LinkedAuthenticateRequestSchema = z.object({
  linkedTransactionId: z.string().min(1).max(100),
  individualId: IndividualIdSchema,
  challengeList: z.array(ChallengeSchema).min(1).max(5),
});
export type LinkedAuthenticateRequest = z.infer<typeof LinkedAuthenticateRequestSchema>;

export const LinkedAuthenticateResponseSchema = z.object({
  linkedTransactionId: z.string(),
  consentAction: ConsentActionSchema,
});
export type LinkedAuthenticateResponse = z.infer<typeof LinkedAuthenticateResponseSchema>;
