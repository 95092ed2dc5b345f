// `POST v3/authenticate` (and v2): checks the challenges against the transaction's factor sets,
// enforces the attempt limits, verifies BIO captures in the server core (server/src/biometrics/),
// asks the ID system (kycAuth), and on success marks the transaction authenticated, starts the
// SSO session and says whether the consent screen is needed.
// Credential failures answer HTTP 200 with errors[]: eSignet's UI treats any 4xx/5xx as fatal.
import { AuthenticateRequestSchema, type AuthenticateResponse } from '../../../shared/src/esignet/transaction-api.js';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { startSsoSession } from '../oidc/sso-session.js';
import { saveTransaction } from '../oidc/transaction.js';
import { clearAuthFailures, countAuthAttempt, recordAuthFailure, reserveAuthAttempt } from './attempt-limits.js';
import type { StepHandler } from './audited-step.js';
import { checkChallengeFormats, matchFactorSet } from './auth-factors.js';
import { decideConsentAction } from '../oidc/consent.js';
import { requireStage, requireUiTransaction, type UiTransaction } from './ui-transaction.js';

export function authenticate(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const request = parseEnvelope(AuthenticateRequestSchema, req.body);
    const txn = await requireUiTransaction(ctx, req, request.transactionId);
    audit.transactionId = txn.transactionId;
    audit.clientId = txn.clientId;
    audit.factors = [...new Set(request.challengeList.map((c) => c.authFactorType))];
    requireStage(txn, 'created', 'This sign-in is already authenticated.');

    const satisfied = matchFactorSet(txn, request.challengeList);
    checkChallengeFormats(satisfied.challenges);
    await countAuthAttempt(ctx, txn.transactionId);
    // Captures the server refuses never reach the ID system: not a guess at the resident, so
    // they count against the transaction only. The plugin then receives the same challenge
    // string, to decrypt, walk the hash chain and match.
    for (const c of satisfied.challenges) {
      if (c.authFactorType === 'BIO') await ctx.captures.verify({ challenge: c.challenge, transactionId: txn.transactionId });
    }
    await reserveAuthAttempt(ctx, request.individualId);

    const result = await ctx.authenticator.kycAuth({
      transactionId: txn.transactionId,
      clientId: txn.clientId,
      relyingPartyId: txn.relyingPartyId,
      individualId: request.individualId,
      challenges: satisfied.challenges,
    });
    if (!result.ok) {
      if (result.errorCode !== 'unsupported_auth_factor' && result.errorCode !== 'individual_id_blocked') await recordAuthFailure(ctx, request.individualId);
      throw new EsignetError(result.errorCode, result.message);
    }
    await clearAuthFailures(ctx, request.individualId);

    const authTime = Math.floor(Date.now() / 1000);
    const authenticated: UiTransaction = {
      ...txn,
      stage: 'authenticated',
      individualId: request.individualId,
      subjectId: result.subjectId,
      sub: ctx.subjects.sub(txn.relyingPartyId, result.subjectId),
      kycToken: result.kycToken,
      authTime,
      authFactorTypes: satisfied.factorTypes,
      acr: satisfied.acr,
      amr: satisfied.amr,
    };
    authenticated.consentAction = await decideConsentAction(ctx, authenticated);
    if (!(await saveTransaction(ctx, authenticated))) throw new EsignetError('invalid_transaction');
    await startSsoSession(ctx, res, {
      subjectId: result.subjectId,
      individualId: request.individualId,
      kycToken: result.kycToken,
      authTime,
      acr: satisfied.acr,
      amr: satisfied.amr,
      authFactorTypes: satisfied.factorTypes,
    });
    const response: AuthenticateResponse = { transactionId: txn.transactionId, consentAction: authenticated.consentAction };
    sendEnvelope(res, response);
  };
}
