// `npm run bench:assisted`: the assisted flow's waiting browsers, on the server in its own process
// (compiled, as the other benches run it). 1. How soon a resident's browser hears AUTHENTICATED
// after the kiosk's v2/authenticate is accepted, over server-sent events and over the long poll.
// 2. BENCH_WAITING_BROWSERS (10,000) browsers waiting at once on one process, by stream and then by
// long poll: server memory per waiting browser, and notifications timed while they all wait.
// One JSON document on stdout, a table on stderr.
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { startSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { freePort } from '@signet-kiosk/server/testing';
import { BenchKiosk } from './harness/assisted-kiosk.js';
import { compiledChild, startChild, type BenchChild } from './harness/child-process.js';
import { keepAliveTransport } from './harness/keep-alive-transport.js';
import { machineInfo, startMachineCpu, waitForQuietMachine, type QuietWait } from './harness/machine.js';
import { BIO_ACR } from './harness/resident-browser.js';
import {
  benchNotificationLatency,
  type AssistedSetup,
  type LatencyDistribution,
  type NotificationFigures,
} from './scenarios/notification-latency.js';
import { benchWaitingBrowsers, type WaitingBrowserFigures } from './scenarios/waiting-browsers.js';
import { DEMO_RESIDENTS } from '../test/support/demo-residents.js';

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const OptionsSchema = z.object({
  /** Timed sign-ins per transport (the issue: at least 200). */
  notifications: int(200, 1, 10_000),
  /** Browsers waiting at once (the issue: 10,000). */
  waitingBrowsers: int(10_000, 1, 50_000),
  /** Notifications timed while the waiting browsers are held. */
  samples: int(50, 1, 1000),
  /** Resident transactions made at once during the set-up of the waiting browsers. */
  setupConcurrency: int(32, 1, 512),
  quietWaitSeconds: int(30, 0, 600),
});
const parsedOptions = OptionsSchema.safeParse({
  notifications: process.env.BENCH_NOTIFICATIONS || undefined,
  waitingBrowsers: process.env.BENCH_WAITING_BROWSERS || undefined,
  samples: process.env.BENCH_HELD_SAMPLES || undefined,
  setupConcurrency: process.env.BENCH_SETUP_CONCURRENCY || undefined,
  quietWaitSeconds: process.env.BENCH_QUIET_WAIT_S || undefined,
});
if (!parsedOptions.success) throw new Error(`bench options:\n${z.prettifyError(parsedOptions.error)}`);
const options = parsedOptions.data;
const TARGET_P99_MS = 500;
const log = (msg: string) => console.error(`[bench:assisted] ${msg}`);
const SERVER = compiledChild('bench/harness/server-process.ts');
const logDir = mkdtempSync(path.join(tmpdir(), 'signet-bench-assisted-'));

/** The open-files limit of a process (Linux), soft and hard. */
function openFilesLimit(pid: number | 'self'): { soft: number; hard: number } | null {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const [soft, hard] = line!
      .split(/\s{2,}/)
      .slice(1, 3)
      .map(Number);
    return { soft: soft!, hard: hard! };
  } catch {
    return null;
  }
}

// Each waiting browser is a socket at both ends: the bench and the server each need one file
// descriptor per browser, plus their own files and the set-up's sockets.
const needed = options.waitingBrowsers + 512;
const ownLimit = openFilesLimit('self');
if (ownLimit && ownLimit.soft < needed)
  throw new Error(
    `ulimit -n is ${ownLimit.soft} here; ${options.waitingBrowsers} waiting browsers need about ${needed} (run \`ulimit -n ${needed}\` first, at most the hard limit ${ownLimit.hard})`,
  );

/** A server child with a kiosk, a biometric relying party and an SBI simulator trusted by it. */
async function withAssistedServer<T>(name: string, run: (s: AssistedSetup) => Promise<T>): Promise<T> {
  const child = await startChild(SERVER, path.join(logDir, `${name}.log`));
  const setupAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const pollAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  try {
    const rp = await child.call({ type: 'register-client', authContextRefs: [BIO_ACR] });
    const registered = await child.call({ type: 'register-kiosk' });
    const transport = keepAliveTransport(setupAgent, 30_000);
    // The simulator encrypts for the reference ID system's certificate and keeps its PKI in the
    // server's data folder, whose simulator CAs demo mode trusts (as the assisted-flow test does).
    const certificate = await fetch(`${child.url}/v1/mock-identity-system/sbi/encryption-certificate`);
    if (!certificate.ok) throw new Error(`encryption certificate: ${certificate.status}`);
    const certFile = path.join(logDir, `${name}-ida.crt.pem`);
    writeFileSync(certFile, await certificate.text());
    const port = await freePort();
    const sim = await startSimulator(
      {
        dataDir: path.join(registered.dataDir, 'sbi-simulator'),
        portMin: port,
        portMax: port,
        encryptionCertificate: certFile,
      },
      { onError: () => undefined },
    );
    try {
      return await run({
        child,
        rp,
        kiosk: await BenchKiosk.from(registered, child, transport),
        sim,
        individualId: DEMO_RESIDENTS.pin.individualId,
        transport,
        streamAgent,
        pollTransport: keepAliveTransport(pollAgent, 60_000),
      });
    } finally {
      await sim.close();
    }
  } finally {
    streamAgent.destroy();
    pollAgent.destroy();
    setupAgent.destroy();
    await child.stop();
  }
}

async function quiet(name: string) {
  const wait = await waitForQuietMachine(options.quietWaitSeconds);
  log(
    `${name}${wait.waitedSeconds > 0 ? ` (after waiting ${wait.waitedSeconds} s for a quieter machine, others at ${wait.otherCpuPercent}% of a core)` : ''}…`,
  );
  return wait;
}

/** Runs `work`, measuring the CPU other processes used meanwhile (% of one core). */
async function measured<T>(child: BenchChild, work: () => Promise<T>) {
  const cpu0 = process.cpuUsage();
  const server0 = (await child.call({ type: 'stats', gc: false })).cpuMicros;
  const machine = startMachineCpu();
  const result = await work();
  const own = process.cpuUsage(cpu0);
  const server1 = (await child.call({ type: 'stats', gc: false })).cpuMicros;
  const otherProcessesCpuPercent = machine.stop((own.user + own.system + server1 - server0) / 1e6);
  return { result, otherProcessesCpuPercent };
}

const machine = machineInfo();
log(`server logs in ${logDir}; open-files limit ${JSON.stringify(ownLimit)}`);

const latency = await withAssistedServer('server-latency', async (s) => {
  const serverLimit = openFilesLimit(s.child.pid);
  const runs: Record<
    string,
    NotificationFigures & { otherProcessesCpuPercent: number | null; machineBeforeRun: QuietWait }
  > = {};
  for (const transport of ['sse', 'long-poll'] as const) {
    const machineBeforeRun = await quiet(`notification latency over ${transport}, ${options.notifications} sign-ins`);
    const { result, otherProcessesCpuPercent } = await measured(s.child, () =>
      benchNotificationLatency(s, transport, options.notifications, Math.min(20, options.notifications)),
    );
    runs[transport] = { ...result, otherProcessesCpuPercent, machineBeforeRun };
  }
  return { runs, serverOpenFilesLimit: serverLimit };
});

const waiting: WaitingBrowserFigures & { otherProcessesCpuPercent: number | null; serverOpenFilesLimit: unknown } =
  await withAssistedServer('server-waiting', async (s) => {
    await quiet(`${options.waitingBrowsers} waiting browsers (fresh server)`);
    const { result, otherProcessesCpuPercent } = await measured(s.child, () =>
      benchWaitingBrowsers(s, {
        count: options.waitingBrowsers,
        samples: options.samples,
        concurrency: options.setupConcurrency,
        log,
      }),
    );
    return { ...result, otherProcessesCpuPercent, serverOpenFilesLimit: openFilesLimit(s.child.pid) };
  });

const sse = latency.runs.sse!;
const longPoll = latency.runs['long-poll']!;
const target = (d: LatencyDistribution) => ({ target: `p99 < ${TARGET_P99_MS} ms`, pass: d.p99 < TARGET_P99_MS });
const report = {
  bench: 'assisted-flow',
  machine,
  options,
  setup: [
    "server in its own Node process on compiled JavaScript (bench/dist, npm run build:bench), embedded default (in-memory stores, in-process link notifications, SQLite registry, mock-identity in demo mode, pino JSON log lines to a file); the bench process is the kiosk, the residents' browsers and the SBI simulator, on the same machine",
    'limits.requestsPerMinutePerIp and the authenticate limits raised to 1e9 as in npm run bench: every request comes from 127.0.0.1; the limiters still run',
    "one registered kiosk whose operator (a demo resident) signed in with a PIN; one relying party asking for biometrics; the simulator's finger captures of a demo resident, one per link transaction, made and attested (kiosk-signed JWS) before each timed submission",
    'notification latency: one sign-in at a time; the browser waits from before the kiosk links the code (SSE) or with a pending long poll after LINKED; time from the accepted v2/authenticate answer to the browser receiving AUTHENTICATED, both clocks in the bench process',
    'waiting browsers: each its own resident transaction and link code, linked at the kiosk (LINKED: waiting for the capture, no 60 s code expiry); one socket per browser (SSE: a node:http request per stream; long polls: a keep-alive agent without a socket bound, re-polling after each 25 s answer); server memory after a full GC (--expose-gc) before and while they wait',
  ],
  targets: {
    notificationSse: { measuredP99Ms: sse.afterAnswerMs.p99, ...target(sse.afterAnswerMs) },
    notificationLongPoll: { measuredP99Ms: longPoll.afterAnswerMs.p99, ...target(longPoll.afterAnswerMs) },
    waitingBrowsersSse: {
      target: `${options.waitingBrowsers} held`,
      measured: waiting.sse.held,
      pass: waiting.sse.held >= options.waitingBrowsers,
    },
    waitingBrowsersLongPoll: {
      target: `${options.waitingBrowsers} held`,
      measured: waiting.longPoll.held,
      pass: waiting.longPoll.held >= options.waitingBrowsers,
    },
  },
  notificationLatency: latency.runs,
  serverOpenFilesLimit: latency.serverOpenFilesLimit,
  waitingBrowsers: waiting,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
rmSync(logDir, { recursive: true, force: true });

const ms = (d: LatencyDistribution) => `${d.median} / ${d.p95} / ${d.p99} / ${d.max}`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const busy = (p: number | null) => (p === null ? '' : `, others ${p}% of a core`);
const rows = [
  `Signet Kiosk assisted flow — ${machine.date}, Node ${machine.node}, ${machine.cpuModel} × ${machine.cores}, load ${machine.loadAverage1m}`,
  `  notification after the accepted v2/authenticate, ms (median / p95 / p99 / max):`,
  `    SSE        ${ms(sse.afterAnswerMs)}  over ${sse.samples} sign-ins (${target(sse.afterAnswerMs).pass ? 'pass' : 'FAIL'} p99 < ${TARGET_P99_MS}; browser first in ${sse.browserHeardFirst}; authenticate itself p50 ${sse.authenticateMs.median}${busy(sse.otherProcessesCpuPercent)})`,
  `    long poll  ${ms(longPoll.afterAnswerMs)}  over ${longPoll.samples} sign-ins (${target(longPoll.afterAnswerMs).pass ? 'pass' : 'FAIL'} p99 < ${TARGET_P99_MS}; browser first in ${longPoll.browserHeardFirst}; authenticate itself p50 ${longPoll.authenticateMs.median}${busy(longPoll.otherProcessesCpuPercent)})`,
  `  ${options.waitingBrowsers} waiting browsers on one process (${waiting.count + options.samples} linked transactions in ${waiting.setupSeconds} s, ${waiting.linkedTransactionsPerSecond}/s${busy(waiting.otherProcessesCpuPercent)}):`,
];
for (const h of [waiting.sse, waiting.longPoll]) {
  rows.push(
    `    ${h.transport.padEnd(9)}  ${h.held} held (opened in ${h.openSeconds} s${h.failed > 0 ? `, ${h.failed} failed` : ''}); server RSS ${mb(h.serverBefore.rss)} → ${mb(h.serverWhileHeld.rss)}, heap ${mb(h.serverBefore.heapUsed)} → ${mb(h.serverWhileHeld.heapUsed)}; per browser ${(h.perBrowser.rssBytes / 1024).toFixed(1)} KB RSS, ${(h.perBrowser.heapUsedBytes / 1024).toFixed(1)} KB heap; notification while held (${h.notification.samples}) ${ms(h.notification.afterAnswerMs)} ms`,
  );
}
console.error(rows.join('\n'));
