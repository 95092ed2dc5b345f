// The assisted, cross-device flow at the HTTP level (docs/assisted-flow.md): a relying party with
// openid-client, the resident's browser driving the login UI's API (link code, server-sent events
// or the long poll, consent), a registered kiosk whose operator really signed in, real captures
// from the SBI simulator (encrypted for the reference ID system), the kiosk attestation signed
// with the kiosk key. Then every refusal with its error code.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LinkProgressSchema,
  type LinkCodeResponse,
  type LinkProgress,
  type LinkTransactionResponse,
} from '@signet-kiosk/shared/esignet';
import {
  KIOSK_ATTESTATION_HEADER,
  kioskAttestationClaims,
  signKioskAttestation,
  type Kiosk,
  type KioskAttestationClaims,
} from '@signet-kiosk/shared/kiosk';
import { CaptureResponseSchema, esignetSbiTransactionId, sbiTimestamp } from '@signet-kiosk/shared/sbi';
import {
  kioskRegistrationRequest,
  makeKioskKeyPair,
  registerKiosk,
  RESIDENTS,
  signInOperator,
  startTestServer,
  type KioskKeyPair,
  type TestServer,
} from '@signet-kiosk/server/testing';
import { INDIVIDUAL_ID_HEADER, startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { EsignetUiDriver } from './support/esignet-ui-driver.js';
import { DEMO_RESIDENTS } from './support/demo-residents.js';
import { registerTestClient, type TestClient } from './support/test-client.js';

const SIM_PORTS = { portMin: 4621, portMax: 4630 };
const BIO_ACR = 'mosip:idp:acr:biometrics';
const LINKED = '/v1/esignet/linked-authorization';
const PROGRESS = '/v1/signet/linked-authorization/progress';
const RESIDENT = DEMO_RESIDENTS.pin;
const OTHER_RESIDENT = DEMO_RESIDENTS.khmer;
/** The operator: another demo resident, on the kiosk's list. */
const OPERATOR = RESIDENTS[3];

/** LINK_CODE_MISSES_PER_SESSION of server/src/linked/link-transaction.ts. */
const LINK_CODE_MISSES_PER_SESSION = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A kiosk as the tests hold it: its registration, its key, its operator's token and sub. */
interface TestKiosk {
  kiosk: Kiosk;
  key: KioskKeyPair;
  accessToken: string;
  operatorSub: string;
}

async function newKiosk(server: TestServer, operators: string[] = [OPERATOR.individualId]): Promise<TestKiosk> {
  const key = await makeKioskKeyPair();
  const kiosk = await registerKiosk(server.ctx, kioskRegistrationRequest(key.publicJwk), operators);
  const signedIn = await signInOperator(server, {
    clientId: kiosk.clientId,
    privateKey: key.privateKey,
    individualId: OPERATOR.individualId,
    pin: OPERATOR.pin,
  });
  return { kiosk, key, accessToken: signedIn.accessToken, operatorSub: signedIn.idTokenClaims.sub };
}

interface KioskAnswer<T> {
  status: number;
  response: T | null;
  errors: { errorCode: string; errorMessage: string; attemptsLeft?: number }[];
}

/** A call of the kiosk side: the operator's bearer token, an eSignet envelope, no cookies. */
async function kioskCall<T>(
  server: TestServer,
  k: TestKiosk,
  endpoint: string,
  request: unknown,
  headers: Record<string, string> = {},
): Promise<KioskAnswer<T>> {
  const res = await fetch(`${server.url}${LINKED}${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${k.accessToken}`, ...headers },
    body: JSON.stringify({ requestTime: new Date().toISOString(), request }),
  });
  const body = (await res.json()) as Omit<KioskAnswer<T>, 'status'>;
  return { status: res.status, response: body.response, errors: body.errors };
}

const errorCode = (r: { errors: { errorCode: string; reason?: string }[] }) =>
  r.errors[0]?.reason ?? r.errors[0]?.errorCode ?? 'ok';

/** Opens a BIO sign-in for the client as the resident's browser does; returns its driver. */
async function openSignIn(server: TestServer, client: TestClient, url?: URL): Promise<EsignetUiDriver> {
  const authorizationUrl = url ?? new URL(`${server.url}/authorize`);
  if (!url) {
    const q = authorizationUrl.searchParams;
    q.set('client_id', client.clientId);
    q.set('redirect_uri', client.redirectUri);
    q.set('response_type', 'code');
    q.set('scope', 'openid profile');
    q.set('acr_values', BIO_ACR);
    q.set('nonce', oidc.randomNonce());
    q.set('code_challenge', await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()));
    q.set('code_challenge_method', 'S256');
  }
  const driver = new EsignetUiDriver(server.url);
  const auth = await driver.authorize(authorizationUrl);
  expect(auth.location, auth.body.slice(0, 200)).toBeTruthy();
  const details = await driver.oauthDetailsFrom(auth.location!);
  expect(details.errors).toEqual([]);
  return driver;
}

/** link-code as eSignet's UI asks for it, or as Signet's, bound to the ID the resident typed. */
const requestLinkCode = (driver: EsignetUiDriver, individualId?: string) =>
  driver.call<LinkCodeResponse>('POST', `${LINKED}/link-code`, {
    transactionId: driver.transactionId,
    ...(individualId === undefined ? {} : { individualId }),
  });

async function linkCodeOf(driver: EsignetUiDriver, individualId?: string): Promise<string> {
  const r = await requestLinkCode(driver, individualId);
  expect(r.errors).toEqual([]);
  return r.response!.linkCode;
}

const pollProgress = (driver: EsignetUiDriver, linkCode: string, after: LinkProgress['state'] | null) =>
  driver.call<LinkProgress>('POST', PROGRESS, { transactionId: driver.transactionId, linkCode, after });

/** The progress stream as a browser's EventSource reads it: each event's JSON, and the heartbeats. */
class ProgressStream {
  readonly events: LinkProgress[] = [];
  heartbeats = 0;
  ended = false;
  private constructor(
    readonly status: number,
    readonly contentType: string,
    private readonly controller: AbortController,
  ) {}

  static async open(server: TestServer, driver: EsignetUiDriver, linkCode: string): Promise<ProgressStream> {
    const controller = new AbortController();
    const url = new URL(`${server.url}${PROGRESS}`);
    url.searchParams.set('transactionId', driver.transactionId!);
    url.searchParams.set('linkCode', linkCode);
    const res = await fetch(url, {
      headers: { cookie: driver.cookieHeader(), accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const stream = new ProgressStream(res.status, res.headers.get('content-type') ?? '', controller);
    if (!stream.contentType.startsWith('text/event-stream')) {
      stream.body = await res.text();
      stream.ended = true;
      return stream;
    }
    void stream.read(res.body!);
    return stream;
  }

  /** The answer's text when it was not a stream (an error envelope). */
  body = '';

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of block.split('\n')) {
            if (line.startsWith('data: ')) this.events.push(LinkProgressSchema.parse(JSON.parse(line.slice(6))));
            else if (line.startsWith(':')) this.heartbeats++;
          }
        }
      }
    } catch {
      // Aborted by close().
    }
    this.ended = true;
  }

  /** Waits until `n` events have arrived; returns them. */
  async waitForEvents(n: number, timeoutMs = 10_000): Promise<LinkProgress[]> {
    const until = Date.now() + timeoutMs;
    while (this.events.length < n) {
      if (Date.now() > until) throw new Error(`${n} events expected, got ${JSON.stringify(this.events)}`);
      await sleep(20);
    }
    return this.events.slice(0, n);
  }

  async waitForEnd(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > until) throw new Error('the stream did not end');
      await sleep(20);
    }
  }

  close(): void {
    this.controller.abort();
  }
}

/** The captures a kiosk makes: the simulator's finger scanner, bound to the link transaction. */
async function capture(
  sim: RunningSimulator,
  domainUri: string,
  linkTransactionId: string,
  individualId: string,
): Promise<{ authFactorType: string; challenge: string; format: string }[]> {
  const res = await fetch(`${sim.url}/capture`, {
    method: 'CAPTURE',
    headers: { 'content-type': 'application/json', [INDIVIDUAL_ID_HEADER]: individualId },
    body: JSON.stringify({
      env: 'Developer',
      purpose: 'Auth',
      specVersion: '0.9.5',
      timeout: '10000',
      captureTime: sbiTimestamp(),
      domainUri,
      transactionId: esignetSbiTransactionId(linkTransactionId),
      bio: [
        {
          type: 'Finger',
          count: '1',
          bioSubType: ['UNKNOWN'],
          requestedScore: '60',
          deviceId: '1',
          deviceSubId: '0',
          previousHash: '',
        },
      ],
      customOpts: null,
    }),
  });
  const body = CaptureResponseSchema.parse(await res.json());
  const items = body.biometrics.map(({ error, ...rest }) => {
    expect(error.errorCode, error.errorInfo).toBe('0');
    return rest;
  });
  return [
    { authFactorType: 'BIO', challenge: Buffer.from(JSON.stringify(items)).toString('base64'), format: 'encoded-json' },
  ];
}

/** The kiosk's attestation of a submission for `individualId` (the resident's unless told), signed with `signer` (the kiosk's own key unless told). */
async function attestation(
  server: TestServer,
  k: TestKiosk,
  linkTransactionId: string,
  challengeList: { challenge: string }[],
  o: { signer?: KioskKeyPair; claims?: Partial<KioskAttestationClaims>; individualId?: string } = {},
): Promise<string> {
  const claims = await kioskAttestationClaims({
    kioskId: k.kiosk.kioskId,
    operatorSub: k.operatorSub,
    audience: server.config.issuer,
    linkTransactionId,
    accessToken: k.accessToken,
    individualId: o.individualId ?? RESIDENT.individualId,
    challenges: challengeList.map((c) => c.challenge),
  });
  return signKioskAttestation({ ...claims, ...o.claims }, (o.signer ?? k.key).privateKey);
}

const authenticateAtKiosk = (
  server: TestServer,
  k: TestKiosk,
  linkedTransactionId: string,
  challengeList: { authFactorType: string; challenge: string; format: string }[],
  jws: string,
  individualId: string = RESIDENT.individualId,
) =>
  kioskCall<{ linkedTransactionId: string; consentAction: string }>(
    server,
    k,
    '/v2/authenticate',
    { linkedTransactionId, individualId, challengeList },
    { [KIOSK_ATTESTATION_HEADER]: jws },
  );

const linkAtKiosk = (server: TestServer, k: TestKiosk, linkCode: string) =>
  kioskCall<LinkTransactionResponse>(server, k, '/v2/link-transaction', { linkCode });

/** A server whose reference ID system can match the simulator's captures, and the simulator. */
async function startServerAndSimulator(
  overrides: Record<string, unknown> = {},
): Promise<{ server: TestServer; sim: RunningSimulator }> {
  const server = await startTestServer(overrides);
  expect(server.ctx.authenticator.supportedAuthFactors()).toContain('BIO');
  // The simulator encrypts for the ID system's certificate, which the reference plugin serves.
  const certFile = path.join(server.config.dataDir, 'ida-fir.crt.pem');
  const certRes = await fetch(`${server.url}/v1/mock-identity-system/sbi/encryption-certificate`);
  expect(certRes.status).toBe(200);
  await writeFile(certFile, await certRes.text());
  const sim = await startSimulator(
    { dataDir: path.join(server.config.dataDir, 'sbi-simulator'), ...SIM_PORTS, encryptionCertificate: certFile },
    { onError: () => undefined },
  );
  return { server, sim };
}

describe('the assisted flow', () => {
  let server: TestServer;
  let sim: RunningSimulator;
  let client: TestClient;
  let k: TestKiosk;

  beforeAll(async () => {
    // More sign-ins (operators' and kiosks') within a minute from this one address than the default allows.
    ({ server, sim } = await startServerAndSimulator({ limits: { authenticatePerMinutePerIp: 120 } }));
    client = await registerTestClient(server, { authContextRefs: [BIO_ACR] });
    k = await newKiosk(server);
  });
  afterAll(async () => {
    await sim?.close();
    await server?.close();
  });

  it('resident transaction → link-code → SSE WAITING, LINKED, AUTHENTICATED → link-auth-code → token → userinfo', async () => {
    const config = await oidc.discovery(
      new URL(server.url),
      client.clientId,
      { id_token_signed_response_alg: 'ES256' },
      oidc.PrivateKeyJwt(client.privateKey, {
        [oidc.modifyAssertion]: (header) => void (header.kid = client.publicJwk.kid),
      }),
      { execute: [oidc.allowInsecureRequests] },
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: client.redirectUri,
      scope: 'openid profile',
      acr_values: BIO_ACR,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
      ui_locales: 'km en',
      claims: JSON.stringify({ userinfo: { name: { essential: true }, email: null } }),
    });
    const driver = await openSignIn(server, client, url);

    // The resident's device asks for a code, bound to the ID the resident typed, and watches its progress.
    const issued = await requestLinkCode(driver, RESIDENT.individualId);
    expect(issued.errors).toEqual([]);
    const { linkCode, expireDateTime } = issued.response!;
    expect(linkCode).toMatch(/^[ABCDEFGHJKMNPQRSTVWXYZ23456789]{8}$/);
    expect(Date.parse(expireDateTime) - Date.now()).toBeGreaterThan(55_000);
    expect(Date.parse(expireDateTime) - Date.now()).toBeLessThanOrEqual(60_000);
    const stream = await ProgressStream.open(server, driver, linkCode);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');
    expect(await stream.waitForEvents(1)).toEqual([{ state: 'WAITING', expireDateTime }]);
    // eSignet's link-status waits meanwhile.
    const status = driver.call('POST', `${LINKED}/link-status`, { transactionId: driver.transactionId, linkCode });

    // The operator types the code as shown, in lower case with its hyphen.
    const linked = await linkAtKiosk(server, k, `${linkCode.slice(0, 4)}-${linkCode.slice(4)}`.toLowerCase());
    expect(linked.errors).toEqual([]);
    const ltx = linked.response!;
    expect(ltx).toMatchObject({
      clientName: { '@none': 'Test Relying Party', khm: 'ភាគីជឿទុកចិត្ត' },
      logoUrl: 'https://rp.example.org/logo.png',
      authFactors: [[expect.objectContaining({ type: 'BIO' })]],
      essentialClaims: ['name'],
      voluntaryClaims: expect.arrayContaining(['email']),
      uiLocales: ['km', 'en'],
    });
    const [, linkedEvent] = await stream.waitForEvents(2);
    expect(linkedEvent).toEqual({
      state: 'LINKED',
      linkedDateTime: expect.any(String),
      kioskName: k.kiosk.name,
    });
    const statusAnswer = await status;
    expect(statusAnswer.errors).toEqual([]);
    expect(statusAnswer.response).toEqual({
      transactionId: driver.transactionId,
      linkStatus: 'LINKED',
      linkedDateTime: (linkedEvent as { linkedDateTime: string }).linkedDateTime,
    });

    // The kiosk captures the resident's finger and submits it with its attestation.
    const challengeList = await capture(sim, server.url, ltx.linkTransactionId, RESIDENT.individualId);
    const jws = await attestation(server, k, ltx.linkTransactionId, challengeList);
    const authn = await authenticateAtKiosk(server, k, ltx.linkTransactionId, challengeList, jws);
    expect(authn.errors).toEqual([]);
    expect(authn.response).toEqual({ linkedTransactionId: ltx.linkTransactionId, consentAction: 'CAPTURE' });
    const events = await stream.waitForEvents(3);
    // Whom the kiosk verified, masked, for the resident to see before consenting.
    expect(events[2]).toEqual({
      state: 'AUTHENTICATED',
      consentAction: 'CAPTURE',
      kioskName: k.kiosk.name,
      maskedIndividualId: `${'•'.repeat(RESIDENT.individualId.length - 4)}${RESIDENT.individualId.slice(-4)}`,
    });
    await stream.waitForEnd();

    // Consent on the resident's own device, then the relying party's code.
    const code = await driver.call<{ redirectUrl: string }>('POST', `${LINKED}/link-auth-code`, {
      transactionId: driver.transactionId,
      linkedCode: linkCode,
      acceptedClaims: ['name', 'email'],
      permittedAuthorizeScopes: [],
    });
    expect(code.errors).toEqual([]);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(code.response!.redirectUrl), {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    expect(claims.acr).toBe(BIO_ACR);
    expect(claims.amr).toEqual(['fpt']);
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo.name).toBe(RESIDENT.nameEng);

    // Every step audited with kiosk and operator (by their sub at the kiosk), no individual ID in the log.
    for (const action of ['link-transaction', 'linked-authenticate', 'link-status', 'link-auth-code']) {
      expect(server.audit.events).toContainEqual(
        expect.objectContaining({
          action,
          outcome: 'success',
          kioskId: k.kiosk.kioskId,
          operator: k.operatorSub,
        }),
      );
    }
    expect(JSON.stringify(server.audit.events)).not.toContain(OPERATOR.individualId);
    expect(JSON.stringify(server.audit.events)).not.toContain(RESIDENT.individualId);
    // A second link-auth-code cannot issue a second code.
    const again = await driver.call('POST', `${LINKED}/link-auth-code`, {
      transactionId: driver.transactionId,
      linkedCode: linkCode,
      acceptedClaims: ['name'],
    });
    expect(errorCode(again)).toBe('invalid_transaction_state');
  });

  it('long poll fallback: WAITING, then LINKED, FAILED with attempts left for another resident’s captures, then AUTHENTICATED', async () => {
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    const first = await pollProgress(driver, linkCode, null);
    expect(first.response).toMatchObject({ state: 'WAITING' });
    // Waiting after WAITING: answered when the kiosk links.
    const waiting = pollProgress(driver, linkCode, 'WAITING');
    await sleep(200);
    const linked = await linkAtKiosk(server, k, linkCode);
    expect(linked.errors).toEqual([]);
    expect((await waiting).response).toMatchObject({ state: 'LINKED', kioskName: k.kiosk.name });
    const ltx = linked.response!.linkTransactionId;

    // The operator captures someone else's finger: the ID system refuses, attempts are left.
    const waitingForFailure = pollProgress(driver, linkCode, 'LINKED');
    await sleep(100);
    const wrong = await capture(sim, server.url, ltx, OTHER_RESIDENT.individualId);
    const refused = await authenticateAtKiosk(server, k, ltx, wrong, await attestation(server, k, ltx, wrong));
    expect(refused.status).toBe(200);
    expect(refused.errors[0]).toMatchObject({ errorCode: 'auth_failed', attemptsLeft: expect.any(Number) });
    const attemptsLeft = refused.errors[0]!.attemptsLeft!;
    expect(attemptsLeft).toBeGreaterThan(0);
    expect((await waitingForFailure).response).toEqual({ state: 'FAILED', errorCode: 'auth_failed', attemptsLeft });
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'linked-authenticate',
        outcome: 'failure',
        errorCode: 'auth_failed',
        kioskId: k.kiosk.kioskId,
        operator: k.operatorSub,
      }),
    );
    expect(JSON.stringify(server.audit.events)).not.toContain(OPERATOR.individualId);

    // The right finger: AUTHENTICATED reaches a poll that last saw FAILED.
    const waitingForSuccess = pollProgress(driver, linkCode, 'FAILED');
    await sleep(100);
    const right = await capture(sim, server.url, ltx, RESIDENT.individualId);
    const ok = await authenticateAtKiosk(server, k, ltx, right, await attestation(server, k, ltx, right));
    expect(ok.errors).toEqual([]);
    // A code eSignet's UI asked for binds no ID; the kiosk still says whom it verified.
    expect((await waitingForSuccess).response).toEqual({
      state: 'AUTHENTICATED',
      consentAction: 'CAPTURE',
      kioskName: k.kiosk.name,
      maskedIndividualId: expect.stringMatching(new RegExp(`^•+${RESIDENT.individualId.slice(-4)}$`)),
    });
  });

  it('a code bound to the resident’s ID: another ID at the kiosk → individual_id_mismatch before any capture is checked, counted as a failed attempt', async () => {
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver, RESIDENT.individualId);
    const ltx = (await linkAtKiosk(server, k, linkCode)).response!.linkTransactionId;
    // The operator types another resident's ID: refused before the captures are looked at (these,
    // made for another link transaction, would be bio_transaction_mismatch).
    const theirs = await capture(sim, server.url, 'another-link-transaction', OTHER_RESIDENT.individualId);
    const watching = pollProgress(driver, linkCode, 'LINKED');
    await sleep(100);
    const mismatch = await authenticateAtKiosk(
      server,
      k,
      ltx,
      theirs,
      await attestation(server, k, ltx, theirs, { individualId: OTHER_RESIDENT.individualId }),
      OTHER_RESIDENT.individualId,
    );
    expect(mismatch.status).toBe(200);
    expect(mismatch.errors[0]).toMatchObject({ errorCode: 'individual_id_mismatch', attemptsLeft: 2 });
    expect((await watching).response).toEqual({
      state: 'FAILED',
      errorCode: 'individual_id_mismatch',
      attemptsLeft: 2,
    });
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'linked-authenticate',
        outcome: 'failure',
        errorCode: 'individual_id_mismatch',
        operator: k.operatorSub,
      }),
    );
    expect(JSON.stringify(server.audit.events)).not.toContain(OTHER_RESIDENT.individualId);
    // The resident's own ID and finger go through.
    const mine = await capture(sim, server.url, ltx, RESIDENT.individualId);
    const ok = await authenticateAtKiosk(server, k, ltx, mine, await attestation(server, k, ltx, mine));
    expect(ok.errors).toEqual([]);
  });

  it('an operator cannot probe IDs in a bound sign-in: each mismatch uses up an attempt, then no_attempts_left', async () => {
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver, RESIDENT.individualId);
    const ltx = (await linkAtKiosk(server, k, linkCode)).response!.linkTransactionId;
    const left: (number | undefined)[] = [];
    for (const guess of ['2804195600', '2804195699', '2804195698']) {
      const theirs = await capture(sim, server.url, ltx, OTHER_RESIDENT.individualId);
      const r = await authenticateAtKiosk(
        server,
        k,
        ltx,
        theirs,
        await attestation(server, k, ltx, theirs, { individualId: guess }),
        guess,
      );
      expect(errorCode(r)).toBe('individual_id_mismatch');
      left.push(r.errors[0]!.attemptsLeft);
    }
    expect(left).toEqual([2, 1, 0]);
    expect((await pollProgress(driver, linkCode, 'LINKED')).response).toMatchObject({
      state: 'FAILED',
      errorCode: 'individual_id_mismatch',
      attemptsLeft: 0,
    });
    // Even the right ID now: the sign-in has no attempts left.
    const mine = await capture(sim, server.url, ltx, RESIDENT.individualId);
    const late = await authenticateAtKiosk(server, k, ltx, mine, await attestation(server, k, ltx, mine));
    expect(errorCode(late)).toBe('no_attempts_left');
  });

  it('a link code works once: its second use is invalid_link_code', async () => {
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    expect((await linkAtKiosk(server, k, linkCode)).errors).toEqual([]);
    const again = await linkAtKiosk(server, k, linkCode);
    expect(again.status).toBe(400);
    expect(errorCode(again)).toBe('invalid_link_code');
    expect(errorCode(await linkAtKiosk(server, k, 'ABCD-EFGH'))).toBe('invalid_link_code');
  });

  it('at most 2 live codes: a third retires the oldest (EXPIRED, no longer accepted); at most 10 per sign-in', async () => {
    const driver = await openSignIn(server, client);
    const oldest = await linkCodeOf(driver);
    const stream = await ProgressStream.open(server, driver, oldest);
    await stream.waitForEvents(1);
    const second = await linkCodeOf(driver);
    const third = await linkCodeOf(driver);
    expect(new Set([oldest, second, third]).size).toBe(3);
    expect((await stream.waitForEvents(2))[1]).toEqual({ state: 'EXPIRED' });
    await stream.waitForEnd();
    expect(errorCode(await linkAtKiosk(server, k, oldest))).toBe('invalid_link_code');
    expect((await pollProgress(driver, second, null)).response).toMatchObject({ state: 'WAITING' });
    for (let i = 3; i < 10; i++) await linkCodeOf(driver);
    const eleventh = await requestLinkCode(driver);
    expect(errorCode(eleventh)).toBe('no_attempts_left');
    // The two live ones are the last two issued: the third is retired by now.
    expect(errorCode(await linkAtKiosk(server, k, third))).toBe('invalid_link_code');
  });

  it('offers link codes only to a sign-in a kiosk can finish with biometrics alone', async () => {
    const pinOnly = await registerTestClient(server, { authContextRefs: ['mosip:idp:acr:static-code'] });
    const driver = new EsignetUiDriver(server.url);
    const q = new URL(`${server.url}/authorize`);
    q.searchParams.set('client_id', pinOnly.clientId);
    q.searchParams.set('redirect_uri', pinOnly.redirectUri);
    q.searchParams.set('response_type', 'code');
    q.searchParams.set('scope', 'openid');
    q.searchParams.set('acr_values', 'mosip:idp:acr:static-code');
    q.searchParams.set('code_challenge', await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()));
    q.searchParams.set('code_challenge_method', 'S256');
    const auth = await driver.authorize(q);
    expect((await driver.oauthDetailsFrom(auth.location!)).errors).toEqual([]);
    expect(errorCode(await requestLinkCode(driver))).toBe('auth_factor_mismatch');
  });

  it('link-code needs the CSRF token and the browser that opened the sign-in', async () => {
    const driver = await openSignIn(server, client);
    expect(
      errorCode(
        await driver.call('POST', `${LINKED}/link-code`, { transactionId: driver.transactionId }, { csrf: null }),
      ),
    ).toBe('invalid_csrf_token');
    const otherBrowser = new EsignetUiDriver(server.url);
    await otherBrowser.fetchCsrf();
    const r = await otherBrowser.call(
      'POST',
      `${LINKED}/link-code`,
      { transactionId: driver.transactionId },
      { key: driver.transactionId!, hash: driver.hash! },
    );
    expect(errorCode(r)).toBe('invalid_transaction');
    // The stream, too, belongs to the browser that opened the sign-in.
    const linkCode = await linkCodeOf(driver);
    const foreign = await ProgressStream.open(server, otherBrowser, linkCode);
    expect(foreign.contentType).toContain('application/json');
    expect(foreign.body).toContain('invalid_transaction');
  });

  it('an attestation signed with another key than the kiosk’s → invalid_kiosk_attestation; the resident sees no failure', async () => {
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    const ltx = (await linkAtKiosk(server, k, linkCode)).response!.linkTransactionId;
    const challengeList = await capture(sim, server.url, ltx, RESIDENT.individualId);
    const otherKey = await makeKioskKeyPair();
    const r = await authenticateAtKiosk(
      server,
      k,
      ltx,
      challengeList,
      await attestation(server, k, ltx, challengeList, { signer: otherKey }),
    );
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe('invalid_kiosk_attestation');
    // Claims that do not match the request are refused the same way, each before any biometric check.
    for (const claims of [
      { sub: 'another-operator' },
      { ltx: 'another-link-transaction' },
      { aud: 'https://elsewhere.example.org' },
      { captures: ['A'.repeat(43)] },
      { idh: 'A'.repeat(43) },
      { iat: Math.floor(Date.now() / 1000) - 120, exp: Math.floor(Date.now() / 1000) - 90 },
      { exp: Math.floor(Date.now() / 1000) + 600 },
    ] satisfies Partial<KioskAttestationClaims>[]) {
      const jws = await attestation(server, k, ltx, challengeList, { claims });
      expect(errorCode(await authenticateAtKiosk(server, k, ltx, challengeList, jws)), JSON.stringify(claims)).toBe(
        'invalid_kiosk_attestation',
      );
    }
    expect(
      errorCode(
        await kioskCall(server, k, '/v2/authenticate', {
          linkedTransactionId: ltx,
          individualId: RESIDENT.individualId,
          challengeList,
        }),
      ),
    ).toBe('invalid_kiosk_attestation');
    expect((await pollProgress(driver, linkCode, 'WAITING')).response).toMatchObject({ state: 'LINKED' });
    // The captures were never checked, so they still work with a good attestation.
    const ok = await authenticateAtKiosk(
      server,
      k,
      ltx,
      challengeList,
      await attestation(server, k, ltx, challengeList),
    );
    expect(ok.errors).toEqual([]);
  });

  it('a replayed submission (same jti) → kiosk_attestation_replayed', async () => {
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    const ltx = (await linkAtKiosk(server, k, linkCode)).response!.linkTransactionId;
    const challengeList = await capture(sim, server.url, ltx, OTHER_RESIDENT.individualId);
    const jws = await attestation(server, k, ltx, challengeList);
    expect(errorCode(await authenticateAtKiosk(server, k, ltx, challengeList, jws))).toBe('auth_failed');
    const replayed = await authenticateAtKiosk(server, k, ltx, challengeList, jws);
    expect(replayed.status).toBe(401);
    expect(errorCode(replayed)).toBe('kiosk_attestation_replayed');
  });

  it('another operator at the same kiosk cannot finish a link transaction the first opened; the first can', async () => {
    const second = RESIDENTS[4];
    const own = await newKiosk(server, [OPERATOR.individualId, second.individualId]);
    const signedIn = await signInOperator(server, {
      clientId: own.kiosk.clientId,
      privateKey: own.key.privateKey,
      individualId: second.individualId,
      pin: second.pin,
    });
    const other: TestKiosk = { ...own, accessToken: signedIn.accessToken, operatorSub: signedIn.idTokenClaims.sub };
    const driver = await openSignIn(server, client);
    const ltx = (await linkAtKiosk(server, own, await linkCodeOf(driver))).response!.linkTransactionId;
    const challengeList = await capture(sim, server.url, ltx, RESIDENT.individualId);
    const byOther = await authenticateAtKiosk(
      server,
      other,
      ltx,
      challengeList,
      await attestation(server, other, ltx, challengeList),
    );
    expect(errorCode(byOther)).toBe('invalid_transaction');
    const byOpener = await authenticateAtKiosk(
      server,
      own,
      ltx,
      challengeList,
      await attestation(server, own, ltx, challengeList),
    );
    expect(byOpener.errors).toEqual([]);
    expect(byOpener.response).toMatchObject({ linkedTransactionId: ltx });
  });

  it('an operator’s sign-in at the kiosk starts no SSO session (the kiosk window is shared)', async () => {
    const key = await makeKioskKeyPair();
    const kiosk = await registerKiosk(server.ctx, kioskRegistrationRequest(key.publicJwk), [OPERATOR.individualId]);
    const signedIn = await signInOperator(server, {
      clientId: kiosk.clientId,
      privateKey: key.privateKey,
      individualId: OPERATOR.individualId,
      pin: OPERATOR.pin,
    });
    expect(signedIn.accessToken).toBeTruthy();
    expect(signedIn.ssoCookieSet).toBe(false);
  });

  it('an operator guessing link codes is signed out after LINK_CODE_MISSES_PER_SESSION wrong ones', async () => {
    const own = await newKiosk(server);
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    // A wrong code that is still well formed: the real one with its last character changed.
    const wrong = linkCode.slice(0, -1) + (linkCode.endsWith('A') ? 'B' : 'A');
    for (let i = 0; i < LINK_CODE_MISSES_PER_SESSION; i++)
      expect(errorCode(await linkAtKiosk(server, own, wrong))).toBe('invalid_link_code');
    expect(errorCode(await linkAtKiosk(server, own, wrong))).toBe('too_many_requests');
    // The session is over: even the right code is refused until the operator signs in again.
    expect(errorCode(await linkAtKiosk(server, own, linkCode))).toBe('invalid_token');
    const again = await signInOperator(server, {
      clientId: own.kiosk.clientId,
      privateKey: own.key.privateKey,
      individualId: OPERATOR.individualId,
      pin: OPERATOR.pin,
    });
    const fresh: TestKiosk = { ...own, accessToken: again.accessToken, operatorSub: again.idTokenClaims.sub };
    expect((await linkAtKiosk(server, fresh, linkCode)).errors).toEqual([]);
  });

  it('a kiosk that has seen 30 wrong link codes (all its operator sessions) stops linking for a while', async () => {
    const own = await newKiosk(server);
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    const wrong = linkCode.slice(0, -1) + (linkCode.endsWith('A') ? 'B' : 'A');
    const session = async (): Promise<TestKiosk> => {
      const signedIn = await signInOperator(server, {
        clientId: own.kiosk.clientId,
        privateKey: own.key.privateKey,
        individualId: OPERATOR.individualId,
        pin: OPERATOR.pin,
      });
      return { ...own, accessToken: signedIn.accessToken, operatorSub: signedIn.idTokenClaims.sub };
    };
    for (let s = 0; s < 3; s++) {
      const k = s === 0 ? own : await session();
      for (let i = 0; i < LINK_CODE_MISSES_PER_SESSION; i++)
        expect(errorCode(await linkAtKiosk(server, k, wrong))).toBe('invalid_link_code');
    }
    // A new session at the same kiosk: refused before the code is even looked at, so it stays unused.
    const r = await linkAtKiosk(server, await session(), linkCode);
    expect(errorCode(r)).toBe('too_many_requests');
    expect(r.status).toBe(429);
  });

  it('an operator removed from the kiosk’s list → operator_not_allowed, at once', async () => {
    const own = await newKiosk(server);
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    expect(await server.ctx.registry.kiosks.removeOperator(own.kiosk.kioskId, OPERATOR.individualId)).toBe(true);
    const r = await linkAtKiosk(server, own, linkCode);
    expect(errorCode(r)).toBe('operator_not_allowed');
    // The refusal consumed nothing: the code still links once the operator is back.
    expect(await server.ctx.registry.kiosks.addOperator(own.kiosk.kioskId, OPERATOR.individualId)).toBe(true);
    expect((await linkAtKiosk(server, own, linkCode)).errors).toEqual([]);
  });

  it('a disabled kiosk → kiosk_disabled, on every call', async () => {
    const own = await newKiosk(server);
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    const ltx = (await linkAtKiosk(server, own, linkCode)).response!.linkTransactionId;
    expect(await server.ctx.registry.kiosks.setEnabled(own.kiosk.kioskId, false)).toBe(true);
    const challengeList = await capture(sim, server.url, ltx, RESIDENT.individualId);
    const r = await authenticateAtKiosk(
      server,
      own,
      ltx,
      challengeList,
      await attestation(server, own, ltx, challengeList),
    );
    expect(errorCode(r)).toBe('kiosk_disabled');
    expect(errorCode(await linkAtKiosk(server, own, await linkCodeOf(await openSignIn(server, client))))).toBe(
      'kiosk_disabled',
    );
  });

  it('a kiosk-named client that is not a registered kiosk → kiosk_unknown', async () => {
    const key = await makeKioskKeyPair();
    const now = new Date().toISOString();
    const clientId = 'kiosk-never-registered';
    await server.ctx.registry.clients.create({
      clientId,
      clientName: 'Not a registered kiosk',
      clientNameLangMap: {},
      publicKey: { ...key.publicJwk, alg: 'ES256', use: 'sig' },
      relyingPartyId: clientId,
      userClaims: [],
      authContextRefs: ['mosip:idp:acr:static-code'],
      logoUri: 'https://rp.example.org/logo.png',
      redirectUris: ['http://127.0.0.1:3300/operator/callback'],
      grantTypes: ['authorization_code'],
      clientAuthMethods: ['private_key_jwt'],
      additionalConfig: {
        userinfo_response_type: 'JWS',
        consent_expire_in_mins: 0,
        require_pushed_authorization_requests: false,
        dpop_bound_access_tokens: false,
        require_pkce: true,
      },
      status: 'ACTIVE',
      createdAt: now,
      updatedAt: now,
    });
    const signedIn = await signInOperator(server, {
      clientId,
      privateKey: key.privateKey,
      individualId: OPERATOR.individualId,
      pin: OPERATOR.pin,
    });
    const impostor: TestKiosk = {
      ...k,
      key,
      accessToken: signedIn.accessToken,
      operatorSub: signedIn.idTokenClaims.sub,
    };
    const linkCode = await linkCodeOf(await openSignIn(server, client));
    expect(errorCode(await linkAtKiosk(server, impostor, linkCode))).toBe('kiosk_unknown');
    // A relying party's token is no kiosk's at all.
    expect(errorCode(await linkAtKiosk(server, { ...k, accessToken: 'not-a-token' }, linkCode))).toBe('invalid_token');
  });

  it('keeps at most 4 listeners per code, and none once the browsers have gone', async () => {
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    const before = server.ctx.linkNotifications.size();
    const streams = await Promise.all([1, 2, 3, 4].map(() => ProgressStream.open(server, driver, linkCode)));
    for (const s of streams) await s.waitForEvents(1);
    expect(server.ctx.linkNotifications.size().listeners).toBe(before.listeners + 4);
    const fifth = await ProgressStream.open(server, driver, linkCode);
    expect(fifth.body).toContain('too_many_requests');
    // A long poll whose browser goes away lets go of its listener too.
    const abandoned = new AbortController();
    const url = `${server.url}${PROGRESS}`;
    for (const s of streams.slice(0, 3)) s.close();
    await sleep(100);
    void fetch(url, {
      method: 'POST',
      signal: abandoned.signal,
      headers: {
        'content-type': 'application/json',
        cookie: driver.cookieHeader(),
        'X-XSRF-TOKEN': driver.csrfToken!,
        'oauth-details-key': driver.transactionId!,
        'oauth-details-hash': driver.hash!,
      },
      body: JSON.stringify({
        requestTime: new Date().toISOString(),
        request: { transactionId: driver.transactionId, linkCode, after: 'WAITING' },
      }),
    }).catch(() => undefined);
    await sleep(200);
    expect(server.ctx.linkNotifications.size().listeners).toBe(before.listeners + 2);
    abandoned.abort();
    streams[3]!.close();
    const until = Date.now() + 5000;
    while (server.ctx.linkNotifications.size().listeners > before.listeners && Date.now() < until) await sleep(20);
    expect(server.ctx.linkNotifications.size()).toEqual(before);
  });
});

describe('the assisted flow with short lifetimes', () => {
  let server: TestServer;
  let sim: RunningSimulator;
  let client: TestClient;

  beforeAll(async () => {
    ({ server, sim } = await startServerAndSimulator({
      linkedAuthorization: { linkCodeSeconds: 3, longPollSeconds: 1, heartbeatSeconds: 1 },
      kiosks: { operatorIdleSeconds: 2 },
      ttl: { transaction: 8 },
    }));
    client = await registerTestClient(server, { authContextRefs: [BIO_ACR] });
  });
  afterAll(async () => {
    await sim?.close();
    await server?.close();
  });

  it('an expired link code: the stream says EXPIRED and ends, the kiosk gets invalid_link_code', async () => {
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    const stream = await ProgressStream.open(server, driver, linkCode);
    // Nothing happens within the long poll's wait: response_timeout.
    const status = await driver.call('POST', `${LINKED}/link-status`, {
      transactionId: driver.transactionId,
      linkCode,
    });
    expect(errorCode(status)).toBe('response_timeout');
    const unchanged = await pollProgress(driver, linkCode, 'WAITING');
    expect(unchanged.response).toMatchObject({ state: 'WAITING' });
    expect(await stream.waitForEvents(2, 5000)).toEqual([
      { state: 'WAITING', expireDateTime: expect.any(String) },
      { state: 'EXPIRED' },
    ]);
    await stream.waitForEnd();
    expect(stream.heartbeats).toBeGreaterThan(0);
    // Signed in now: the operator session would have idled out while the code expired.
    const k = await newKiosk(server);
    const r = await linkAtKiosk(server, k, linkCode);
    expect(errorCode(r)).toBe('invalid_link_code');
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'link-transaction',
        outcome: 'failure',
        errorCode: 'invalid_link_code',
        kioskId: k.kiosk.kioskId,
      }),
    );
    const lateStatus = await driver.call('POST', `${LINKED}/link-status`, {
      transactionId: driver.transactionId,
      linkCode,
    });
    expect(errorCode(lateStatus)).toBe('invalid_link_code');
  });

  it('a stream ends with EXPIRED when its sign-in ends, even after the kiosk linked', async () => {
    const driver = await openSignIn(server, client);
    const linkCode = await linkCodeOf(driver);
    expect((await linkAtKiosk(server, await newKiosk(server), linkCode)).errors).toEqual([]);
    const stream = await ProgressStream.open(server, driver, linkCode);
    expect((await stream.waitForEvents(1))[0]).toMatchObject({ state: 'LINKED' });
    expect((await stream.waitForEvents(2, 10_000))[1]).toEqual({ state: 'EXPIRED' });
    await stream.waitForEnd();
  });

  it('an operator session idle past kiosks.operatorIdleSeconds → operator_session_expired', async () => {
    const k = await newKiosk(server);
    const linkCode = await linkCodeOf(await openSignIn(server, client));
    await sleep(2300);
    expect(errorCode(await linkAtKiosk(server, k, linkCode))).toBe('operator_session_expired');
  });
});
