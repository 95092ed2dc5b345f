// The authorization transaction: one per sign-in, kept in the transaction store under `txn:<id>`
// with the transaction TTL, moving through its stages until an authorization code is issued.
import { hash, randomBytes } from 'node:crypto';
import type { ConsentAction } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import type { Authentication } from './authentication.js';
import type { AuthorizationRequest } from './authorization-request.js';

/** What every stage keeps: the validated request and how the UI API recognises its caller. */
interface TransactionBase extends AuthorizationRequest {
  transactionId: string;
  /** ms since epoch. */
  createdAt: number;
  /** base64url SHA-256 of the oauth-details response JSON; later calls must send it (null until oauth-details answers). */
  oauthDetailsHash: string | null;
  /** Digest of the browser-binding cookie of the browser that opened it (oidc/browser-binding.ts). */
  browserBindingDigest: string;
}

/** Opened by oauth-details; OTPs may be sent, and one authenticate call may take it. */
export interface CreatedTransaction extends TransactionBase {
  stage: 'created';
}

/** Held by one authenticate call while the ID system checks the credentials. */
export interface AuthenticatingTransaction extends TransactionBase {
  stage: 'authenticating';
}

/** The resident is known; consent is asked (CAPTURE) or a stored one applies (NOCAPTURE). */
export interface AuthenticatedTransaction extends TransactionBase, Authentication {
  stage: 'authenticated';
  /** Pairwise subject for this client. */
  sub: string;
  consentAction: ConsentAction;
}

/** Its one authorization code is issued; kept until it expires so that late calls are refused. */
export interface CodeIssuedTransaction extends Omit<AuthenticatedTransaction, 'stage'> {
  stage: 'code_issued';
  acceptedClaims: string[];
  permittedScopes: string[];
}

/** The authorization transaction, by stage: each stage has exactly the fields it needs. */
export type Transaction =
  CreatedTransaction | AuthenticatingTransaction | AuthenticatedTransaction | CodeIssuedTransaction;
export type TransactionStage = Transaction['stage'];

export const transactionKey = (id: string) => `txn:${id}`;

/** A CSPRNG transaction id (32 bytes, base64url). */
export function newTransactionId(): string {
  return randomBytes(32).toString('base64url');
}

export async function createTransaction(
  ctx: ServerContext,
  request: AuthorizationRequest,
  browserBindingDigest: string,
): Promise<CreatedTransaction> {
  const txn: CreatedTransaction = {
    ...request,
    transactionId: newTransactionId(),
    stage: 'created',
    createdAt: Date.now(),
    oauthDetailsHash: null,
    browserBindingDigest,
  };
  await ctx.transactions.put(transactionKey(txn.transactionId), txn, ctx.config.ttl.transaction);
  return txn;
}

export async function loadTransaction(ctx: ServerContext, transactionId: string): Promise<Transaction | undefined> {
  return ctx.transactions.get<Transaction>(transactionKey(transactionId));
}

/**
 * How logs and the audit trail name a transaction: a digest that correlates its lines without
 * being the id itself, which (with the browser's cookie) is what the UI API accepts.
 * @example transactionRef(txn.transactionId) // 'q3Jx9…' (22 characters)
 */
export function transactionRef(transactionId: string): string {
  return hash('sha256', `signet-transaction-ref:${transactionId}`, 'base64url').slice(0, 22);
}

/** Saves a changed transaction, keeping its expiry; false when it has expired meanwhile. */
export async function saveTransaction(ctx: ServerContext, txn: Transaction): Promise<boolean> {
  return ctx.transactions.replace(transactionKey(txn.transactionId), txn);
}

/**
 * Moves the transaction from `current` (as it was loaded) to `next` atomically, keeping its
 * expiry; false when it changed or expired meanwhile, so of racing calls exactly one moves it.
 */
export async function swapTransaction(ctx: ServerContext, current: Transaction, next: Transaction): Promise<boolean> {
  return ctx.transactions.compareAndSet(transactionKey(current.transactionId), current, next);
}

/** Seconds the transaction has left (at least 1), to put it back with after a consume. */
export function remainingTransactionTtl(ctx: ServerContext, txn: Transaction): number {
  return Math.max(1, Math.ceil((txn.createdAt + ctx.config.ttl.transaction * 1000 - Date.now()) / 1000));
}
