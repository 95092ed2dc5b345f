// Token endpoint throughput: authorization_code grants, each with a fresh code (minted in the
// server process just before the run), a fresh ES256 private_key_jwt assertion (signed before the
// timed window) and the right PKCE verifier, at a fixed number of connections.
import type { BenchChild } from '../harness/child-process.js';
import { startMachineCpu, type QuietWait } from '../harness/machine.js';
import { round2 } from '../harness/percentiles.js';
import {
  FORM,
  pkcePair,
  presignAssertions,
  relyingParty,
  tokenRequestBody,
  type Pkce,
  type RelyingParty,
} from '../harness/token-request.js';
import { runUniqueBodyLoad, type LoadResult } from '../harness/unique-body-load.js';

export interface TokenEndpointOptions {
  connections: number;
  durationSeconds: number;
  /** Never mint more than this many codes for one run (server memory, signing time). */
  maxCodes: number;
  /** Called after the warm-up, before the codes of the timed run are prepared: waits for a quiet machine. */
  waitForQuiet: () => Promise<QuietWait>;
}

export interface TokenEndpointFigures extends LoadResult {
  /** True when every request got a 2xx: only then is the figure a valid measurement. */
  valid: boolean;
  /** Server process CPU during the run, in % of one core (200 % = both cores of this machine). */
  serverCpuPercent: number;
  /** Server CPU time (all its threads) per 200 response, in ms: steadier than req/s on a shared machine. */
  serverCpuMsPerRequest: number;
  /** CPU used meanwhile by processes other than the bench and the server, in % of one core (null off Linux). */
  otherProcessesCpuPercent: number | null;
  warmup: { requestsPerSecond: number; requests: number; non2xx: number };
  codesMinted: number;
  machineBeforeRun: QuietWait;
}

const MINT_BATCH = 5000;
/** Assertions must outlive signing, minting and the run; the server accepts at most 300 s. */
const ASSERTION_LIFETIME_S = 150;

async function mint(child: BenchChild, rp: RelyingParty, pkce: Pkce, count: number): Promise<string[]> {
  const codes: string[] = [];
  while (codes.length < count) {
    const n = Math.min(MINT_BATCH, count - codes.length);
    const r = await child.call({
      type: 'mint-codes',
      clientId: rp.clientId,
      redirectUri: rp.redirectUri,
      codeChallenge: pkce.challenge,
      count: n,
    });
    codes.push(...r.codes);
  }
  return codes;
}

/** Signs first (slow, client side), then mints (codes live ≤ 60 s), then builds the bodies. */
async function prepareBodies(child: BenchChild, rp: RelyingParty, pkce: Pkce, count: number): Promise<string[]> {
  const assertions = await presignAssertions(rp, child.issuer, count, ASSERTION_LIFETIME_S);
  const codes = await mint(child, rp, pkce, count);
  return codes.map((code, i) => tokenRequestBody(rp, code, pkce.verifier, assertions[i]!));
}

/** One request outside the timed window, so a misconfiguration fails loudly with the server's answer. */
async function checkOneExchange(child: BenchChild, rp: RelyingParty, pkce: Pkce): Promise<void> {
  const [body] = await prepareBodies(child, rp, pkce, 1);
  const res = await fetch(child.url + child.tokenPath, { method: 'POST', headers: { 'content-type': FORM }, body });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`${child.name}: token exchange answered ${res.status}: ${text.slice(0, 300)}`);
  const json = JSON.parse(text) as { access_token?: unknown; id_token?: unknown };
  if (typeof json.access_token !== 'string' || typeof json.id_token !== 'string')
    throw new Error(`${child.name}: token response lacks access_token/id_token: ${text.slice(0, 300)}`);
}

export async function benchTokenEndpoint(child: BenchChild, o: TokenEndpointOptions): Promise<TokenEndpointFigures> {
  const rp = await relyingParty(await child.call({ type: 'register-client' }));
  const pkce = pkcePair();
  await checkOneExchange(child, rp, pkce);

  // Warm-up: JIT, connection set-up, and an estimate of the rate to size the main run's codes.
  const warmBodies = await prepareBodies(child, rp, pkce, Math.min(3000, o.maxCodes));
  const warm = await runUniqueBodyLoad({
    url: child.url,
    path: child.tokenPath,
    contentType: FORM,
    bodies: warmBodies,
    connections: o.connections,
    durationSeconds: 3,
  });

  const machineBeforeRun = await o.waitForQuiet();
  // Room for the run to go 2.5× faster than the warm-up (which other load may have slowed), and for
  // at least 1,500 req/s; if it is faster still it ends early (see durationSeconds).
  const wanted = Math.ceil(Math.max(warm.requestsPerSecond * 2.5, 1500) * o.durationSeconds) + 3 * o.connections;
  const count = Math.min(o.maxCodes, wanted);
  const bodies = await prepareBodies(child, rp, pkce, count);
  const before = await child.call({ type: 'stats', gc: false });
  const machine = startMachineCpu();
  const run = await runUniqueBodyLoad({
    url: child.url,
    path: child.tokenPath,
    contentType: FORM,
    bodies,
    connections: o.connections,
    durationSeconds: o.durationSeconds,
  });
  const after = await child.call({ type: 'stats', gc: false });
  const serverCpuSeconds = (after.cpuMicros - before.cpuMicros) / 1e6;
  const otherProcessesCpuPercent = machine.stop(
    serverCpuSeconds + (run.loadGeneratorCpuPercent / 100) * run.durationSeconds,
  );

  return {
    ...run,
    requestsPerSecond: Math.round(run.requestsPerSecond),
    valid: run.non2xx === 0 && run.errors === 0 && run.timeouts === 0 && run.ok === run.requests && run.requests > 0,
    serverCpuPercent: Math.round((serverCpuSeconds / run.durationSeconds) * 100),
    serverCpuMsPerRequest: run.ok > 0 ? Math.round((serverCpuSeconds * 1e6) / run.ok) / 1000 : 0,
    otherProcessesCpuPercent,
    warmup: {
      requestsPerSecond: Math.round(warm.requestsPerSecond),
      requests: warm.requests,
      non2xx: warm.non2xx + warm.errors + warm.timeouts,
    },
    codesMinted: count,
    machineBeforeRun,
    latencyMs: { ...run.latencyMs, mean: round2(run.latencyMs.mean), max: round2(run.latencyMs.max) },
  };
}
