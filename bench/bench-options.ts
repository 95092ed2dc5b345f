// The benchmark's knobs, read once from the environment and validated (defaults: the set-up).
import { z } from 'zod';

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

export const BenchOptionsSchema = z.object({
  /** Seconds of each timed run. */
  durationSeconds: int(10, 1, 120),
  /** Connections of the token-endpoint runs (ours and oidc-provider's). */
  connections: int(8, 1, 256),
  /** Sign-ins in flight at once in the full-login runs (one bench resident each). */
  loginConcurrency: int(16, 1, 200),
  /**
   * Transactions opened for the bytes-per-pending-transaction figure. RSS grows by whole V8 pages
   * and malloc arenas, a few MB of noise either way: over 5,000 transactions that moved the figure
   * between 2.2 and 12 KB per transaction, over 50,000 it stays within a few hundred bytes.
   */
  pendingTransactions: int(50_000, 100, 200_000),
  /** Most codes minted for one token-endpoint run. */
  maxCodes: int(60_000, 1000, 200_000),
  /** Addresses the PIN flood comes from (127.0.0.1, 127.0.0.2, …), its waves spread over them. */
  floodSources: int(1, 1, 64),
  /** Seconds to wait, before each run, for other processes to leave the CPU (0: do not wait). */
  quietWaitSeconds: int(30, 0, 600),
  skipOidcProvider: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
  /** Keep the server processes' log files (one JSON line per request: tens of MB) after a run. */
  keepLogs: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
  /** A folder: the server process writes a V8 CPU profile there (node --cpu-prof). */
  cpuProfileDir: z.string().min(1).optional(),
});
export type BenchOptions = z.infer<typeof BenchOptionsSchema>;

export function benchOptions(env: NodeJS.ProcessEnv): BenchOptions {
  const parsed = BenchOptionsSchema.safeParse({
    durationSeconds: env.BENCH_DURATION_S || undefined,
    connections: env.BENCH_CONNECTIONS || undefined,
    loginConcurrency: env.BENCH_LOGIN_CONCURRENCY || undefined,
    pendingTransactions: env.BENCH_PENDING_TRANSACTIONS || undefined,
    maxCodes: env.BENCH_MAX_CODES || undefined,
    quietWaitSeconds: env.BENCH_QUIET_WAIT_S || undefined,
    floodSources: env.BENCH_FLOOD_SOURCES || undefined,
    skipOidcProvider: env.BENCH_SKIP_OIDC_PROVIDER || undefined,
    keepLogs: env.BENCH_KEEP_LOGS || undefined,
    cpuProfileDir: env.BENCH_CPU_PROF || undefined,
  });
  if (!parsed.success) throw new Error(`bench options:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
