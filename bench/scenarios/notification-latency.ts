// How soon the resident's browser hears that the kiosk's submission was accepted: for each linked
// transaction, the time from the answer of the kiosk's v2/authenticate (accepted) to the browser
// receiving AUTHENTICATED on its progress stream (server-sent events) or its pending long poll.
// The captures and the attestation are made before the timed window; one submission at a time.
import type http from 'node:http';
import type { RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import type { HttpTransport } from '@signet-kiosk/server/testing';
import type { BenchKiosk } from '../harness/assisted-kiosk.js';
import type { BenchChild } from '../harness/child-process.js';
import { percentile, round2 } from '../harness/percentiles.js';
import {
  openResidentLink,
  ProgressLongPoll,
  ProgressStreamClient,
  type ResidentLink,
  type TimedProgress,
} from '../harness/resident-browser.js';

export type WaitingTransport = 'sse' | 'long-poll';

/** What the scenarios share: the server, the relying party, the kiosk, the simulator, the resident. */
export interface AssistedSetup {
  child: BenchChild;
  rp: { clientId: string; redirectUri: string };
  kiosk: BenchKiosk;
  sim: RunningSimulator;
  /** The demo resident whose finger the simulator presents. */
  individualId: string;
  /** Keep-alive transport of the set-up calls (login-UI API, kiosk). */
  transport: HttpTransport;
  /** The agent the progress streams' sockets come from (one socket each). */
  streamAgent: http.Agent;
  /** Keep-alive transport with room for every pending long poll. */
  pollTransport: HttpTransport;
}

export interface LatencyDistribution {
  median: number;
  p95: number;
  p99: number;
  max: number;
  min: number;
}

export interface NotificationFigures {
  transport: WaitingTransport;
  samples: number;
  /** From the accepted v2/authenticate answer (received by the kiosk) to the browser's AUTHENTICATED, ms. Negative: the browser heard first. */
  afterAnswerMs: LatencyDistribution;
  /** From the moment the kiosk sent v2/authenticate to the browser's AUTHENTICATED, ms (includes the capture checks and the match). */
  afterRequestMs: LatencyDistribution;
  /** The v2/authenticate call itself (kiosk's view), ms. */
  authenticateMs: LatencyDistribution;
  /** Samples whose AUTHENTICATED reached the browser before the kiosk had the answer. */
  browserHeardFirst: number;
}

export function distribution(values: number[]): LatencyDistribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: round2(sorted.at(-1) ?? 0),
    min: round2(sorted[0] ?? 0),
  };
}

export interface Timing {
  sent: number;
  answered: number;
  heard: number;
}

export function figures(transport: WaitingTransport, timings: Timing[]): NotificationFigures {
  return {
    transport,
    samples: timings.length,
    afterAnswerMs: distribution(timings.map((t) => t.heard - t.answered)),
    afterRequestMs: distribution(timings.map((t) => t.heard - t.sent)),
    authenticateMs: distribution(timings.map((t) => t.answered - t.sent)),
    browserHeardFirst: timings.filter((t) => t.heard < t.answered).length,
  };
}

/**
 * The kiosk submits prepared captures for a linked resident whose browser already waits
 * (`heard`: resolves to the browser's AUTHENTICATED); the three instants.
 */
export async function timeSubmission(
  s: AssistedSetup,
  linkTransactionId: string,
  heard: () => Promise<TimedProgress | undefined>,
): Promise<Timing> {
  const submission = await s.kiosk.prepare(s.sim, linkTransactionId, s.individualId);
  const sent = performance.now();
  const waiting = heard();
  await s.kiosk.authenticate(submission, s.individualId);
  const answered = performance.now();
  const event = await waiting;
  if (event?.progress.state !== 'AUTHENTICATED')
    throw new Error(`the browser heard ${JSON.stringify(event?.progress)} instead of AUTHENTICATED`);
  return { sent, answered, heard: event.at };
}

/** The server's link watchers (progress streams and pending long polls), as it counts them. */
async function watchers(child: BenchChild): Promise<number> {
  return (await child.call({ type: 'stats', gc: false })).linkWatchers?.listeners ?? 0;
}

/**
 * Waits (at most `timeoutMs`) until the server holds at least `n` watchers of link codes (a long
 * poll is pending once subscribed); the most it held meanwhile, which is less than `n` on timeout.
 */
export async function mostWatchers(child: BenchChild, n: number, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  let most = 0;
  for (;;) {
    most = Math.max(most, await watchers(child));
    if (most >= n || Date.now() > until) return most;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until the server holds at least `n` watchers; throws after `timeoutMs`. */
export async function untilWatchers(child: BenchChild, n: number, timeoutMs = 60_000): Promise<number> {
  const most = await mostWatchers(child, n, timeoutMs);
  if (most < n) throw new Error(`the server holds ${most} link watchers, ${n} expected`);
  return most;
}

/** Waits until the server holds at most `n` watchers (the browsers that left are forgotten). */
export async function untilWatchersAtMost(child: BenchChild, n: number, timeoutMs = 60_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const listeners = await watchers(child);
    if (listeners <= n) return listeners;
    if (Date.now() > until) throw new Error(`the server still holds ${listeners} link watchers, ${n} at most expected`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One sign-in from start to AUTHENTICATED, the browser waiting by `transport`; the timing of the submission. */
async function oneSignIn(s: AssistedSetup, transport: WaitingTransport): Promise<Timing> {
  const link: ResidentLink = await openResidentLink(s.child.url, s.rp, s.transport);
  if (transport === 'sse') {
    const stream = new ProgressStreamClient(s.child.url, link, s.streamAgent);
    await stream.open();
    await stream.next('WAITING');
    const ltx = await s.kiosk.link(link.linkCode);
    await stream.next('LINKED');
    try {
      return await timeSubmission(s, ltx, () => stream.next('AUTHENTICATED'));
    } finally {
      stream.close();
    }
  }
  const ltx = await s.kiosk.link(link.linkCode);
  const poll = new ProgressLongPoll(s.child.url, link, 'LINKED', s.pollTransport);
  const answer = poll.next();
  // Submitted only once the poll waits on the server, as a browser's would.
  const early = await Promise.race([untilWatchers(s.child, 1).then(() => undefined), answer]);
  if (early) throw new Error(`the long poll answered before the submission: ${JSON.stringify(early.progress)}`);
  return timeSubmission(s, ltx, () => answer);
}

/** `count` sign-ins one after another, each browser waiting by `transport`. */
export async function benchNotificationLatency(
  s: AssistedSetup,
  transport: WaitingTransport,
  count: number,
  warmup: number,
): Promise<NotificationFigures> {
  for (let i = 0; i < warmup; i++) await oneSignIn(s, transport);
  const timings: Timing[] = [];
  for (let i = 0; i < count; i++) timings.push(await oneSignIn(s, transport));
  return figures(transport, timings);
}
