// `POST link-auth-code` (resident's browser), once the kiosk has authenticated the resident: the
// resident's consent, given on their own device, and the code for the relying party, as auth-code.
import { LinkAuthCodeRequestSchema } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { issueCodeWithConsent } from '../esignet/auth-code.js';
import type { StepHandler } from '../esignet/audited-step.js';
import { requireUiTransaction } from '../esignet/ui-transaction.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { currentProgress } from './link-state.js';
import { requireLink } from './link-watch.js';

export function linkAuthCode(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const request = parseEnvelope(LinkAuthCodeRequestSchema, req.body);
    const txn = await requireUiTransaction(ctx, req, request.transactionId);
    audit.transactionId = txn.transactionId;
    audit.clientId = txn.clientId;
    const record = await requireLink(ctx, txn, request.linkedCode);
    audit.kioskId = record.kioskId;
    audit.operator = record.operator;
    if (currentProgress(record).state !== 'AUTHENTICATED')
      throw new EsignetError('invalid_transaction_state', 'The kiosk has not authenticated the resident yet.');
    sendEnvelope(res, await issueCodeWithConsent(ctx, txn, request, audit));
  };
}
