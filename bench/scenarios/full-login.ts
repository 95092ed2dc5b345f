// Full sign-ins per second, each one as a new browser would do it through the real login-UI API
// (authorize → CSRF → oauth-details → [send-otp → outbox] → authenticate → auth-code) with the
// test driver, then the relying party's token request (fresh ES256 assertion) and userinfo.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { BenchChild } from '../harness/child-process.js';
import { startMachineCpu, type QuietWait } from '../harness/machine.js';
import { percentile, round2 } from '../harness/percentiles.js';
import {
  clientAssertion,
  FORM,
  pkcePair,
  relyingParty,
  tokenRequestBody,
  type RelyingParty,
} from '../harness/token-request.js';
import { keepAliveTransport } from '../harness/keep-alive-transport.js';
import type { HttpTransport } from '@signet-kiosk/server/testing';
import { EsignetUiDriver, type LoginFactor } from '../../test/support/esignet-ui-driver.js';

export interface FullLoginOptions {
  factor: 'OTP' | 'PIN';
  /** Sign-ins in flight at once; each worker signs in its own resident (one pending OTP per resident). */
  concurrency: number;
  durationSeconds: number;
  residents: string[];
  pin: string;
  /** Called after the warm-up, before the timed run: waits for a quiet machine. */
  waitForQuiet: () => Promise<QuietWait>;
}

export interface FullLoginFigures {
  factor: 'OTP' | 'PIN';
  loginsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** p50 of each part of a sign-in: the login-UI API calls, the token request, userinfo. */
  phaseP50Ms: { loginUi: number; token: number; userinfo: number };
  logins: number;
  failures: number;
  firstFailure: string | null;
  /** True when no sign-in failed. */
  valid: boolean;
  concurrency: number;
  durationSeconds: number;
  serverCpuPercent: number;
  /** Server CPU time (all its threads) per completed sign-in, in ms. */
  serverCpuMsPerLogin: number;
  /** The bench's own CPU per sign-in (HTTP client, driver, assertion signing), in ms: it shares the machine. */
  loadGeneratorCpuMsPerLogin: number;
  loadGeneratorCpuPercent: number;
  otherProcessesCpuPercent: number | null;
  machineBeforeRun: QuietWait;
}

/** The relying party's authorization URL for a PIN or OTP sign-in with a claims request. */
export function authorizationUrl(
  baseUrl: string,
  rp: Pick<RelyingParty, 'clientId' | 'redirectUri'>,
  challenge: string,
): string {
  return `${baseUrl}/authorize?${new URLSearchParams({
    client_id: rp.clientId,
    redirect_uri: rp.redirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    nonce: randomBytes(16).toString('base64url'),
    state: randomBytes(16).toString('base64url'),
    claims: JSON.stringify({
      userinfo: { name: { essential: true }, phone_number: null },
      id_token: { acr: { essential: true } },
    }),
  })}`;
}

interface Timing {
  total: number;
  loginUi: number;
  token: number;
  userinfo: number;
}

async function signInOnce(
  transport: HttpTransport,
  child: BenchChild,
  rp: RelyingParty,
  individualId: string,
  factor: LoginFactor,
): Promise<Timing> {
  const t0 = performance.now();
  const pkce = pkcePair();
  const callback = await new EsignetUiDriver(child.url, transport).signIn(
    authorizationUrl(child.url, rp, pkce.challenge),
    individualId,
    factor,
  );
  const code = new URL(callback).searchParams.get('code');
  if (!code) throw new Error(`no code in the callback ${callback}`);
  const t1 = performance.now();
  const tokenRes = await transport(child.url + child.tokenPath, {
    method: 'POST',
    headers: { 'content-type': FORM },
    body: tokenRequestBody(rp, code, pkce.verifier, await clientAssertion(rp, child.issuer)),
  });
  const tokenText = tokenRes.text;
  if (tokenRes.status !== 200) throw new Error(`token: ${tokenRes.status} ${tokenText.slice(0, 200)}`);
  const tokens = JSON.parse(tokenText) as { access_token: string; id_token?: string };
  if (!tokens.id_token) throw new Error('token: no id_token');
  const t2 = performance.now();
  const userinfo = await transport(`${child.url}/userinfo`, {
    method: 'GET',
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  const body = userinfo.text;
  if (userinfo.status !== 200 || body.split('.').length !== 3)
    throw new Error(`userinfo: ${userinfo.status} ${body.slice(0, 200)}`);
  const t3 = performance.now();
  return { total: t3 - t0, loginUi: t1 - t0, token: t2 - t1, userinfo: t3 - t2 };
}

async function loop(child: BenchChild, rp: RelyingParty, o: FullLoginOptions, seconds: number) {
  const timings: Timing[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const deadline = performance.now() + seconds * 1000;
  // Keep-alive sockets shared by the workers, as the browsers behind one proxy would; at most one per sign-in in flight.
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  const transport = keepAliveTransport(agent);
  const worker = async (individualId: string) => {
    // For OTP the driver reads the demo outbox itself, over the same transport.
    const factor: LoginFactor = o.factor === 'PIN' ? { type: 'PIN', pin: o.pin } : { type: 'OTP' };
    while (performance.now() < deadline) {
      try {
        timings.push(await signInOnce(transport, child, rp, individualId, factor));
      } catch (e) {
        failures++;
        firstFailure ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  const started = performance.now();
  await Promise.all(o.residents.slice(0, o.concurrency).map(worker));
  agent.destroy();
  return { timings, failures, firstFailure, elapsedSeconds: (performance.now() - started) / 1000 };
}

export async function benchFullLogins(child: BenchChild, o: FullLoginOptions): Promise<FullLoginFigures> {
  if (o.residents.length < o.concurrency)
    throw new Error(`need ${o.concurrency} residents, have ${o.residents.length}`);
  const rp = await relyingParty(await child.call({ type: 'register-client' }));
  await loop(child, rp, o, 2); // warm-up
  const machineBeforeRun = await o.waitForQuiet();

  const before = await child.call({ type: 'stats', gc: false });
  const ownBefore = process.cpuUsage();
  const machine = startMachineCpu();
  const run = await loop(child, rp, o, o.durationSeconds);
  const own = process.cpuUsage(ownBefore);
  const after = await child.call({ type: 'stats', gc: false });
  const serverCpuSeconds = (after.cpuMicros - before.cpuMicros) / 1e6;
  const ownCpuSeconds = (own.user + own.system) / 1e6;

  const sortedBy = (k: keyof Timing) => run.timings.map((t) => t[k]).sort((a, b) => a - b);
  const total = sortedBy('total');
  return {
    factor: o.factor,
    loginsPerSecond: round2(run.timings.length / run.elapsedSeconds),
    latencyMs: { p50: percentile(total, 50), p99: percentile(total, 99), max: round2(total.at(-1) ?? 0) },
    phaseP50Ms: {
      loginUi: percentile(sortedBy('loginUi'), 50),
      token: percentile(sortedBy('token'), 50),
      userinfo: percentile(sortedBy('userinfo'), 50),
    },
    logins: run.timings.length,
    failures: run.failures,
    firstFailure: run.firstFailure,
    valid: run.failures === 0 && run.timings.length > 0,
    concurrency: o.concurrency,
    durationSeconds: round2(run.elapsedSeconds),
    serverCpuPercent: Math.round((serverCpuSeconds / run.elapsedSeconds) * 100),
    serverCpuMsPerLogin: run.timings.length > 0 ? round2((serverCpuSeconds * 1000) / run.timings.length) : 0,
    loadGeneratorCpuMsPerLogin: run.timings.length > 0 ? round2((ownCpuSeconds * 1000) / run.timings.length) : 0,
    loadGeneratorCpuPercent: Math.round((ownCpuSeconds / run.elapsedSeconds) * 100),
    otherProcessesCpuPercent: machine.stop(serverCpuSeconds + ownCpuSeconds),
    machineBeforeRun,
  };
}
