// `POST link-code` (resident's browser): a link code for a kiosk to enter, offered only when the
// sign-in can be completed with biometrics alone, which is what a kiosk submits. The individual ID
// the resident typed, when sent, binds the code: the kiosk may verify that ID only.
import { LinkCodeRequestSchema, type LinkCodeResponse } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import type { StepHandler } from '../esignet/audited-step.js';
import { requireStage, requireUiTransaction } from '../esignet/ui-transaction.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import type { Transaction } from '../oidc/transaction.js';
import { individualIdBinding } from './individual-id-binding.js';
import { issueLinkCode } from './link-state.js';

/** True when one of the transaction's factor sets asks for biometrics only. */
export function allowsKioskBiometrics(txn: Transaction): boolean {
  return txn.authFactors.some((set) => set.length > 0 && set.every((f) => f.type === 'BIO'));
}

export function linkCode(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const request = parseEnvelope(LinkCodeRequestSchema, req.body);
    const txn = await requireUiTransaction(ctx, req, request.transactionId);
    audit.transactionId = txn.transactionId;
    audit.clientId = txn.clientId;
    requireStage(txn, 'created', 'This sign-in is already authenticated.');
    if (!allowsKioskBiometrics(txn))
      throw new EsignetError(
        'auth_factor_mismatch',
        'This application does not accept biometrics alone, which is how an assisted kiosk verifies residents.',
      );
    const binding = request.individualId ? individualIdBinding(ctx, request.individualId) : undefined;
    const issued = await issueLinkCode(ctx, txn, binding);
    const response: LinkCodeResponse = {
      transactionId: txn.transactionId,
      linkCode: issued.code,
      expireDateTime: new Date(issued.expiresAt).toISOString(),
    };
    sendEnvelope(res, response);
  };
}
