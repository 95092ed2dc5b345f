// `POST v3/authenticate` (and v2): checks the challenges against the transaction's factor sets,
// holds the transaction (stage `authenticating`, set atomically), verifies BIO captures in the
// server core (server/src/biometrics/), asks the ID system (kycAuth) within the attempt limits,
// and on success marks the transaction authenticated, starts the SSO session and says whether
// the consent screen is needed.
// Credential failures answer HTTP 200 with errors[]: eSignet's UI treats any 4xx/5xx as fatal.
import type { Request } from 'express';
import {
  AuthenticateRequestSchema,
  type AuthenticateRequest,
  type AuthenticateResponse,
} from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import type { Authentication } from '../oidc/authentication.js';
import { startSsoSession } from '../oidc/sso-session.js';
import {
  swapTransaction,
  type AuthenticatedTransaction,
  type AuthenticatingTransaction,
  type CreatedTransaction,
  type Transaction,
} from '../oidc/transaction.js';
import { AuthAttempts, countAuthAttempt, giveBackUncheckedAttempt } from './attempt-limits.js';
import type { StepHandler } from './audited-step.js';
import { checkChallengeFormats, matchFactorSet } from './auth-factors.js';
import { decideConsentAction } from '../oidc/consent.js';
import { requireStage, requireUiTransaction } from './ui-transaction.js';
import { kioskIdOfClient } from '@signet-kiosk/shared/kiosk';

const IN_PROGRESS = 'Another authentication of this sign-in is being checked.';

/** Only a transaction not yet authenticated, and not being authenticated by another call, can be. */
function requireCreated(txn: Transaction): asserts txn is CreatedTransaction {
  if (txn.stage === 'authenticating') throw new EsignetError('invalid_transaction_state', IN_PROGRESS);
  requireStage(txn, 'created', 'This sign-in is already authenticated.');
}

/**
 * Moves the transaction to `authenticating` before the ID system is asked, atomically: of two
 * calls racing in one transaction only one gets on, so a code cannot go to whoever saved last.
 */
async function claimTransaction(ctx: ServerContext, txn: CreatedTransaction): Promise<AuthenticatingTransaction> {
  const claimed: AuthenticatingTransaction = { ...txn, stage: 'authenticating' };
  if (!(await swapTransaction(ctx, txn, claimed))) throw new EsignetError('invalid_transaction_state', IN_PROGRESS);
  return claimed;
}

/** What a successful authentication leaves: the resident's authentication and the transaction at `authenticated`. */
export interface TransactionAuthentication {
  authentication: Authentication;
  authenticated: AuthenticatedTransaction;
}

/** What the kiosk's linked `v2/authenticate` adds to an authentication. */
export interface LinkedAuthenticationOptions {
  /** The SBI transaction id's source the captures were made for (the link transaction's id). */
  captureTransactionId?: string;
  /**
   * Whether the request's individualId is the one the resident bound the sign-in to. False is
   * individual_id_mismatch, checked once the attempt is counted (so guessing IDs uses up the
   * sign-in's attempts, as wrong captures do) and before any capture is verified.
   */
  isBoundIndividual?: (individualId: string) => boolean;
}

/**
 * The authentication of a transaction, shared by the resident's `authenticate` and the kiosk's
 * linked `v2/authenticate`: factor sets, formats, the attempt limits, the individual ID's binding
 * (linked), the atomic hold, BIO capture verification (captures made for `captureTransactionId`'s
 * SBI transaction id), the ID system. Throws the refusal, the transaction put back at `created`.
 */
export async function authenticateTransaction(
  ctx: ServerContext,
  attempts: AuthAttempts,
  req: Request,
  txn: Transaction,
  request: { individualId: string; challengeList: AuthenticateRequest['challengeList'] },
  options: LinkedAuthenticationOptions = {},
): Promise<TransactionAuthentication> {
  const captureTransactionId = options.captureTransactionId ?? txn.transactionId;
  requireCreated(txn);
  const satisfied = matchFactorSet(txn, request.challengeList);
  checkChallengeFormats(satisfied.challenges);
  const attemptsLeft = await countAuthAttempt(ctx, txn.transactionId);
  let claimed: AuthenticatingTransaction | undefined;
  try {
    if (options.isBoundIndividual && !options.isBoundIndividual(request.individualId))
      throw new EsignetError('individual_id_mismatch', undefined, { attemptsLeft });
    claimed = await claimTransaction(ctx, txn);
    // Captures the server refuses never reach the ID system: not a guess at the resident, so
    // they count against the transaction only. The plugin then receives the same challenge
    // string, to decrypt, walk the hash chain and match.
    for (const c of satisfied.challenges) {
      if (c.authFactorType === 'BIO')
        await ctx.captures.verify({ challenge: c.challenge, transactionId: captureTransactionId });
    }
    const result = await attempts.verify(req, request.individualId, () =>
      ctx.authenticator.kycAuth({
        transactionId: txn.transactionId,
        clientId: txn.clientId,
        relyingPartyId: txn.relyingPartyId,
        individualId: request.individualId,
        challenges: satisfied.challenges,
      }),
    );
    const authentication: Authentication = {
      subjectId: result.subjectId,
      individualId: request.individualId,
      kycToken: result.kycToken,
      authTime: Math.floor(Date.now() / 1000),
      acr: satisfied.acr,
      amr: satisfied.amr,
      authFactorTypes: satisfied.factorTypes,
    };
    const sub = ctx.subjects.sub(txn.relyingPartyId, result.subjectId);
    const authenticated: AuthenticatedTransaction = {
      ...txn,
      ...authentication,
      stage: 'authenticated',
      sub,
      consentAction: await decideConsentAction(ctx, { ...txn, sub }),
    };
    if (!(await swapTransaction(ctx, claimed, authenticated))) throw new EsignetError('invalid_transaction');
    return { authentication, authenticated };
  } catch (e) {
    // Whatever failed, back to `created`, so the resident may try again within the attempt
    // limits (unless the transaction was cancelled or expired meanwhile); a refusal before any
    // credential was checked does not use up an attempt.
    if (claimed) await swapTransaction(ctx, claimed, txn);
    await giveBackUncheckedAttempt(ctx, txn.transactionId, e);
    throw e;
  }
}

export function authenticate(ctx: ServerContext): StepHandler {
  const attempts = new AuthAttempts(ctx);
  return async (req, res, audit) => {
    const request = parseEnvelope(AuthenticateRequestSchema, req.body);
    const txn = await requireUiTransaction(ctx, req, request.transactionId);
    audit.transactionId = txn.transactionId;
    audit.clientId = txn.clientId;
    audit.factors = [...new Set(request.challengeList.map((c) => c.authFactorType))];
    const { authentication, authenticated } = await authenticateTransaction(ctx, attempts, req, txn, request);

    // No SSO session from a kiosk's operator sign-in: the kiosk window is shared, and a session there
    // would let the next page ask prompt=none and be signed in as the operator.
    if (kioskIdOfClient(txn.clientId) === undefined)
      await startSsoSession(ctx, res, authentication).catch((err: unknown) =>
        ctx.logger.warn({ err }, 'authenticate: signed in without an SSO session, which could not be stored'),
      );
    const response: AuthenticateResponse = {
      transactionId: txn.transactionId,
      consentAction: authenticated.consentAction,
    };
    sendEnvelope(res, response);
  };
}
