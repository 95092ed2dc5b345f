// Many residents' browsers waiting at once on one server process: `count` resident transactions,
// each with its own link code entered at the kiosk (LINKED: the browser now waits for the
// operator's capture), then `count` open progress streams, and separately `count` pending long
// polls. The server's memory after a full GC before and after each, so the difference is what the
// waiting browsers hold; and a sample of notifications timed while all of them wait.
import type { BenchChild } from '../harness/child-process.js';
import type { ChildStats } from '../harness/ipc-messages.js';
import { round2 } from '../harness/percentiles.js';
import {
  openResidentLink,
  ProgressLongPoll,
  ProgressStreamClient,
  type ResidentLink,
  type TimedProgress,
} from '../harness/resident-browser.js';
import {
  figures,
  mostWatchers,
  timeSubmission,
  untilWatchersAtMost,
  type AssistedSetup,
  type NotificationFigures,
  type Timing,
} from './notification-latency.js';

/** Browsers that start waiting at once (each a new connection; the server's listen backlog is 511). */
const OPEN_AT_ONCE = 256;

interface LinkedResident {
  link: ResidentLink;
  linkTransactionId: string;
}

export interface HeldFigures {
  transport: 'sse' | 'long-poll';
  /** Browsers held at once (the server's link watchers when the memory was read). */
  held: number;
  /** Long polls answered with an error or whose connection failed while they were held (0 for streams: any such stops the bench). */
  failed: number;
  /** Seconds from the first request to the last browser waiting. */
  openSeconds: number;
  serverBefore: MemoryFigures;
  serverWhileHeld: MemoryFigures;
  /** (while held − before) / held, after a full GC each time. */
  perBrowser: { rssBytes: number; heapUsedBytes: number; externalBytes: number };
  /** Notifications timed while all the others keep waiting. */
  notification: NotificationFigures;
}

export interface WaitingBrowserFigures {
  count: number;
  /** Resident transactions made (authorize → oauth-details → link-code → the kiosk's link-transaction), per second. */
  linkedTransactionsPerSecond: number;
  setupSeconds: number;
  setupConcurrency: number;
  serverAtStart: MemoryFigures;
  sse: HeldFigures;
  longPoll: HeldFigures;
}

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  linkWatchers: number;
  connections: number | null;
  transactionStoreEntries: number | null;
}

const memory = (s: ChildStats): MemoryFigures => ({
  rss: s.rss,
  heapUsed: s.heapUsed,
  heapTotal: s.heapTotal,
  external: s.external,
  linkWatchers: s.linkWatchers?.listeners ?? 0,
  connections: s.connections,
  transactionStoreEntries: s.transactions?.entries ?? null,
});

/** Runs `work` on each item with at most `concurrency` at once. */
async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function stats(child: BenchChild): Promise<MemoryFigures> {
  return memory(await child.call({ type: 'stats', gc: true }));
}

const perBrowser = (before: MemoryFigures, after: MemoryFigures, held: number) => ({
  rssBytes: Math.round((after.rss - before.rss) / held),
  heapUsedBytes: Math.round((after.heapUsed - before.heapUsed) / held),
  externalBytes: Math.round((after.external - before.external) / held),
});

export async function benchWaitingBrowsers(
  s: AssistedSetup,
  o: { count: number; samples: number; concurrency: number; log: (m: string) => void },
): Promise<WaitingBrowserFigures> {
  const { child } = s;
  const serverAtStart = await stats(child);
  // count + samples: the streams' samples end AUTHENTICATED, so the long polls wait on the others.
  const total = o.count + o.samples;
  const residents: LinkedResident[] = [];
  const t0 = performance.now();
  await eachLimited(
    Array.from({ length: total }, (_, i) => i),
    o.concurrency,
    async () => {
      const link = await openResidentLink(child.url, s.rp, s.transport);
      residents.push({ link, linkTransactionId: await s.kiosk.link(link.linkCode) });
      if (residents.length % 1000 === 0) o.log(`  ${residents.length} linked resident transactions`);
    },
  );
  const setupSeconds = (performance.now() - t0) / 1000;

  // Server-sent events: residents[0, count), the samples among them.
  o.log(`  opening ${o.count} progress streams…`);
  const streamsBefore = await stats(child);
  const streams = residents.slice(0, o.count).map((r) => new ProgressStreamClient(child.url, r.link, s.streamAgent));
  const t1 = performance.now();
  await eachLimited(streams, OPEN_AT_ONCE, async (stream) => {
    await stream.open();
    await stream.next('LINKED');
  });
  const sseOpenSeconds = (performance.now() - t1) / 1000;
  const sseWhileHeld = await stats(child);
  o.log(`  ${sseWhileHeld.linkWatchers} streams held; timing ${o.samples} notifications…`);
  const sseTimings: Timing[] = [];
  for (let i = 0; i < o.samples; i++) {
    const stream = streams[i]!;
    sseTimings.push(await timeSubmission(s, residents[i]!.linkTransactionId, () => stream.next('AUTHENTICATED')));
  }
  const streamsDropped = streams.filter(
    (st) => st.ended && !st.events.some((e) => e.progress.state === 'AUTHENTICATED'),
  );
  if (streamsDropped.length > 0) throw new Error(`${streamsDropped.length} progress streams ended early`);
  for (const stream of streams) stream.close();
  await untilWatchersAtMost(child, 0);

  // Long polls: residents[samples, samples + count), the samples first.
  o.log(`  starting ${o.count} long polls…`);
  const pollsBefore = await stats(child);
  const held = residents.slice(o.samples, o.samples + o.count);
  const polls = held.map((r) => new ProgressLongPoll(child.url, r.link, 'LINKED', s.pollTransport));
  const t2 = performance.now();
  // In batches, each pending on the server before the next: 10,000 connections at once would
  // overflow the listen backlog (511), and the retried SYNs (1 s, 3 s, 7 s, …) would let the
  // first polls reach their 25 s answer before the last are sent.
  const answers: Promise<TimedProgress | undefined | Error>[] = [];
  let pending = 0;
  for (let i = 0; i < polls.length; i += OPEN_AT_ONCE) {
    answers.push(...polls.slice(i, i + OPEN_AT_ONCE).map((p) => p.next().catch((e: unknown) => e as Error)));
    pending = await mostWatchers(child, answers.length, 30_000);
  }
  const pollOpenSeconds = (performance.now() - t2) / 1000;
  const pollsWhileHeld = await stats(child);
  const failedPolls = (await Promise.all(answers.map((a) => Promise.race([a, Promise.resolve('pending')])))).filter(
    (a) => a instanceof Error,
  );
  o.log(`  ${pending} long polls pending; timing ${o.samples} notifications…`);
  const pollTimings: Timing[] = [];
  for (let i = 0; i < o.samples; i++) {
    const answer = answers[i]!;
    pollTimings.push(
      await timeSubmission(s, held[i]!.linkTransactionId, async () => {
        const a = await answer;
        if (a instanceof Error) throw a;
        return a;
      }),
    );
  }
  // The others stay pending until the bench closes their sockets.
  for (const p of polls) p.stop();

  return {
    count: o.count,
    linkedTransactionsPerSecond: Math.round(total / setupSeconds),
    setupSeconds: round2(setupSeconds),
    setupConcurrency: o.concurrency,
    serverAtStart,
    sse: {
      transport: 'sse',
      held: sseWhileHeld.linkWatchers,
      failed: 0,
      openSeconds: round2(sseOpenSeconds),
      serverBefore: streamsBefore,
      serverWhileHeld: sseWhileHeld,
      perBrowser: perBrowser(streamsBefore, sseWhileHeld, sseWhileHeld.linkWatchers),
      notification: figures('sse', sseTimings),
    },
    longPoll: {
      transport: 'long-poll',
      held: pollsWhileHeld.linkWatchers,
      failed: failedPolls.length,
      openSeconds: round2(pollOpenSeconds),
      serverBefore: pollsBefore,
      serverWhileHeld: pollsWhileHeld,
      perBrowser: perBrowser(pollsBefore, pollsWhileHeld, pollsWhileHeld.linkWatchers),
      notification: figures('long-poll', pollTimings),
    },
  };
}
