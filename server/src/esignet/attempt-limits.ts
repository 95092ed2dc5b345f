// Attempt limits of the UI API: OTP sends and authentications per transaction, and a temporary
// block of an individual after repeated failures. Counters live in the transaction store; the
// individual is named there only by a keyed hash, never by the ID itself.
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';

/** A keyed hash (HMAC under the server's pairwise salt) of the individual id: not reversible by guessing ids. */
function individualKey(ctx: ServerContext, individualId: string): string {
  return ctx.subjects.sub('urn:signet-kiosk:attempt-limits', individualId);
}

const otpSendsKey = (transactionId: string) => `ui-otp-sends:${transactionId}`;
const authAttemptsKey = (transactionId: string) => `ui-auth-attempts:${transactionId}`;
const failuresKey = (individual: string) => `ui-auth-failures:${individual}`;
const blockedKey = (individual: string) => `ui-blocked:${individual}`;
const individualOtpSendsKey = (individual: string) => `ui-otp-sends-person:${individual}`;

/** Counts one OTP send for the transaction; throws no_attempts_left past the limit. */
export async function countOtpSend(ctx: ServerContext, transactionId: string): Promise<void> {
  const n = await ctx.transactions.increment(otpSendsKey(transactionId), ctx.config.ttl.transaction);
  if (n > ctx.config.limits.otpSendsPerTransaction) throw new EsignetError('no_attempts_left', 'No more OTPs can be sent for this sign-in. Please start again from the application.');
}

/** Counts one authentication attempt for the transaction; throws no_attempts_left past the limit. */
export async function countAuthAttempt(ctx: ServerContext, transactionId: string): Promise<void> {
  const n = await ctx.transactions.increment(authAttemptsKey(transactionId), ctx.config.ttl.transaction);
  if (n > ctx.config.limits.authAttemptsPerTransaction) throw new EsignetError('no_attempts_left');
}

/**
 * Counts one OTP send to the individual across all transactions (transactions are free to open,
 * so a per-transaction limit alone would let anyone flood a resident with codes).
 */
export async function countOtpSendToIndividual(ctx: ServerContext, individualId: string): Promise<void> {
  const n = await ctx.transactions.increment(individualOtpSendsKey(individualKey(ctx, individualId)), ctx.config.ttl.blockedIndividual);
  if (n > ctx.config.limits.otpSendsPerIndividual) {
    throw new EsignetError('no_attempts_left', 'Too many codes were sent to this ID recently. Please wait a few minutes and try again.');
  }
}

/** Throws individual_id_blocked while the individual is blocked. */
export async function requireNotBlocked(ctx: ServerContext, individualId: string): Promise<void> {
  if (await ctx.transactions.get(blockedKey(individualKey(ctx, individualId)))) throw new EsignetError('individual_id_blocked');
}

async function block(ctx: ServerContext, individual: string): Promise<void> {
  await ctx.transactions.put(blockedKey(individual), { blockedAt: Date.now() }, ctx.config.ttl.blockedIndividual);
  await ctx.transactions.delete(failuresKey(individual));
}

/**
 * Counts an authentication attempt of the individual (in any transaction) BEFORE it is verified,
 * atomically, so guesses sent in parallel count too; past the limit the individual is blocked
 * for ttl.blockedIndividual seconds and this attempt is refused with individual_id_blocked.
 */
export async function reserveAuthAttempt(ctx: ServerContext, individualId: string): Promise<void> {
  await requireNotBlocked(ctx, individualId);
  const individual = individualKey(ctx, individualId);
  const attempts = await ctx.transactions.increment(failuresKey(individual), ctx.config.ttl.blockedIndividual);
  if (attempts > ctx.config.limits.authAttemptsPerTransaction) {
    await block(ctx, individual);
    throw new EsignetError('individual_id_blocked');
  }
}

/** After a failed attempt (already counted by reserveAuthAttempt): at the limit, block the individual. */
export async function recordAuthFailure(ctx: ServerContext, individualId: string): Promise<void> {
  const individual = individualKey(ctx, individualId);
  const attempts = (await ctx.transactions.get<number>(failuresKey(individual))) ?? 0;
  if (attempts >= ctx.config.limits.authAttemptsPerTransaction) await block(ctx, individual);
}

/** A success forgets earlier failures of the individual. */
export async function clearAuthFailures(ctx: ServerContext, individualId: string): Promise<void> {
  await ctx.transactions.delete(failuresKey(individualKey(ctx, individualId)));
}
