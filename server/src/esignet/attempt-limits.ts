// Attempt limits of the UI API. Per transaction: OTP sends and authentications (a refusal before
// any credential was checked gives its attempt back). Across transactions: OTP sends to an
// individual, and failed authentications counted three ways — per source (request-source.ts), per
// ID from one source, per ID from all sources — so that a source that keeps failing is slowed, then
// refused that ID, before the ID itself is blocked (which takes failures from several sources, and
// starts short). Successes never count. The ID system checks a few credentials at once, the sources
// taking turns (fair-scheduler.ts). Counters live in the transaction store; IDs and addresses are
// named there only by keyed hashes.
import type { Request } from 'express';
import type { ServerContext } from '../context.js';
import { ESIGNET_ERRORS, EsignetError, type AttemptFields, type EsignetErrorCode } from '../errors.js';
import type { KycAuthResult } from '../plugin/authenticator.js';
import { FairScheduler, FairSchedulerFullError } from './fair-scheduler.js';
import { KeyedSerialQueue, SerialQueueFullError } from './keyed-serial-queue.js';
import { requestSource, SharedSources } from './request-source.js';

/** Who makes an authentication attempt: the ID presented, from which source. */
export interface AttemptOrigin {
  individualId: string;
  /** requestSource() of the request. */
  source: string;
}

/** Attempts on one ID waiting (in this process) behind the one being checked; more are refused. */
export const MAX_QUEUED_PER_INDIVIDUAL = 8;
/** Safety expiry of a source's in-flight counter, should a process stop mid-attempt. */
const IN_FLIGHT_TTL_SECONDS = 60;
/**
 * Longest block of an ID from one source: a source that keeps coming back to one ID is refused it
 * twice as long each time, so keeping an ID blocked everywhere needs fresh sources again and again.
 */
const MAX_PAIR_BLOCK_SECONDS = 86_400;

type FailureCode = Extract<KycAuthResult, { ok: false }>['errorCode'];
/** Outcomes of the ID system that are not a guess at the resident, so they count nowhere. */
const NOT_A_GUESS: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'unsupported_auth_factor',
  'individual_id_blocked',
  'service_busy',
]);

const keys = {
  otpSends: (transactionId: string) => `ui-otp-sends:${transactionId}`,
  authAttempts: (transactionId: string) => `ui-auth-attempts:${transactionId}`,
  individualOtpSends: (individual: string) => `ui-otp-sends-person:${individual}`,
  individualFailures: (individual: string) => `ui-auth-failures:${individual}`,
  individualBlock: (individual: string) => `ui-blocked:${individual}`,
  pairFailures: (pair: string) => `ui-auth-failures-pair:${pair}`,
  pairBlock: (pair: string) => `ui-blocked-pair:${pair}`,
  pairSuccess: (pair: string) => `ui-auth-success-pair:${pair}`,
  sourceFailures: (source: string) => `ui-auth-failures-source:${source}`,
  sourceWait: (source: string) => `ui-wait-source:${source}`,
  sourceInFlight: (source: string) => `ui-auth-in-flight:${source}`,
};

/** A block or a wait, stored with its end so answers can say until when it holds, and its length so the next can double it. */
interface Block {
  /** ms since epoch. */
  until: number;
  seconds: number;
}

/** Keyed hashes (HMAC under the server's pairwise salt): not reversible by guessing IDs or addresses. */
function individualName(ctx: ServerContext, individualId: string): string {
  return ctx.subjects.sub('urn:signet-kiosk:attempt-limits', individualId);
}

function names(ctx: ServerContext, origin: AttemptOrigin) {
  return {
    individual: individualName(ctx, origin.individualId),
    source: ctx.subjects.sub('urn:signet-kiosk:attempt-source', origin.source),
    pair: ctx.subjects.sub('urn:signet-kiosk:attempt-pair', `${origin.source}\0${origin.individualId}`),
  };
}
type Names = ReturnType<typeof names>;

/** "7 seconds", "10 minutes": how long until `until`, for the human message. */
function waitText(until: number): string {
  const seconds = Math.max(1, Math.ceil((until - Date.now()) / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

const iso = (ms: number) => new Date(ms).toISOString();

async function activeBlock(ctx: ServerContext, key: string): Promise<number | undefined> {
  const block = await ctx.transactions.get<Block>(key);
  return block && block.until > Date.now() ? block.until : undefined;
}

async function putBlock(ctx: ServerContext, key: string, seconds: number): Promise<number> {
  const until = Date.now() + seconds * 1000;
  await ctx.transactions.put(key, { until, seconds } satisfies Block, seconds);
  return until;
}

/**
 * Blocks `key` for `first` seconds or, when its last block ended less than that block's length
 * ago, for twice as long as that one; at most `max`. The record outlives the block by its length,
 * which is how long it is remembered.
 */
async function putGrowingBlock(ctx: ServerContext, key: string, first: number, max: number): Promise<number> {
  const last = await ctx.transactions.get<Block>(key);
  const seconds = Math.min(max, last ? last.seconds * 2 : first);
  const until = Date.now() + seconds * 1000;
  await ctx.transactions.put(key, { until, seconds } satisfies Block, seconds * 2);
  return until;
}

function attemptsBusy(): EsignetError {
  return new EsignetError(
    'too_many_requests',
    'Other sign-in attempts with this ID or from this device are being checked. Please try again in a moment.',
  );
}

/** Counts one OTP send for the transaction; throws no_attempts_left past the limit. */
export async function countOtpSend(ctx: ServerContext, transactionId: string): Promise<void> {
  const n = await ctx.transactions.increment(keys.otpSends(transactionId), ctx.config.ttl.transaction);
  if (n > ctx.config.limits.otpSendsPerTransaction)
    throw new EsignetError(
      'no_attempts_left',
      'No more OTPs can be sent for this sign-in. Please start again from the application.',
    );
}

/**
 * Counts one authentication attempt for the transaction; throws no_attempts_left past the limit.
 * Returns the attempts the transaction has left after this one, should it fail.
 */
export async function countAuthAttempt(ctx: ServerContext, transactionId: string): Promise<number> {
  const n = await ctx.transactions.increment(keys.authAttempts(transactionId), ctx.config.ttl.transaction);
  if (n > ctx.config.limits.authAttemptsPerTransaction)
    throw new EsignetError('no_attempts_left', undefined, { attemptsLeft: 0 });
  return ctx.config.limits.authAttemptsPerTransaction - n;
}

/** Refusals made before any credential was checked (limits, a busy ID system, a held transaction, a block). */
const UNCHECKED_REFUSALS: ReadonlySet<EsignetErrorCode> = new Set<EsignetErrorCode>([
  'too_many_requests',
  'service_busy',
  'invalid_transaction_state',
  'individual_id_blocked',
]);

/**
 * Gives back the attempt countAuthAttempt counted when `error` refused it before any credential
 * was checked: a resident waiting out a busy address keeps a usable sign-in.
 */
export async function giveBackUncheckedAttempt(
  ctx: ServerContext,
  transactionId: string,
  error: unknown,
): Promise<void> {
  if (error instanceof EsignetError && UNCHECKED_REFUSALS.has(error.errorCode))
    await ctx.transactions.decrement(keys.authAttempts(transactionId));
}

/**
 * Counts one OTP send to the individual across all transactions (transactions are free to open,
 * so a per-transaction limit alone would let anyone flood a resident with codes).
 */
export async function countOtpSendToIndividual(ctx: ServerContext, individualId: string): Promise<void> {
  const n = await ctx.transactions.increment(
    keys.individualOtpSends(individualName(ctx, individualId)),
    ctx.config.ttl.blockedIndividual,
  );
  if (n > ctx.config.limits.otpSendsPerIndividual) {
    throw new EsignetError(
      'no_attempts_left',
      'Too many codes were sent to this ID recently. Please wait a few minutes and try again.',
    );
  }
}

/** Throws individual_id_blocked (with blockedUntil) while the ID is blocked, everywhere or for this source. */
async function requireNoBlock(ctx: ServerContext, n: Names): Promise<void> {
  const everywhere = await activeBlock(ctx, keys.individualBlock(n.individual));
  if (everywhere) {
    throw new EsignetError(
      'individual_id_blocked',
      `Too many failed attempts: this ID is blocked for ${waitText(everywhere)}. Please try again later.`,
      {
        attemptsLeft: 0,
        blockedUntil: iso(everywhere),
      },
    );
  }
  const here = await activeBlock(ctx, keys.pairBlock(n.pair));
  if (here) {
    throw new EsignetError(
      'individual_id_blocked',
      `Too many failed attempts with this ID from this device or network. Please try again in ${waitText(here)}.`,
      {
        attemptsLeft: 0,
        blockedUntil: iso(here),
      },
    );
  }
}

/** Throws individual_id_blocked while the ID is blocked, everywhere or for this source (send-otp checks it too). */
export async function requireNotBlocked(ctx: ServerContext, origin: AttemptOrigin): Promise<void> {
  await requireNoBlock(ctx, names(ctx, origin));
}

/** The human sentence that follows a failed attempt's message. */
function describeFailure(fields: Required<Pick<AttemptFields, 'attemptsLeft'>> & AttemptFields): string {
  const until = fields.blockedUntil === undefined ? undefined : Date.parse(fields.blockedUntil);
  if (fields.attemptsLeft === 0)
    return until === undefined ? 'No attempts left.' : `No attempts left: please try again in ${waitText(until)}.`;
  const left = `${fields.attemptsLeft} attempt${fields.attemptsLeft === 1 ? '' : 's'} left`;
  return until === undefined ? `${left}.` : `${left}, after a wait of ${waitText(until)}.`;
}

/** A source's own limits: the configured ones, multiplied for a shared source. */
interface SourceLimits {
  inFlight: number;
  failures: number;
}

/**
 * Authentication attempts across transactions, one instance per router.
 *
 * Failures are counted, for `ttl.blockedIndividual` seconds from the first, per source, per ID
 * from that source, and per ID. Past `limits.authFailuresPerSource` failures a source waits
 * before each next attempt (1 s, 2 s, 4 s, …, at most the window); attempts being checked count
 * as failures until answered, so a source gets at once only as many as it has failures left (at
 * least one, at most `limits.authInFlightPerSource`). Past
 * `limits.authFailuresPerSourceAndIndividual` it may not try that ID for the window, twice as long
 * each time it comes back; past `limits.authFailuresPerIndividual` (so from several sources) the
 * ID is blocked everywhere for `ttl.blockedIndividualFirst`, twice as long for each block that
 * follows, up to the window. An attempt takes its place in the ID's counters before it is
 * checked, so guesses sent in parallel (even to other server processes) count at once; a success
 * gives its places back, clears its source's count for the ID, and (once per resident and
 * window) takes one failure off its source's count. Attempts on one ID are checked one at a time
 * in this process, so parallel sign-ins with the right PIN never crowd each other out.
 */
export class AuthAttempts {
  private readonly perIndividual = new KeyedSerialQueue(MAX_QUEUED_PER_INDIVIDUAL + 1);
  private readonly scheduler: FairScheduler;
  private readonly sharedSources: SharedSources;

  constructor(private readonly ctx: ServerContext) {
    this.scheduler = new FairScheduler(ctx.config.limits.kycAuthConcurrency, ctx.config.limits.kycAuthMaxWaiting);
    this.sharedSources = new SharedSources(ctx.config.limits);
  }

  /**
   * Runs `kycAuth` as one attempt of the request's source on `individualId` within the limits;
   * returns its success, or throws the ID system's error with `attemptsLeft`/`blockedUntil`, or
   * the limit that refused it.
   * @example const ok = await attempts.verify(req, individualId, () => ctx.authenticator.kycAuth(r));
   */
  async verify(
    req: Request,
    individualId: string,
    kycAuth: () => Promise<KycAuthResult>,
  ): Promise<Extract<KycAuthResult, { ok: true }>> {
    const n = names(this.ctx, { individualId, source: requestSource(req) });
    const factor = this.sharedSources.factor(req);
    const { limits } = this.ctx.config;
    const sourceLimits = {
      inFlight: limits.authInFlightPerSource * factor,
      failures: limits.authFailuresPerSource * factor,
    };
    try {
      return await this.perIndividual.run(n.individual, () => this.attempt(n, sourceLimits, kycAuth));
    } catch (e) {
      if (e instanceof SerialQueueFullError) throw attemptsBusy();
      throw e;
    }
  }

  /**
   * Refuses a source that must wait, or that already has as many attempts being checked as it
   * may (counted as failures until answered); else counts this one in.
   */
  private async enterSource(source: string, limits: SourceLimits): Promise<void> {
    const kv = this.ctx.transactions;
    const wait = await activeBlock(this.ctx, keys.sourceWait(source));
    if (wait) {
      throw new EsignetError(
        'too_many_requests',
        `Too many failed sign-ins from this device or network. Please wait ${waitText(wait)} before trying again.`,
        {
          blockedUntil: iso(wait),
        },
      );
    }
    const inFlight = await kv.increment(keys.sourceInFlight(source), IN_FLIGHT_TTL_SECONDS);
    const failures = (await kv.get<number>(keys.sourceFailures(source))) ?? 0;
    if (inFlight > limits.inFlight || (inFlight > 1 && failures + inFlight > limits.failures)) {
      await kv.decrement(keys.sourceInFlight(source));
      throw attemptsBusy();
    }
  }

  private async attempt(
    n: Names,
    limits: SourceLimits,
    kycAuth: () => Promise<KycAuthResult>,
  ): Promise<Extract<KycAuthResult, { ok: true }>> {
    await requireNoBlock(this.ctx, n);
    await this.enterSource(n.source, limits);
    try {
      return await this.check(n, limits, kycAuth);
    } finally {
      await this.ctx.transactions.decrement(keys.sourceInFlight(n.source));
    }
  }

  private async check(
    n: Names,
    limits: SourceLimits,
    kycAuth: () => Promise<KycAuthResult>,
  ): Promise<Extract<KycAuthResult, { ok: true }>> {
    const { transactions: kv, config } = this.ctx;
    const window = config.ttl.blockedIndividual;
    const pairCount = await kv.increment(keys.pairFailures(n.pair), window);
    const individualCount = await kv.increment(keys.individualFailures(n.individual), window);
    const giveBack = async () => {
      await kv.decrement(keys.pairFailures(n.pair));
      await kv.decrement(keys.individualFailures(n.individual));
    };
    // Past a limit before any block was set: attempts still being checked (in another process) hold the last places.
    if (
      pairCount > config.limits.authFailuresPerSourceAndIndividual ||
      individualCount > config.limits.authFailuresPerIndividual
    ) {
      await giveBack();
      throw attemptsBusy();
    }
    let result: KycAuthResult;
    try {
      result = await this.scheduler.run(n.source, kycAuth);
    } catch (e) {
      await giveBack();
      if (e instanceof FairSchedulerFullError) throw new EsignetError('service_busy');
      throw e;
    }
    if (result.ok) {
      // The source has shown it knows this ID's credential: its count for the ID starts again.
      await kv.delete(keys.pairFailures(n.pair));
      await kv.decrement(keys.individualFailures(n.individual));
      // A resident signing in here takes one failure off the source's count, so a kiosk's own
      // typos do not add up to a back-off; once per resident and window, so that an attacker's
      // own credential cannot wash their guesses away.
      if (await kv.putIfAbsent(keys.pairSuccess(n.pair), true, window))
        await kv.decrement(keys.sourceFailures(n.source));
      return result;
    }
    if (NOT_A_GUESS.has(result.errorCode)) {
      await giveBack();
      throw new EsignetError(result.errorCode, result.message);
    }
    const fields = await this.recordFailure(n, limits, pairCount, individualCount);
    throw new EsignetError(
      result.errorCode,
      `${result.message ?? ESIGNET_ERRORS[result.errorCode].message} ${describeFailure(fields)}`,
      fields,
    );
  }

  /** After a failure already counted for the ID: blocks what reached its limit, makes the source wait. */
  private async recordFailure(
    n: Names,
    sourceLimits: SourceLimits,
    pairCount: number,
    individualCount: number,
  ): Promise<{ attemptsLeft: number; blockedUntil?: string }> {
    const { transactions: kv, config } = this.ctx;
    const { limits } = config;
    const window = config.ttl.blockedIndividual;
    let until: number | undefined;
    if (pairCount >= limits.authFailuresPerSourceAndIndividual) {
      until = await putGrowingBlock(this.ctx, keys.pairBlock(n.pair), window, Math.max(window, MAX_PAIR_BLOCK_SECONDS));
      await kv.delete(keys.pairFailures(n.pair));
    }
    if (individualCount >= limits.authFailuresPerIndividual) {
      const everywhere = await putGrowingBlock(
        this.ctx,
        keys.individualBlock(n.individual),
        config.ttl.blockedIndividualFirst,
        window,
      );
      until = Math.max(until ?? 0, everywhere);
      await kv.delete(keys.individualFailures(n.individual));
    }
    const sourceCount = await kv.increment(keys.sourceFailures(n.source), window);
    if (sourceCount > sourceLimits.failures) {
      const waitSeconds = Math.min(window, 2 ** Math.min(30, sourceCount - sourceLimits.failures - 1));
      const waitUntil = await putBlock(this.ctx, keys.sourceWait(n.source), waitSeconds);
      until = Math.max(until ?? 0, waitUntil);
    }
    const attemptsLeft = Math.max(
      0,
      Math.min(
        limits.authFailuresPerSourceAndIndividual - pairCount,
        limits.authFailuresPerIndividual - individualCount,
      ),
    );
    return until === undefined ? { attemptsLeft } : { attemptsLeft, blockedUntil: iso(until) };
  }
}
