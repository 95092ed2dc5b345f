import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { secretHashLoad } from '../plugins/mock-identity/secret-hash.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
  authorizationRequest,
  fetchTransport,
  registerClient,
  readOtp,
  RESIDENTS,
  UiApiClient,
  type HttpTransport,
  ourErrorCode,
} from './testing/ui-api-client.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Requests that say they come from `ip`: the servers below trust one proxy hop (trustProxyHops: 1). */
const from =
  (ip: string): HttpTransport =>
  (url, init) =>
    fetchTransport(url, { ...init, headers: { ...init.headers, 'x-forwarded-for': ip } });

async function openTransactions(
  s: TestServer,
  n: number,
  transport: HttpTransport = fetchTransport,
): Promise<UiApiClient[]> {
  const client = await registerClient(s);
  return Promise.all(
    Array.from({ length: n }, async () => {
      const ui = new UiApiClient(s.url, transport);
      await ui.oauthDetails(authorizationRequest(client));
      return ui;
    }),
  );
}

const codeOf = ourErrorCode;

/** Authentications being checked now, over all sources: the attempt limits' in-flight counters. */
async function attemptsInFlight(s: TestServer): Promise<number> {
  const keys = [...(s.ctx.transactions as unknown as { entries: Map<string, unknown> }).entries.keys()].filter((k) =>
    k.startsWith('ui-auth-in-flight:'),
  );
  let n = 0;
  for (const key of keys) n += (await s.ctx.transactions.get<number>(key)) ?? 0;
  return n;
}

/** Samples the ID system's hash line every millisecond while `work` runs; returns the most it held. */
async function peakHashLoad(work: Promise<unknown>): Promise<number> {
  let peak = 0;
  let done = false;
  void work.finally(() => (done = true));
  while (!done) {
    const { running, waiting } = secretHashLoad();
    peak = Math.max(peak, running + waiting);
    await sleep(1);
  }
  await work;
  return peak;
}

describe('failed authentications, counted per source and per ID', () => {
  it('let parallel guesses from one source reach the ID system at most 3 times, then refuse that source the ID, not the resident elsewhere', async () => {
    server = await startTestServer({ trustProxyHops: 1 });
    const resident = RESIDENTS[0];
    const uis = await openTransactions(server, 12, from('203.0.113.1'));
    const results = await Promise.all(
      uis.map((ui, i) => ui.authenticateWithPin(resident.individualId, String(100000 + i))),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'auth_failed')).toHaveLength(3);
    expect(
      codes.filter((c) => c !== 'auth_failed').every((c) => c === 'individual_id_blocked' || c === 'too_many_requests'),
    ).toBe(true);
    // Refused from that source, even with the right PIN…
    const [again] = await openTransactions(server, 1, from('203.0.113.1'));
    expect(codeOf(await again!.authenticateWithPin(resident.individualId, resident.pin))).toBe('individual_id_blocked');
    // …while the resident signs in from their own.
    const [own] = await openTransactions(server, 1, from('198.51.100.7'));
    expect(codeOf(await own!.authenticateWithPin(resident.individualId, resident.pin))).toBe('ok');
  });

  it('never count a success: 6 parallel sign-ins with the right PIN all succeed, and nothing is blocked after', async () => {
    server = await startTestServer();
    const resident = RESIDENTS[1];
    const uis = await openTransactions(server, 6);
    const results = await Promise.all(uis.map((ui) => ui.authenticateWithPin(resident.individualId, resident.pin)));
    expect(results.map(codeOf)).toEqual(Array(6).fill('ok'));
    const [later] = await openTransactions(server, 1);
    expect((await later!.authenticateWithPin(resident.individualId, '000000')).errors[0]).toMatchObject({
      errorCode: 'auth_failed',
      attemptsLeft: 2,
    });
  });

  it('block the ID everywhere only after failures from several sources, first for a minute, and say how many attempts are left and until when', async () => {
    server = await startTestServer({ trustProxyHops: 1 });
    const resident = RESIDENTS[2];
    const answers: { source: string; attemptsLeft?: number; blockedUntil?: string }[] = [];
    for (const [i, ip] of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'].entries()) {
      const [ui] = await openTransactions(server, 1, from(ip));
      for (let k = 0; k < (i < 3 ? 3 : 1); k++) {
        const error = (await ui!.authenticateWithPin(resident.individualId, '000000')).errors[0]!;
        expect(error.errorCode).toBe('auth_failed');
        answers.push({ source: ip, attemptsLeft: error.attemptsLeft, blockedUntil: error.blockedUntil });
      }
    }
    // Each source is refused the ID after its third failure; the tenth failure (from the fourth source) blocks it everywhere.
    expect(answers.map((a) => a.attemptsLeft)).toEqual([2, 1, 0, 2, 1, 0, 2, 1, 0, 0]);
    expect(answers.map((a) => a.blockedUntil !== undefined)).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
      false,
      false,
      true,
      true,
    ]);
    const [elsewhere] = await openTransactions(server, 1, from('198.51.100.7'));
    const blocked = await elsewhere!.authenticateWithPin(resident.individualId, resident.pin);
    expect(blocked.errors[0]).toEqual({
      errorCode: 'individual_id_blocked',
      errorMessage: 'Too many failed attempts: this ID is blocked for 60 seconds. Please try again later.',
      attemptsLeft: 0,
      blockedUntil: answers.at(-1)!.blockedUntil,
    });
    // Four sources buy a short block (ttl.blockedIndividualFirst), not the whole window.
    expect(Date.parse(blocked.errors[0]!.blockedUntil!) - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('block the ID twice as long for each block that follows, while each costs fresh sources; the resident signs in between', async () => {
    server = await startTestServer({ trustProxyHops: 1, ttl: { blockedIndividualFirst: 2 } });
    const resident = RESIDENTS[3];
    const open = async (ip: string) => (await openTransactions(server!, 1, from(ip)))[0]!;
    // Transactions opened up front, so that the second block follows the first within its length.
    const round1 = await Promise.all(['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'].map(open));
    const round2 = await Promise.all(['203.0.113.11', '203.0.113.12', '203.0.113.13', '203.0.113.14'].map(open));
    const [again, own1, own2] = await Promise.all([open('203.0.113.1'), open('198.51.100.7'), open('198.51.100.8')]);
    /** Ten failures from four sources (3, 3, 3, 1): the ID's limit; how long the block holds. */
    const blockFrom = async (uis: UiApiClient[]) => {
      let last: { errorCode: string; blockedUntil?: string } | undefined;
      for (const [i, ui] of uis.entries()) {
        for (let k = 0; k < (i < 3 ? 3 : 1); k++)
          last = (await ui.authenticateWithPin(resident.individualId, '000000')).errors[0];
      }
      expect(last?.errorCode).toBe('auth_failed');
      return Date.parse(last!.blockedUntil!) - Date.now();
    };
    const signIn = async (ui: UiApiClient) => codeOf(await ui.authenticateWithPin(resident.individualId, resident.pin));

    const first = await blockFrom(round1);
    expect(first).toBeLessThanOrEqual(2000);
    expect(await signIn(own1)).toBe('individual_id_blocked');
    await sleep(first + 50);
    expect(await signIn(own1)).toBe('ok');
    // The sources that blocked it are refused the ID now, for the whole window: blocking it again takes new ones.
    expect(codeOf(await again.authenticateWithPin(resident.individualId, '000000'))).toBe('individual_id_blocked');
    const second = await blockFrom(round2);
    expect(second).toBeGreaterThan(2000);
    expect(second).toBeLessThanOrEqual(4000);
    expect(await signIn(own2)).toBe('individual_id_blocked');
  });

  it('refuse a source that comes back to an ID, after its block, twice as long each time', async () => {
    server = await startTestServer({ trustProxyHops: 1, ttl: { blockedIndividual: 2 } });
    const resident = RESIDENTS[4];
    const [ui] = await openTransactions(server, 1, from('203.0.113.21'));
    const threeFailures = async () => {
      const [ui] = await openTransactions(server!, 1, from('203.0.113.21'));
      let last;
      for (let k = 0; k < 3; k++) last = (await ui!.authenticateWithPin(resident.individualId, '000000')).errors[0]!;
      expect(last).toMatchObject({ errorCode: 'auth_failed', attemptsLeft: 0 });
      return Date.parse(last!.blockedUntil!) - Date.now();
    };
    const first = await threeFailures();
    expect(first).toBeLessThanOrEqual(2000);
    expect(codeOf(await ui!.authenticateWithPin(resident.individualId, resident.pin))).toBe('individual_id_blocked');
    await sleep(first + 50);
    const second = await threeFailures();
    expect(second).toBeGreaterThan(2000);
    expect(second).toBeLessThanOrEqual(4000);
  });

  it("count an IPv6 source by its /56, in the attempt limits as in authenticate's per-address limit", async () => {
    server = await startTestServer({ trustProxyHops: 1, limits: { authenticatePerMinutePerIp: 7 } });
    // Six /64s of one /56 (2001:db8:0:0::/56): one source.
    const ips = Array.from({ length: 7 }, (_, i) => `2001:db8:0:${(i + 1).toString(16)}::1`);
    const answers = [];
    for (const [i, ip] of ips.slice(0, 6).entries()) {
      const [ui] = await openTransactions(server, 1, from(ip));
      answers.push((await ui!.authenticateWithPin(`940000000${i}`, '000000')).errors[0]!);
    }
    expect(answers.map((a) => a.errorCode)).toEqual(Array(6).fill('auth_failed'));
    // Past limits.authFailuresPerSource (5) failures, the sixth makes the source wait.
    expect(answers.slice(0, 5).every((a) => a.blockedUntil === undefined)).toBe(true);
    expect(answers[5]!.blockedUntil).toBeDefined();
    const [seventh, eighth] = await openTransactions(server, 2, from(ips[6]!));
    expect(codeOf(await seventh!.authenticateWithPin('9400000006', '000000'))).toBe('too_many_requests');
    // authenticate's per-address limit (7 a minute here) counts the same /56.
    expect((await eighth!.authenticateWithPin('9400000007', '000000')).errors[0]).toMatchObject({
      reason: 'too_many_requests',
      errorMessage: 'Too many sign-in attempts from this device or network. Please wait a minute and try again.',
    });
  });

  it('make a source that keeps failing wait before each next attempt, longer each time, whatever IDs it tries', async () => {
    server = await startTestServer({ trustProxyHops: 1 });
    const unknownIds = Array.from({ length: 8 }, (_, i) => `900000000${i}`);
    const [a1, a2, a3] = await openTransactions(server, 3, from('203.0.113.9'));
    const attempt = (ui: UiApiClient, i: number) => ui.authenticateWithPin(unknownIds[i]!, '000000');
    for (let i = 0; i < 5; i++) {
      const error = (await attempt(i < 3 ? a1! : a2!, i)).errors[0]!;
      expect(error).toMatchObject({ errorCode: 'auth_failed', attemptsLeft: 2 });
      expect(error.blockedUntil).toBeUndefined();
    }
    const sixth = (await attempt(a2!, 5)).errors[0]!;
    expect(sixth.errorMessage).toMatch(/ 2 attempts left, after a wait of 1 second\.$/);
    const waitMs = Date.parse(sixth.blockedUntil!) - Date.now();
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(1000);
    const refused = (await attempt(a3!, 6)).errors[0]!;
    expect(refused).toMatchObject({
      errorCode: 'no_attempts_left',
      reason: 'too_many_requests',
      blockedUntil: sixth.blockedUntil,
    });
    // Another source is not slowed.
    const [other] = await openTransactions(server, 1, from('198.51.100.7'));
    expect(codeOf(await attempt(other!, 6))).toBe('auth_failed');
    await sleep(waitMs + 50);
    const seventh = (await attempt(a3!, 7)).errors[0]!;
    expect(seventh.errorCode).toBe('auth_failed');
    expect(Date.parse(seventh.blockedUntil!) - Date.now()).toBeGreaterThan(1000);
  });

  it('count attempts being checked as failures of their source: waves of parallel guesses get no further than one at a time', async () => {
    server = await startTestServer({ trustProxyHops: 1 });
    const address = from('203.0.113.30');
    const waves = [
      await openTransactions(server, 4, address),
      await openTransactions(server, 4, address),
      await openTransactions(server, 4, address),
    ];
    const [resident] = await openTransactions(server, 1, address);
    let checked = 0;
    for (const [w, uis] of waves.entries()) {
      const codes = (await Promise.all(uis.map((ui, i) => ui.authenticateWithPin(`96000000${w}${i}`, '000000')))).map(
        codeOf,
      );
      expect(codes.every((c) => c === 'auth_failed' || c === 'too_many_requests')).toBe(true);
      checked += codes.filter((c) => c === 'auth_failed').length;
    }
    // limits.authFailuresPerSource (5) checked freely, then one that starts a wait of a second; not 8
    // checks and a wait of 4 s, as when a wave all passed the check for a wait at once.
    expect(checked).toBeLessThanOrEqual(6);
    const r = await resident!.authenticateWithPin(RESIDENTS[0].individualId, RESIDENTS[0].pin);
    if (codeOf(r) !== 'ok') {
      expect(codeOf(r)).toBe('too_many_requests');
      const waitMs = Date.parse(r.errors[0]!.blockedUntil!) - Date.now();
      expect(waitMs).toBeLessThanOrEqual(1000);
      await sleep(waitMs + 50);
      expect(codeOf(await resident!.authenticateWithPin(RESIDENTS[0].individualId, RESIDENTS[0].pin))).toBe('ok');
    }
  });

  it("let each resident signing in from a source take a failure off its count, once, so a kiosk's own typos do not add up to a back-off", async () => {
    server = await startTestServer({ trustProxyHops: 1 });
    const uis = await openTransactions(server, 10, from('203.0.113.40'));
    /** A wrong PIN: whether it made the source wait. */
    const typo = async (ui: UiApiClient, i: number) => {
      const error = (await ui.authenticateWithPin(`970000000${i}`, '000000')).errors[0]!;
      expect(error.errorCode).toBe('auth_failed');
      return error.blockedUntil !== undefined;
    };
    for (let i = 0; i < 5; i++) expect(await typo(uis[Math.floor(i / 3)]!, i)).toBe(false);
    // Two residents sign in, one of them twice: two failures forgotten, not three.
    for (const [ui, resident] of [
      [uis[5], RESIDENTS[0]],
      [uis[6], RESIDENTS[1]],
      [uis[7], RESIDENTS[1]],
    ] as const) {
      expect(codeOf(await ui!.authenticateWithPin(resident.individualId, resident.pin))).toBe('ok');
    }
    expect(await typo(uis[8]!, 5)).toBe(false);
    expect(await typo(uis[8]!, 6)).toBe(false);
    expect(await typo(uis[9]!, 7)).toBe(true);
  });

  it('give an address the operator lists as shared (limits.sharedSources) its per-source limits times limits.sharedSourceFactor', async () => {
    server = await startTestServer({
      trustProxyHops: 1,
      limits: {
        sharedSources: ['203.0.113.64/26', '2001:db8:1::/48'],
        sharedSourceFactor: 3,
        authenticatePerMinutePerIp: 5,
      },
    });
    const wave = async (ip: string, w: number) => {
      const uis = await openTransactions(server!, 9, from(ip));
      return (await Promise.all(uis.map((ui, i) => ui.authenticateWithPin(`98000000${w}${i}`, '000000')))).map(codeOf);
    };
    // Listed: 15 authenticate calls a minute, 12 at once, 15 failures before the back-off.
    expect(await wave('203.0.113.70', 1)).toEqual(Array(9).fill('auth_failed'));
    expect(await wave('2001:db8:1:2::5', 2)).toEqual(Array(9).fill('auth_failed'));
    // Not listed: 5 a minute, 4 at once.
    const unlisted = await wave('203.0.113.10', 3);
    expect(unlisted.filter((c) => c === 'auth_failed').length).toBeLessThanOrEqual(4);
    expect(unlisted.filter((c) => c === 'too_many_requests').length).toBeGreaterThanOrEqual(5);
  });

  it('give a transaction its attempt back when a limit refused it before any check: a resident at a backed-off address keeps a usable sign-in', async () => {
    server = await startTestServer({ trustProxyHops: 1 });
    const address = from('203.0.113.50');
    const [g1, g2, resident] = await openTransactions(server, 3, address);
    const failures = [];
    for (let i = 0; i < 6; i++)
      failures.push((await (i < 3 ? g1! : g2!).authenticateWithPin(`990000000${i}`, '000000')).errors[0]!);
    const until = Date.parse(failures[5]!.blockedUntil!);
    // More refusals than the transaction has attempts (limits.authAttemptsPerTransaction, 3)…
    for (let k = 0; k < 4; k++) {
      expect(
        (await resident!.authenticateWithPin(RESIDENTS[2].individualId, RESIDENTS[2].pin)).errors[0],
      ).toMatchObject({ reason: 'too_many_requests', blockedUntil: failures[5]!.blockedUntil });
    }
    // …and the same transaction signs in once the wait is over.
    await sleep(until - Date.now() + 50);
    expect(codeOf(await resident!.authenticateWithPin(RESIDENTS[2].individualId, RESIDENTS[2].pin))).toBe('ok');
  });

  it('key a source by its connection: X-Forwarded-For changes nothing unless trustProxyHops says a proxy sets it', async () => {
    server = await startTestServer();
    const resident = RESIDENTS[3];
    for (let i = 0; i < 3; i++) {
      const [ui] = await openTransactions(server, 1, from(`203.0.113.${i + 1}`));
      expect(codeOf(await ui!.authenticateWithPin(resident.individualId, '000000'))).toBe('auth_failed');
    }
    const [ui] = await openTransactions(server, 1, from('198.51.100.7'));
    expect(codeOf(await ui!.authenticateWithPin(resident.individualId, resident.pin))).toBe('individual_id_blocked');
  });
});

describe('a flood of guesses', () => {
  it('from one source never holds more than limits.authInFlightPerSource hash checks', async () => {
    server = await startTestServer({ trustProxyHops: 1 });
    const uis = await openTransactions(server, 24, from('203.0.113.5'));
    const flood = Promise.all(
      uis.map((ui, i) => ui.authenticateWithPin(`91000000${String(i).padStart(2, '0')}`, '000000')),
    );
    expect(await peakHashLoad(flood)).toBeLessThanOrEqual(4);
    const codes = (await flood).map(codeOf);
    expect(codes).toContain('too_many_requests');
    expect(codes.every((c) => c === 'auth_failed' || c === 'too_many_requests')).toBe(true);
  });

  it('from several sources, each at its in-flight maximum, leaves a resident from a fresh source signing in: the sources take turns', async () => {
    server = await startTestServer({ trustProxyHops: 1 });
    const sources = Array.from({ length: 8 }, (_, s) => `198.18.1.${s + 1}`);
    const uis = (await Promise.all(sources.map((ip) => openTransactions(server!, 4, from(ip))))).flat();
    const [resident] = await openTransactions(server, 1, from('198.51.100.7'));
    const flood = Promise.all(
      uis.map((ui, i) => ui.authenticateWithPin(`95000000${String(i).padStart(2, '0')}`, '000000')),
    );
    // 32 wrong PINs, ~0.6 s of hashing: the resident comes once 18 are being checked (a first-come
    // line of 2 running and 16 waiting then answered service_busy).
    while ((await attemptsInFlight(server)) < 18) await sleep(1);
    expect(codeOf(await resident!.authenticateWithPin(RESIDENTS[5].individualId, RESIDENTS[5].pin))).toBe('ok');
    expect((await flood).map(codeOf)).toEqual(Array(32).fill('auth_failed'));
  });

  it("from many sources past the server's line of checks (limits.kycAuthMaxWaiting) is answered service_busy, a code eSignet's UI asks to retry on; the ID system's own line stays short", async () => {
    server = await startTestServer({ trustProxyHops: 1, limits: { kycAuthMaxWaiting: 8 } });
    const uis = await Promise.all(
      Array.from({ length: 48 }, async (_, i) => (await openTransactions(server!, 1, from(`198.18.0.${i + 1}`)))[0]!),
    );
    const flood = Promise.all(
      uis.map((ui, i) => ui.authenticateWithPin(`92000000${String(i).padStart(2, '0')}`, '000000')),
    );
    expect(await peakHashLoad(flood)).toBeLessThanOrEqual(2);
    const results = await flood;
    const busy = results.filter((r) => codeOf(r) === 'service_busy');
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.errors[0]).toEqual({
      errorCode: 'response_timeout',
      reason: 'service_busy',
      errorMessage: 'The service is busy. Please try again in a moment.',
    });
    expect(results.every((r) => codeOf(r) === 'auth_failed' || codeOf(r) === 'service_busy')).toBe(true);
  });

  it('meets a tight per-address limit on authenticate (limits.authenticatePerMinutePerIp) before the general one', async () => {
    server = await startTestServer({ trustProxyHops: 1, limits: { authenticatePerMinutePerIp: 3 } });
    const [a1, a2] = await openTransactions(server, 2, from('203.0.113.7'));
    for (let i = 0; i < 3; i++)
      expect(codeOf(await a1!.authenticateWithPin(`930000000${i}`, '000000'))).toBe('auth_failed');
    const fourth = (await a2!.authenticateWithPin('9300000003', '000000')).errors[0]!;
    expect(fourth).toMatchObject({
      errorCode: 'no_attempts_left',
      reason: 'too_many_requests',
      errorMessage: 'Too many sign-in attempts from this device or network. Please wait a minute and try again.',
    });
    expect(Date.parse(fourth.blockedUntil!)).toBeGreaterThan(Date.now());
    // The rest of the API still answers that address, and other addresses sign in.
    expect((await a2!.claimDetails()).status).toBe(200);
    const [other] = await openTransactions(server, 1, from('198.51.100.7'));
    expect(codeOf(await other!.authenticateWithPin(RESIDENTS[4].individualId, RESIDENTS[4].pin))).toBe('ok');
  });
});

describe('attempt limits per individual', () => {
  it('limit OTP sends to one individual across transactions', async () => {
    server = await startTestServer({ limits: { otpSendsPerIndividual: 4 } });
    const resident = RESIDENTS[1];
    const uis = await openTransactions(server, 5);
    const sent = [];
    for (const ui of uis) sent.push(await ui.sendOtp(resident.individualId));
    expect(sent.slice(0, 4).every((r) => r.errors.length === 0)).toBe(true);
    expect(sent[4]!.errors[0]).toEqual({
      errorCode: 'no_attempts_left',
      errorMessage: 'Too many codes were sent to this ID recently. Please wait a few minutes and try again.',
    });
  });

  it("let wrong OTPs from other transactions use up none of the resident's code, while they still count against their own transactions and the ID", async () => {
    server = await startTestServer({ trustProxyHops: 1 });
    const resident = RESIDENTS[1];
    const otp = (code: string) => [{ authFactorType: 'OTP', challenge: code, format: 'alpha-numeric' }];
    const [victim] = await openTransactions(server, 1, from('198.51.100.7'));
    expect((await victim!.sendOtp(resident.individualId)).errors).toEqual([]);
    const code = await readOtp(server.url, resident.individualId);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    // An attacker who knows the ID, from three addresses: each transaction asks for its own code
    // (which must not replace the resident's) and spends its tries on guesses, the resident's code among them.
    const attackerSources = ['203.0.113.1', '203.0.113.2', '203.0.113.3'];
    for (const ip of attackerSources) {
      const [attacker] = await openTransactions(server, 1, from(ip));
      expect((await attacker!.sendOtp(resident.individualId)).errors).toEqual([]);
      const answers = [];
      for (const guess of [wrongCode, code, '000000', '111111'])
        answers.push(ourErrorCode(await attacker!.authenticate(resident.individualId, otp(guess))));
      // Three checked guesses, then the transaction's own limit (no_attempts_left).
      expect(answers).toEqual(['auth_failed', 'auth_failed', 'auth_failed', 'no_attempts_left']);
    }
    const signedIn = await victim!.authenticate(resident.individualId, otp(code));
    expect(signedIn.errors).toEqual([]);
    expect(signedIn.response?.consentAction).toBe('CAPTURE');
    // Brute force stays bounded: the attackers' nine failures count against the ID, and a tenth blocks it everywhere.
    const [fourth] = await openTransactions(server, 1, from('203.0.113.4'));
    const tenth = await fourth!.authenticate(resident.individualId, otp('222222'));
    expect(tenth.errors[0]).toMatchObject({
      errorCode: 'auth_failed',
      attemptsLeft: 0,
      blockedUntil: expect.any(String),
    });
    const [later] = await openTransactions(server, 1, from('198.51.100.7'));
    expect(ourErrorCode(await later!.authenticate(resident.individualId, otp(code)))).toBe('individual_id_blocked');
  });
});

describe('oauth-details input bounds', () => {
  it('refuses a claims object larger than /authorize would accept', async () => {
    server = await startTestServer();
    const client = await registerClient(server);
    const ui = new UiApiClient(server.url);
    const big = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`claim_${i}_${'x'.repeat(10)}`, null]));
    const r = await ui.oauthDetails(authorizationRequest(client, { claims: { userinfo: big } }));
    expect(r.status).toBe(200);
    expect(r.errors[0]?.errorCode).toBe('invalid_input');
    expect(r.errors[0]?.errorMessage).toMatch(/^Invalid request:\n✖ .+\n {2}→ at claims$/);
  });
});

describe('a full transaction store', () => {
  it('answers service_busy in the envelope instead of growing without bound', async () => {
    server = await startTestServer({ limits: { maxStoreEntries: 12 } });
    const client = await registerClient(server);
    const codes: string[] = [];
    for (let i = 0; i < 15; i++) {
      const ui = new UiApiClient(server.url);
      const r = await ui.oauthDetails(authorizationRequest(client));
      codes.push(r.errors[0]?.reason ?? r.errors[0]?.errorCode ?? String(r.status));
      if (r.errors[0]) expect(r.errors[0].errorMessage).toBe('The service is busy. Please try again in a moment.');
    }
    expect(codes).toContain('200');
    expect(codes.at(-1)).toBe('service_busy');
  });
});
