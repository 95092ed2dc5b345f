// `POST v2/authenticate` (kiosk, operator's bearer token and the kiosk attestation): the kiosk's
// captures for its link transaction. Kiosk and operator first, then the attestation, then the same
// authentication as the resident's own (attempt limits, capture verification, the ID system), the
// individualId held to the one the resident's device bound the code to, the captures bound to the
// link transaction's SBI transaction id. The resident's browser learns FAILED (with the attempts
// left) or AUTHENTICATED with the masked ID that was verified.
import {
  maskIndividualId,
  LinkedAuthenticateRequestSchema,
  type LinkedAuthenticateResponse,
  type LinkProgress,
} from '@signet-kiosk/shared/esignet';
import { KIOSK_ATTESTATION_HEADER } from '@signet-kiosk/shared/kiosk';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { AuthAttempts } from '../esignet/attempt-limits.js';
import type { StepHandler } from '../esignet/audited-step.js';
import { authenticateTransaction, type TransactionAuthentication } from '../esignet/authenticate.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { authenticateKioskOperator } from '../kiosks/kiosk-operator-auth.js';
import { loadTransaction } from '../oidc/transaction.js';
import { isBoundIndividual } from './individual-id-binding.js';
import { verifyKioskAttestation } from './kiosk-attestation.js';
import { advanceLink, loadLinkedTransaction } from './link-state.js';

/** What the resident's browser is told of a refusal at the kiosk. */
function failedProgress(e: EsignetError): LinkProgress {
  return { state: 'FAILED', errorCode: e.errorCode, attemptsLeft: e.attempts?.attemptsLeft ?? null };
}

export function linkedAuthenticate(ctx: ServerContext): StepHandler {
  const attempts = new AuthAttempts(ctx);
  return async (req, res, audit) => {
    const { kiosk, operatorSub, accessTokenHash } = await authenticateKioskOperator(ctx, req.get('authorization'));
    audit.kioskId = kiosk.kioskId;
    audit.operator = operatorSub;
    const request = parseEnvelope(LinkedAuthenticateRequestSchema, req.body);
    audit.factors = [...new Set(request.challengeList.map((c) => c.authFactorType))];
    const linked = await loadLinkedTransaction(ctx, request.linkedTransactionId);
    if (!linked || linked.kioskId !== kiosk.kioskId)
      throw new EsignetError('invalid_transaction', 'This kiosk has no link transaction with this id.');
    // The operator who opened the code vouches for the captures: another operator at the same kiosk may not finish it.
    if (linked.operator !== operatorSub)
      throw new EsignetError('invalid_transaction', 'Another operator opened this link transaction.');
    audit.transactionId = linked.transactionId;
    if (request.challengeList.some((c) => c.authFactorType !== 'BIO'))
      throw new EsignetError('auth_factor_mismatch', 'A kiosk submits biometric captures only.');
    await verifyKioskAttestation(ctx, req.get(KIOSK_ATTESTATION_HEADER), {
      kioskId: kiosk.kioskId,
      publicJwk: kiosk.publicJwk,
      operatorSub,
      audience: ctx.config.issuer,
      linkTransactionId: linked.linkTransactionId,
      accessTokenHash,
      individualId: request.individualId,
      challenges: request.challengeList.map((c) => c.challenge),
    });
    const txn = await loadTransaction(ctx, linked.transactionId);
    if (!txn) throw new EsignetError('invalid_transaction');
    audit.clientId = txn.clientId;

    let outcome: TransactionAuthentication;
    try {
      outcome = await authenticateTransaction(ctx, attempts, req, txn, request, {
        captureTransactionId: linked.linkTransactionId,
        isBoundIndividual: (individualId) => isBoundIndividual(ctx, linked.individualIdBinding, individualId),
      });
    } catch (e) {
      if (e instanceof EsignetError) {
        await advanceLink(ctx, txn.transactionId, linked.linkCode, ['LINKED', 'FAILED'], () => ({
          progress: failedProgress(e),
        })).catch((err: unknown) => ctx.logger.warn({ err }, 'linked authenticate: FAILED not delivered'));
      }
      throw e;
    }
    const { consentAction } = outcome.authenticated;
    await advanceLink(ctx, txn.transactionId, linked.linkCode, ['LINKED', 'FAILED'], () => ({
      progress: {
        state: 'AUTHENTICATED',
        consentAction,
        kioskName: linked.kioskName,
        maskedIndividualId: maskIndividualId(request.individualId),
      },
    }));
    const response: LinkedAuthenticateResponse = { linkedTransactionId: linked.linkTransactionId, consentAction };
    sendEnvelope(res, response);
  };
}
