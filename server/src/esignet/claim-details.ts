// `GET claim-details`: what the consent screen shows, after authentication.
import type { ClaimDetailsResponse } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { sendEnvelope } from '../http/esignet-envelope.js';
import type { StepHandler } from './audited-step.js';
import { requireStage, requireUiTransaction } from './ui-transaction.js';

export function claimDetails(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const txn = await requireUiTransaction(ctx, req);
    audit.transactionId = txn.transactionId;
    audit.clientId = txn.clientId;
    requireStage(txn, 'authenticated', 'Claim details are available once authenticated.');
    const supported = new Set(ctx.authenticator.supportedClaims());
    const status = (claim: string, essential: boolean) => ({
      claim,
      essential,
      verified: false,
      available: supported.has(claim),
    });
    const response: ClaimDetailsResponse = {
      transactionId: txn.transactionId,
      consentAction: txn.consentAction,
      profileUpdateRequired: false,
      claimStatus: [
        ...txn.essentialClaims.map((c) => status(c, true)),
        ...txn.voluntaryClaims.map((c) => status(c, false)),
      ],
      essentialClaims: txn.essentialClaims,
      voluntaryClaims: txn.voluntaryClaims,
      authorizeScopes: txn.authorizeScopes,
      credentialScopes: txn.credentialScopes,
    };
    sendEnvelope(res, response);
  };
}
