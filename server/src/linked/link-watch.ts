// Watching one link code's progress for a resident's browser: the transaction must be that
// browser's (its binding cookie), the code that transaction's; then every change is delivered as
// it happens, a WAITING code turns EXPIRED at its expiry, and the watch ends when the browser goes.
// link-status, the progress stream and the progress long poll are all built on it.
import type { Request, Response } from 'express';
import type { LinkProgress } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { constantTimeEqual } from '../esignet/constant-time.js';
import { browserBindingDigest, readBrowserBinding } from '../oidc/browser-binding.js';
import { loadTransaction, remainingTransactionTtl, type Transaction } from '../oidc/transaction.js';
import { LinkListenerLimitError } from './link-notifications.js';
import { currentProgress, linkChannel, readLink, type LinkRecord } from './link-state.js';

/**
 * The transaction, when the request comes from the browser that opened it: for the progress
 * stream, whose EventSource cannot send the oauth-details headers (the other calls check those too).
 */
export async function requireBrowserTransaction(
  ctx: ServerContext,
  req: Request,
  transactionId: string,
): Promise<Transaction> {
  const txn = await loadTransaction(ctx, transactionId);
  const binding = readBrowserBinding(ctx, req);
  // One answer for an unknown transaction and another browser's: neither tells which it was.
  if (!txn || !binding || !constantTimeEqual(browserBindingDigest(binding), txn.browserBindingDigest))
    throw new EsignetError('invalid_transaction');
  return txn;
}

/** The code's progress record; invalid_link_code when the transaction never had this code. */
export async function requireLink(ctx: ServerContext, txn: Transaction, code: string): Promise<LinkRecord> {
  const record = await readLink(ctx, txn.transactionId, code);
  if (!record) throw new EsignetError('invalid_link_code');
  return record;
}

export interface LinkWatch {
  /** The progress now. */
  readonly record: LinkRecord;
  readonly progress: LinkProgress;
  stop(): void;
}

/**
 * Calls `onChange` with the record and its progress whenever it changes (a newer seq, or a WAITING
 * code reaching its expiry, or the transaction ending: EXPIRED), until stop() or the response
 * closes. Subscribes before reading, so no change between the two is missed. Throws
 * too_many_requests past the listeners a link may have.
 */
export async function watchLink(
  ctx: ServerContext,
  txn: Transaction,
  code: string,
  res: Response,
  onChange: (record: LinkRecord, progress: LinkProgress) => void,
): Promise<LinkWatch> {
  const channel = linkChannel(txn.transactionId, code);
  let unsubscribe: () => void;
  let shown: { seq: number; state: LinkProgress['state'] } | undefined;
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const stop = () => {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    res.off('close', stop);
  };
  const deliver = (record: LinkRecord | undefined, ended = false) => {
    // Before the first read, nothing: that read sees every change made until then.
    if (stopped || !shown) return;
    const progress: LinkProgress = record && !ended ? currentProgress(record) : { state: 'EXPIRED' };
    const seq = record && !ended ? record.seq : Number.MAX_SAFE_INTEGER;
    // An older read that resolved late, or the same record again (a WAITING code may turn EXPIRED without a new seq).
    if (seq < shown.seq || (seq === shown.seq && progress.state === shown.state)) return;
    shown = { seq, state: progress.state };
    onChange(record ?? { seq, progress, expiresAt: 0 }, progress);
  };
  const reread = () => {
    readLink(ctx, txn.transactionId, code).then(
      (r) => deliver(r),
      (err: unknown) => ctx.logger.warn({ err }, 'link watch: could not read the link'),
    );
  };
  try {
    unsubscribe = await ctx.linkNotifications.subscribe(channel, () => reread());
  } catch (e) {
    if (e instanceof LinkListenerLimitError)
      throw new EsignetError('too_many_requests', 'This link code is already being watched from several places.');
    throw e;
  }
  const record = await readLink(ctx, txn.transactionId, code);
  if (!record) {
    unsubscribe();
    throw new EsignetError('invalid_link_code');
  }
  const progress = currentProgress(record);
  shown = { seq: record.seq, state: progress.state };
  res.on('close', stop);
  // A browser that left during the awaits above has already closed: a listener added now would never hear it.
  if (res.closed || res.destroyed) stop();
  else {
    if (progress.state === 'WAITING') timers.push(setTimeout(reread, Math.max(0, record.expiresAt - Date.now()) + 50));
    timers.push(setTimeout(() => deliver(undefined, true), remainingTransactionTtl(ctx, txn) * 1000));
  }
  return { record, progress, stop };
}

/**
 * Waits (at most longPollSeconds, less when the browser leaves) for a progress that `done`
 * accepts; the last progress seen, whether or not it was accepted.
 * @example const { progress } = await waitForLink(ctx, txn, code, res, (p) => p.state !== 'WAITING');
 */
export async function waitForLink(
  ctx: ServerContext,
  txn: Transaction,
  code: string,
  res: Response,
  done: (progress: LinkProgress) => boolean,
): Promise<{ record: LinkRecord; progress: LinkProgress; accepted: boolean }> {
  let settle: (v: { record: LinkRecord; progress: LinkProgress; accepted: boolean }) => void = () => undefined;
  const settled = new Promise<{ record: LinkRecord; progress: LinkProgress; accepted: boolean }>(
    (resolve) => (settle = resolve),
  );
  let last: { record: LinkRecord; progress: LinkProgress } | undefined;
  const watch = await watchLink(ctx, txn, code, res, (record, progress) => {
    last = { record, progress };
    if (done(progress)) settle({ record, progress, accepted: true });
  });
  last = { record: watch.record, progress: watch.progress };
  if (done(watch.progress)) {
    watch.stop();
    return { ...last, accepted: true };
  }
  const timeout = setTimeout(
    () => settle({ ...last!, accepted: false }),
    ctx.config.linkedAuthorization.longPollSeconds * 1000,
  );
  const gone = () => settle({ ...last!, accepted: false });
  res.on('close', gone);
  if (res.closed || res.destroyed) gone();
  try {
    return await settled;
  } finally {
    clearTimeout(timeout);
    res.off('close', gone);
    watch.stop();
  }
}
