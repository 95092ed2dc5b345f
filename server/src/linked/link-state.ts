// The state of linked sign-ins in the transaction store: link codes (single use, consumed
// atomically), each code's progress (WAITING → LINKED → FAILED… → AUTHENTICATED, or EXPIRED) with
// a sequence number, and the link transaction a kiosk works on. Every change is made with
// compareAndSet, then announced through LinkNotifications, so any server process may serve any step.
import { hash, randomBytes, randomInt } from 'node:crypto';
import {
  LINK_CODE_ALPHABET,
  LINK_CODE_LENGTH,
  type LinkProgress,
  type LinkProgressState,
} from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { loadTransaction, remainingTransactionTtl, type Transaction } from '../oidc/transaction.js';

/** Codes of one transaction that may be live at once; a new one retires the oldest. */
export const MAX_LIVE_LINK_CODES = 2;
/** Codes one transaction may ask for in all. */
export const MAX_LINK_CODES_PER_TRANSACTION = 10;
/** Tries of a compareAndSet loop before giving up as busy (only racing calls of one transaction retry). */
const CAS_TRIES = 8;

/** A link code as stored under its own key, until it is consumed or expires. */
interface LinkCodeEntry {
  transactionId: string;
  /** ms since epoch. */
  expiresAt: number;
  /** The ID the resident typed when asking for the code, as individualIdBinding keeps it; absent when not sent. */
  individualIdBinding?: string;
}

/** The progress of one code of one transaction, and what linking it learnt. */
export interface LinkRecord {
  seq: number;
  progress: LinkProgress;
  /** When the code expires unused, ms since epoch. */
  expiresAt: number;
  linkedDateTime?: string;
  linkTransactionId?: string;
  kioskId?: string;
  /** The operator, as the audit names operators: their `sub` at the kiosk's client. */
  operator?: string;
}

/** The transaction a kiosk works on after entering the code (v2/link-transaction's linkTransactionId). */
export interface LinkedTransaction {
  linkTransactionId: string;
  transactionId: string;
  linkCode: string;
  kioskId: string;
  kioskName: string;
  /** The operator's `sub` at the kiosk's client (the audit's name for the operator). */
  operator: string;
  linkedDateTime: string;
  /** The code's binding to the resident's ID (individual-id-binding.ts), when the resident's device sent one. */
  individualIdBinding?: string;
}

interface LiveCode {
  code: string;
  expiresAt: number;
}

const keys = {
  code: (code: string) => `link-code:${code}`,
  live: (transactionId: string) => `link-live:${transactionId}`,
  issued: (transactionId: string) => `link-issued:${transactionId}`,
  record: (channel: string) => `link-progress:${channel}`,
  linked: (transactionId: string) => `link-linked:${transactionId}`,
  linkTransaction: (linkTransactionId: string) => `link-txn:${linkTransactionId}`,
};

/**
 * The name of one code's progress, for the store and the notifications: a digest, so that neither
 * the transaction id (a bearer secret) nor the code shows in a shared pub/sub.
 */
export function linkChannel(transactionId: string, code: string): string {
  return hash('sha256', `signet-link:${transactionId}:${code}`, 'base64url');
}

/** A CSPRNG code of LINK_CODE_LENGTH characters of LINK_CODE_ALPHABET (≈ 39 bits). */
export function newLinkCode(): string {
  let code = '';
  for (let i = 0; i < LINK_CODE_LENGTH; i++) code += LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)];
  return code;
}

const busy = () => new EsignetError('service_busy', 'This sign-in is being changed by another request. Please retry.');

/** The progress as it stands at `now`: a code still WAITING past its expiry is EXPIRED. */
export function currentProgress(record: LinkRecord, now = Date.now()): LinkProgress {
  return record.progress.state === 'WAITING' && record.expiresAt <= now ? { state: 'EXPIRED' } : record.progress;
}

export async function readLink(
  ctx: ServerContext,
  transactionId: string,
  code: string,
): Promise<LinkRecord | undefined> {
  return ctx.transactions.get<LinkRecord>(keys.record(linkChannel(transactionId, code)));
}

/**
 * Moves a code's progress on, atomically, when its current state is one of `from`; announces the
 * change. Undefined when the record is gone or in another state.
 */
export async function advanceLink(
  ctx: ServerContext,
  transactionId: string,
  code: string,
  from: readonly LinkProgressState[],
  next: (record: LinkRecord) => Omit<Partial<LinkRecord>, 'seq'> & { progress: LinkProgress },
): Promise<LinkRecord | undefined> {
  const channel = linkChannel(transactionId, code);
  for (let i = 0; i < CAS_TRIES; i++) {
    const record = await ctx.transactions.get<LinkRecord>(keys.record(channel));
    if (!record || !from.includes(currentProgress(record).state)) return undefined;
    const moved: LinkRecord = { ...record, ...next(record), seq: record.seq + 1 };
    if (await ctx.transactions.compareAndSet(keys.record(channel), record, moved)) {
      await ctx.linkNotifications.publish(channel, { seq: moved.seq, progress: moved.progress });
      return moved;
    }
  }
  throw busy();
}

/** Retires a code: consumed, so no kiosk can use it any more; its watchers learn EXPIRED. */
async function retire(ctx: ServerContext, transactionId: string, code: string): Promise<void> {
  if (!(await ctx.transactions.consume<LinkCodeEntry>(keys.code(code)))) return;
  await advanceLink(ctx, transactionId, code, ['WAITING'], () => ({ progress: { state: 'EXPIRED' } }));
}

/** Adds the code to the transaction's live ones; returns those it pushes out (the oldest past MAX_LIVE_LINK_CODES). */
async function addLive(ctx: ServerContext, txn: Transaction, added: LiveCode): Promise<string[]> {
  const key = keys.live(txn.transactionId);
  for (let i = 0; i < CAS_TRIES; i++) {
    const stored = await ctx.transactions.get<LiveCode[]>(key);
    const now = Date.now();
    const live = [...(stored ?? []).filter((c) => c.expiresAt > now), added];
    const retired = live.splice(0, Math.max(0, live.length - MAX_LIVE_LINK_CODES)).map((c) => c.code);
    const saved = stored
      ? await ctx.transactions.compareAndSet(key, stored, live)
      : await ctx.transactions.putIfAbsent(key, live, remainingTransactionTtl(ctx, txn));
    if (saved) return retired;
  }
  throw busy();
}

/**
 * Issues a new link code for the transaction: counted (at most MAX_LINK_CODES_PER_TRANSACTION),
 * stored under its own key for linkCodeSeconds with the binding to the resident's ID, if any, its
 * progress WAITING, the oldest live code retired past MAX_LIVE_LINK_CODES.
 */
export async function issueLinkCode(
  ctx: ServerContext,
  txn: Transaction,
  individualIdBinding?: string,
): Promise<{ code: string; expiresAt: number }> {
  if (await ctx.transactions.get(keys.linked(txn.transactionId)))
    throw new EsignetError('invalid_transaction_state', 'This sign-in is already linked to a kiosk.');
  const ttl = remainingTransactionTtl(ctx, txn);
  const issued = await ctx.transactions.increment(keys.issued(txn.transactionId), ttl);
  if (issued > MAX_LINK_CODES_PER_TRANSACTION)
    throw new EsignetError(
      'no_attempts_left',
      'No more link codes can be issued for this sign-in. Please start again from the application.',
    );
  const lifetime = ctx.config.linkedAuthorization.linkCodeSeconds;
  const expiresAt = Date.now() + lifetime * 1000;
  let code: string | undefined;
  for (let i = 0; i < CAS_TRIES && code === undefined; i++) {
    const candidate = newLinkCode();
    const entry: LinkCodeEntry = {
      transactionId: txn.transactionId,
      expiresAt,
      ...(individualIdBinding === undefined ? {} : { individualIdBinding }),
    };
    if (await ctx.transactions.putIfAbsent(keys.code(candidate), entry, lifetime)) code = candidate;
  }
  if (code === undefined) throw busy();
  const record: LinkRecord = {
    seq: 1,
    progress: { state: 'WAITING', expireDateTime: new Date(expiresAt).toISOString() },
    expiresAt,
  };
  await ctx.transactions.put(keys.record(linkChannel(txn.transactionId, code)), record, ttl);
  for (const old of await addLive(ctx, txn, { code, expiresAt })) await retire(ctx, txn.transactionId, old);
  return { code, expiresAt };
}

/** Who links: the kiosk and its operator (their `sub` at the kiosk's client). */
export interface Linker {
  kioskId: string;
  kioskName: string;
  operator: string;
}

/**
 * A kiosk enters a code: the code is consumed (a second use, like an expired or unknown code, is
 * invalid_link_code), the transaction gets its one link transaction, and its watchers learn LINKED.
 */
export async function linkWithCode(
  ctx: ServerContext,
  code: string,
  linker: Linker,
): Promise<{ txn: Transaction; linked: LinkedTransaction }> {
  const entry = await ctx.transactions.consume<LinkCodeEntry>(keys.code(code));
  if (!entry || entry.expiresAt <= Date.now()) throw new EsignetError('invalid_link_code');
  const txn = await loadTransaction(ctx, entry.transactionId);
  if (!txn) throw new EsignetError('invalid_link_code', 'The sign-in this code belongs to has ended.');
  if (txn.stage !== 'created')
    throw new EsignetError('invalid_transaction_state', 'This sign-in is already authenticated.');
  const ttl = remainingTransactionTtl(ctx, txn);
  const linked: LinkedTransaction = {
    linkTransactionId: randomBytes(32).toString('base64url'),
    transactionId: txn.transactionId,
    linkCode: code,
    ...linker,
    linkedDateTime: new Date().toISOString(),
    ...(entry.individualIdBinding === undefined ? {} : { individualIdBinding: entry.individualIdBinding }),
  };
  if (!(await ctx.transactions.putIfAbsent(keys.linked(txn.transactionId), linked.linkTransactionId, ttl)))
    throw new EsignetError('invalid_link_code', 'This sign-in is already linked to a kiosk.');
  await ctx.transactions.put(keys.linkTransaction(linked.linkTransactionId), linked, ttl);
  const moved = await advanceLink(ctx, txn.transactionId, code, ['WAITING'], () => ({
    progress: { state: 'LINKED', linkedDateTime: linked.linkedDateTime, kioskName: linked.kioskName },
    linkedDateTime: linked.linkedDateTime,
    linkTransactionId: linked.linkTransactionId,
    kioskId: linked.kioskId,
    operator: linked.operator,
  }));
  if (!moved) throw new EsignetError('invalid_link_code');
  return { txn, linked };
}

export async function loadLinkedTransaction(
  ctx: ServerContext,
  linkTransactionId: string,
): Promise<LinkedTransaction | undefined> {
  return ctx.transactions.get<LinkedTransaction>(keys.linkTransaction(linkTransactionId));
}
