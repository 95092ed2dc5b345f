// `POST cancel`: the resident declines (at login or on the consent screen). The transaction is
// consumed, so nothing more can happen in it, and the server — never the UI — builds the
// callback URL with error=access_denied, state and iss.
import { CancelRequestSchema, type CancelResponse } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError, OAuthError } from '../errors.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { errorCallbackUrl } from '../oidc/authorization-code.js';
import { remainingTransactionTtl, transactionKey, type Transaction } from '../oidc/transaction.js';
import type { StepHandler } from './audited-step.js';
import { requireUiTransaction } from './ui-transaction.js';

const DESCRIPTIONS = {
  login: 'the resident cancelled the sign-in',
  consent: 'the resident declined to share the requested information',
} as const;

export function cancel(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const request = parseEnvelope(CancelRequestSchema, req.body);
    const loaded = await requireUiTransaction(ctx, req, request.transactionId);
    audit.transactionId = loaded.transactionId;
    audit.clientId = loaded.clientId;
    const txn = await ctx.transactions.consume<Transaction>(transactionKey(loaded.transactionId));
    if (!txn) throw new EsignetError('invalid_transaction');
    if (txn.stage === 'code_issued') {
      // Too late to cancel: keep the finished transaction as it was.
      await ctx.transactions.put(transactionKey(txn.transactionId), txn, remainingTransactionTtl(ctx, txn));
      throw new EsignetError('invalid_transaction_state', 'This sign-in has already completed.');
    }
    const response: CancelResponse = {
      redirectUrl: errorCallbackUrl(
        txn.redirectUri,
        ctx.config.issuer,
        new OAuthError('access_denied', DESCRIPTIONS[request.reason]),
        txn.state,
      ),
    };
    sendEnvelope(res, response);
  };
}
