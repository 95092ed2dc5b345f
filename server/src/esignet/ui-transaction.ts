// The transaction as the UI API sees it, and the check every call after oauth-details makes:
// `oauth-details-key` names the transaction, `oauth-details-hash` proves the caller holds the
// oauth-details response it was given (compared in constant time).
import { hash } from 'node:crypto';
import type { Request } from 'express';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { browserBindingDigest, readBrowserBinding } from '../oidc/browser-binding.js';
import { loadTransaction, type Transaction, type TransactionStage } from '../oidc/transaction.js';
import { constantTimeEqual } from './constant-time.js';

export const OAUTH_DETAILS_KEY_HEADER = 'oauth-details-key';
export const OAUTH_DETAILS_HASH_HEADER = 'oauth-details-hash';

/**
 * base64url(SHA-256(JSON)) of the oauth-details response, as eSignet's server computes it and its
 * UI recomputes it from the `response` it received.
 * @example oauthDetailsHash({ transactionId: 'x' }) // 'zBAXM…'
 */
export function oauthDetailsHash(response: unknown): string {
  return hash('sha256', JSON.stringify(response), 'base64url');
}

/**
 * Loads the transaction named by the headers; `bodyTransactionId`, when the request carries one,
 * must name the same transaction, and the request must come from the browser that opened it
 * (its browser-binding cookie). Throws invalid_transaction / invalid_oauth_details_hash.
 */
export async function requireUiTransaction(
  ctx: ServerContext,
  req: Request,
  bodyTransactionId?: string,
): Promise<Transaction> {
  const key = req.get(OAUTH_DETAILS_KEY_HEADER);
  if (!key || key.length > 100)
    throw new EsignetError(
      'invalid_transaction',
      'The oauth-details-key header is missing. Please start again from the application.',
    );
  if (bodyTransactionId !== undefined && bodyTransactionId !== key) {
    throw new EsignetError('invalid_transaction', 'The transactionId does not match the oauth-details-key header.');
  }
  const txn = await loadTransaction(ctx, key);
  if (!txn) throw new EsignetError('invalid_transaction');
  const hash = req.get(OAUTH_DETAILS_HASH_HEADER);
  if (!hash || txn.oauthDetailsHash === null || !constantTimeEqual(hash, txn.oauthDetailsHash)) {
    throw new EsignetError('invalid_oauth_details_hash');
  }
  const binding = readBrowserBinding(ctx, req);
  if (!binding || !constantTimeEqual(browserBindingDigest(binding), txn.browserBindingDigest)) {
    throw new EsignetError(
      'invalid_transaction',
      'This sign-in was started in another browser, or this browser lost its cookie. Please start again from the application.',
    );
  }
  return txn;
}

/** Throws invalid_transaction_state unless the transaction is at `stage`; from then on its type is that stage's. */
export function requireStage<S extends TransactionStage>(
  txn: Transaction,
  stage: S,
  message: string,
): asserts txn is Extract<Transaction, { stage: S }> {
  if (txn.stage !== stage) throw new EsignetError('invalid_transaction_state', message);
}
