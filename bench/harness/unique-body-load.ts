// Closed-loop HTTP load with autocannon where every request carries its own pre-built body (a
// fresh code and client assertion): a body is never sent twice, and the run never sends more
// requests than there are bodies.
import autocannon, { type Request } from 'autocannon';
import { percentile } from './percentiles.js';

export interface UniqueBodyLoadOptions {
  url: string;
  path: string;
  contentType: string;
  bodies: string[];
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  /** 2xx responses per second of the run. */
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationSeconds: number;
  connections: number;
  /** Bodies handed to autocannon (each at most once), including those built but never sent. */
  bodiesUsed: number;
  bodiesAvailable: number;
  /** CPU of this (load-generating) process during the run, in % of one core. */
  loadGeneratorCpuPercent: number;
}

/** Margin: the run stops at maxOverallRequests, so a few bodies per connection are never needed. */
const spareBodiesPerConnection = 2;

export function runUniqueBodyLoad(o: UniqueBodyLoadOptions): Promise<LoadResult> {
  let next = 0;
  const take = (): string => {
    const body = o.bodies[next++];
    // Cannot happen within maxOverallRequests; if it ever did, an empty body fails visibly (non-2xx).
    return body ?? '';
  };
  const template: Request = {
    method: 'POST',
    path: o.path,
    headers: { 'content-type': o.contentType },
    setupRequest: (req) => ({ ...req, body: take() }),
  };
  const maxOverallRequests = o.bodies.length - spareBodiesPerConnection * o.connections;
  if (maxOverallRequests < o.connections)
    throw new Error(`too few bodies (${o.bodies.length}) for ${o.connections} connections`);

  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let ok = 0;
  const cpuBefore = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections: o.connections,
        duration: o.durationSeconds,
        maxOverallRequests,
        timeout: 10,
        // Each connection deep-copies the template and calls setupRequest once per request it sends.
        requests: [template],
      },
      (err, result) => {
        if (err) return reject(err);
        const cpu = process.cpuUsage(cpuBefore);
        const sorted = latencies.sort((a, b) => a - b);
        const sum = sorted.reduce((a, b) => a + b, 0);
        resolve({
          requestsPerSecond: ok / result.duration,
          latencyMs: {
            p50: percentile(sorted, 50),
            p90: percentile(sorted, 90),
            p99: percentile(sorted, 99),
            max: sorted.at(-1) ?? 0,
            mean: sorted.length ? sum / sorted.length : 0,
          },
          requests: sorted.length,
          ok,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          durationSeconds: result.duration,
          connections: o.connections,
          bodiesUsed: next,
          bodiesAvailable: o.bodies.length,
          loadGeneratorCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / result.duration) * 100),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) ok++;
    });
  });
}
