// A real resident's PIN sign-in while one address (or a few) floods `authenticate` with wrong PINs:
// the review's attack (waves of 90 parallel wrong-PIN calls for unknown IDs, each a scrypt to the
// ID system) against the server's shipped attempt limits. The resident signs in from other loopback
// addresses (127.0.1.1 and on), as residents' own devices would; the flood comes from 127.0.0.1
// (and 127.0.0.2, … with BENCH_FLOOD_SOURCES).
import { randomInt } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchChild } from '../harness/child-process.js';
import { keepAliveTransport } from '../harness/keep-alive-transport.js';
import { startMachineCpu, type QuietWait } from '../harness/machine.js';
import { percentile, round2 } from '../harness/percentiles.js';
import { pkcePair } from '../harness/token-request.js';
import { authorizationRequest, UiApiClient, type HttpTransport } from '@signet-kiosk/server/testing';
import { EsignetUiDriver } from '../../test/support/esignet-ui-driver.js';
import { authorizationUrl } from './full-login.js';

export interface PinFloodOptions {
  durationSeconds: number;
  /** Wrong-PIN calls of one flood wave, sent at once (3 per transaction); a wave starts every second. */
  floodParallel: number;
  /** Loopback addresses the flood comes from; each wave's calls are spread over them. */
  floodAddresses: string[];
  residentId: string;
  pin: string;
  /** Loopback addresses the resident's sign-ins come from, in turn: enough that none makes 30 sign-ins a minute. */
  residentAddresses: string[];
  waitForQuiet: () => Promise<QuietWait>;
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
}

export interface PinFloodFigures {
  /** The resident's sign-ins (authorize → oauth-details → PIN authenticate → auth-code), one at a time, during the flood. */
  underFlood: { signIns: number; failures: number; firstFailure: string | null; latencyMs: Latency };
  /** The same sign-ins just before, without the flood. */
  withoutFlood: { signIns: number; failures: number; latencyMs: Latency };
  flood: {
    waves: number;
    authenticateCalls: number;
    /** How the flood's authenticate calls were answered, by errorCode (`transport_error`: no answer). */
    answers: Record<string, number>;
  };
  durationSeconds: number;
  serverCpuPercent: number;
  otherProcessesCpuPercent: number | null;
  machineBeforeRun: QuietWait;
  /** True when every one of the resident's sign-ins succeeded. */
  valid: boolean;
}

const latency = (ms: number[]): Latency => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: round2(sorted.at(-1) ?? 0) };
};

/**
 * The resident signing in again and again for `seconds`, each sign-in from the next address with
 * its own keep-alive agent (so no address meets the per-address limit of authenticate).
 */
async function residentSignIns(
  child: BenchChild,
  o: PinFloodOptions,
  clientId: string,
  redirectUri: string,
  seconds: number,
  first: number,
) {
  const timings: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const deadline = performance.now() + seconds * 1000;
  let i = first;
  for (; performance.now() < deadline; i++) {
    const agent = new http.Agent({
      keepAlive: true,
      maxSockets: 1,
      localAddress: o.residentAddresses[i % o.residentAddresses.length],
    });
    const t0 = performance.now();
    try {
      const url = authorizationUrl(child.url, { clientId, redirectUri }, pkcePair().challenge);
      await new EsignetUiDriver(child.url, keepAliveTransport(agent)).signIn(url, o.residentId, {
        type: 'PIN',
        pin: o.pin,
      });
      timings.push(performance.now() - t0);
    } catch (e) {
      failures++;
      firstFailure ??= e instanceof Error ? e.message : String(e);
    } finally {
      agent.destroy();
    }
  }
  return { timings, failures, firstFailure, next: i };
}

/** Waves of wrong-PIN calls for random unknown IDs from the flood's addresses until `stop` resolves. */
async function flood(
  child: BenchChild,
  o: PinFloodOptions,
  client: { clientId: string; redirectUri: string },
  stop: Promise<void>,
) {
  const agents = o.floodAddresses.map(
    (localAddress) => new http.Agent({ keepAlive: true, maxSockets: o.floodParallel, localAddress }),
  );
  const transports: HttpTransport[] = agents.map((agent) => keepAliveTransport(agent));
  const answers: Record<string, number> = {};
  let waves = 0;
  let calls = 0;
  let stopped = false;
  void stop.then(() => (stopped = true));
  const count = (code: string) => (answers[code] = (answers[code] ?? 0) + 1);
  try {
    while (!stopped) {
      const next = sleep(1000);
      const transactions = await Promise.all(
        Array.from({ length: Math.ceil(o.floodParallel / 3) }, async (_, t) => {
          const ui = new UiApiClient(child.url, transports[t % transports.length]!);
          await ui.oauthDetails(authorizationRequest(client)).catch(() => undefined);
          return ui;
        }),
      );
      await Promise.all(
        Array.from({ length: o.floodParallel }, async (_, i) => {
          const unknownId = `88${String(randomInt(0, 1e8)).padStart(8, '0')}`;
          calls++;
          try {
            count(
              (await transactions[i % transactions.length]!.authenticateWithPin(unknownId, '000000')).errors[0]
                ?.errorCode ?? 'ok',
            );
          } catch {
            count('transport_error');
          }
        }),
      );
      waves++;
      await Promise.race([next, stop]);
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return { waves, authenticateCalls: calls, answers };
}

export async function benchPinFlood(child: BenchChild, o: PinFloodOptions): Promise<PinFloodFigures> {
  const { clientId, redirectUri } = await child.call({ type: 'register-client' });
  const warmUp = await residentSignIns(child, o, clientId, redirectUri, 2, 0);
  const without = await residentSignIns(child, o, clientId, redirectUri, o.durationSeconds, warmUp.next);
  const machineBeforeRun = await o.waitForQuiet();

  const before = await child.call({ type: 'stats', gc: false });
  const machine = startMachineCpu();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  let stopFlood!: () => void;
  const stop = new Promise<void>((resolve) => (stopFlood = resolve));
  const flooding = flood(child, o, { clientId, redirectUri }, stop);
  // Let the first wave reach the server before the resident starts.
  await sleep(50);
  const under = await residentSignIns(child, o, clientId, redirectUri, o.durationSeconds, without.next);
  stopFlood();
  const floodFigures = await flooding;
  const elapsed = (performance.now() - started) / 1000;
  const own = process.cpuUsage(ownBefore);
  const after = await child.call({ type: 'stats', gc: false });
  const serverCpuSeconds = (after.cpuMicros - before.cpuMicros) / 1e6;

  return {
    underFlood: {
      signIns: under.timings.length,
      failures: under.failures,
      firstFailure: under.firstFailure,
      latencyMs: latency(under.timings),
    },
    withoutFlood: { signIns: without.timings.length, failures: without.failures, latencyMs: latency(without.timings) },
    flood: floodFigures,
    durationSeconds: round2(elapsed),
    serverCpuPercent: Math.round((serverCpuSeconds / elapsed) * 100),
    otherProcessesCpuPercent: machine.stop(serverCpuSeconds + (own.user + own.system) / 1e6),
    machineBeforeRun,
    valid: under.failures === 0 && without.failures === 0 && under.timings.length > 0,
  };
}
