// The kiosk's main-process side of the assisted flow against a real server and the real SBI
// simulator, through the IPC router as the operator console reaches it: the operator signs in (the
// kiosk's own client, PKCE, private_key_jwt with the kiosk key; the PIN typed into the server's
// login app), opens a resident's link code, a fingerprint is captured and verified by the kiosk,
// the kiosk submits its own copy with its attestation, and the resident's transaction reaches
// AUTHENTICATED. Refusals come back typed: an expired code, a locked operator, a disabled kiosk.
import { writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LinkCodeResponse, LinkProgress } from '@signet-kiosk/shared/esignet';
import type { KioskReply, OperatorSessionView } from '@signet-kiosk/shared/kiosk';
import { SbiBridge } from '@signet-kiosk/sbi-bridge';
import { startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { portBlock } from '@signet-kiosk/sbi-bridge/testing';
import {
  kioskRegistrationRequest,
  freePort,
  makeKioskKeyPair,
  registerKiosk,
  RESIDENTS,
  startTestServer,
  TEST_KIOSK_REDIRECT_URI,
  type TestServer,
} from '@signet-kiosk/server/testing';
import {
  fetchKioskStatus,
  fetchTrustPolicy,
  IpcRouter,
  KioskError,
  kioskHandlers,
  KioskSbi,
  LinkActions,
  operatorCallbackRoute,
  OperatorSession,
  SenderPolicy,
  type IpcSender,
} from '@signet-kiosk/kiosk/main';
import { demoResident } from './support/demo-residents.js';
import { EsignetUiDriver } from './support/esignet-ui-driver.js';
import { registerTestClient, type TestClient } from './support/test-client.js';

const BIO_ACR = 'mosip:idp:acr:biometrics';
const LINKED = '/v1/esignet/linked-authorization';
const PROGRESS = '/v1/signet/linked-authorization/progress';
/** The simulator's default presenter (Dara Lim) is the resident. */
const RESIDENT = '2804195602';
/** The operator: another demo resident, on the kiosk's list. */
const OPERATOR = RESIDENTS[3];
const PORTS = portBlock(8);
const KIOSK_WINDOW = 5;

let server: TestServer;
let sim: RunningSimulator;
let client: TestClient;
let sbi: KioskSbi;

/** One kiosk as its main process holds it: session, link actions, the router the console talks to. */
interface TestKiosk {
  kioskId: string;
  session: OperatorSession;
  router: IpcRouter;
  /** The window's navigations to /authorize (what the shell would load). */
  navigations: string[];
  changes: OperatorSessionView[];
  clock: { now: number | undefined };
  /** The server the kiosk talks to. */
  serverUrl: string;
  /** What the session logged (a failed revocation), as it would reach the kiosk's log. */
  warnings: { fields: Record<string, unknown>; message: string }[];
}

const CONSOLE: IpcSender = {
  webContentsId: KIOSK_WINDOW,
  frame: { url: 'app://kiosk/operator.html', isMainFrame: true },
};

async function newKiosk(
  idleSeconds = 300,
  redirectUri = TEST_KIOSK_REDIRECT_URI,
  at: TestServer = server,
): Promise<TestKiosk> {
  const key = await makeKioskKeyPair();
  const kiosk = await registerKiosk(at.ctx, kioskRegistrationRequest(key.publicJwk, { redirectUris: [redirectUri] }), [
    OPERATOR.individualId,
  ]);
  const navigations: string[] = [];
  const changes: OperatorSessionView[] = [];
  const clock: { now: number | undefined } = { now: undefined };
  const now = () => clock.now ?? Date.now();
  const warnings: TestKiosk['warnings'] = [];
  const session = new OperatorSession({
    serverUrl: at.url,
    clientId: kiosk.clientId,
    privateKey: key.privateKey,
    kid: key.publicJwk.kid,
    redirectUri,
    idleSeconds,
    navigate: (url) => void navigations.push(url),
    onChange: (view) => changes.push(view),
    now,
    log: { warn: (fields, message) => void warnings.push({ fields, message }) },
  });
  const link = new LinkActions({
    serverUrl: at.url,
    kioskId: kiosk.kioskId,
    privateKey: key.privateKey,
    kid: key.publicJwk.kid,
    session,
    captures: sbi,
  });
  const identity = () => Promise.reject(new KioskError('identity_unavailable', '(not in this test)'));
  const status = () =>
    fetchKioskStatus({ serverUrl: at.url, kiosk: { id: kiosk.kioskId } }, key.publicJwk, key.privateKey);
  const router = new IpcRouter(
    kioskHandlers({ sbi, identity, status, operator: session, link }),
    new SenderPolicy(() => KIOSK_WINDOW, [new URL(at.url).origin, 'app://kiosk']),
  );
  return { kioskId: kiosk.kioskId, session, router, navigations, changes, clock, serverUrl: at.url, warnings };
}

/** An IPC call of the console; the reply as the contract has it. */
async function ipc<C extends Parameters<IpcRouter['handle']>[0]>(k: TestKiosk, channel: C, payload: unknown) {
  return (await k.router.handle(channel, CONSOLE, payload)) as KioskReply<'link:submit'> &
    KioskReply<'link:open'> & { ok: boolean; value?: unknown };
}

/** The console asks to sign in, the "window" goes to /authorize and the operator types the PIN: the return URL. */
async function operatorReturnUrl(k: TestKiosk): Promise<string> {
  const started = await k.router.handle('operator:sign-in', CONSOLE, {});
  expect(started).toEqual({ ok: true, value: { authorizeOrigin: new URL(k.serverUrl).origin } });
  const authorizeUrl = k.navigations.at(-1)!;
  const window = new EsignetUiDriver(k.serverUrl);
  const callbackUrl = await window.signIn(authorizeUrl, OPERATOR.individualId, { type: 'PIN', pin: OPERATOR.pin });
  expect(k.session.isCallback(callbackUrl)).toBe(true);
  return callbackUrl;
}

/** The operator signs in; the shell's navigation guard hands the return URL to the session. */
async function signIn(k: TestKiosk): Promise<OperatorSessionView> {
  return k.session.completeSignIn(await operatorReturnUrl(k));
}

/** The resident starts a BIO sign-in on their own device and asks for a link code (bound to `individualId`, if given). */
async function residentLinkCode(individualId?: string): Promise<{ driver: EsignetUiDriver; linkCode: string }> {
  const url = new URL(`${server.url}/authorize`);
  const q = url.searchParams;
  q.set('client_id', client.clientId);
  q.set('redirect_uri', client.redirectUri);
  q.set('response_type', 'code');
  q.set('scope', 'openid profile');
  q.set('acr_values', BIO_ACR);
  q.set('nonce', oidc.randomNonce());
  q.set('code_challenge', await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()));
  q.set('code_challenge_method', 'S256');
  const driver = new EsignetUiDriver(server.url);
  const auth = await driver.authorize(url);
  expect(auth.location).toBeTruthy();
  expect((await driver.oauthDetailsFrom(auth.location!)).errors).toEqual([]);
  const code = await driver.call<LinkCodeResponse>('POST', `${LINKED}/link-code`, {
    transactionId: driver.transactionId,
    ...(individualId === undefined ? {} : { individualId }),
  });
  expect(code.errors).toEqual([]);
  return { driver, linkCode: code.response!.linkCode };
}

const captureId = () => randomBytes(16).toString('base64url');

/** What the server's userinfo says of a token: 200 while it lives, 401 once revoked. */
async function userinfoStatus(accessToken: string): Promise<number> {
  return (await fetch(`${server.url}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })).status;
}

/** The console captures a finger on the simulator for the opened link transaction. */
async function captureFinger(k: TestKiosk, opened: { sbiTransactionId: string; domainUri: string }) {
  const discovered = await k.router.handle('sbi:discover', CONSOLE, {});
  if (!discovered.ok) throw new Error(discovered.error.message);
  const finger = (discovered.value as { key: string; modality: string }[]).find((d) => d.modality === 'Finger')!;
  const id = captureId();
  const captured = await k.router.handle('sbi:capture', CONSOLE, {
    captureId: id,
    deviceKey: finger.key,
    transactionId: opened.sbiTransactionId,
    domainUri: opened.domainUri,
    count: 1,
    timeoutMs: 10_000,
  });
  expect(captured).toMatchObject({ ok: true });
  return id;
}

beforeAll(async () => {
  server = await startTestServer();
  const certFile = path.join(server.config.dataDir, 'ida-fir.crt.pem');
  const certRes = await fetch(`${server.url}/v1/mock-identity-system/sbi/encryption-certificate`);
  await writeFile(certFile, await certRes.text());
  sim = await startSimulator(
    {
      dataDir: path.join(server.config.dataDir, 'sbi-simulator'),
      portMin: PORTS.min,
      portMax: PORTS.max,
      encryptionCertificate: certFile,
    },
    { onError: () => undefined },
  );
  client = await registerTestClient(server, { authContextRefs: [BIO_ACR] });
  sbi = new KioskSbi({
    bridge: new SbiBridge({
      trust: await fetchTrustPolicy(server.url),
      ports: PORTS,
      origin: new URL(server.url).origin,
      discoveryTimeoutMs: 5000,
    }),
    requestedScore: { Finger: 70, Iris: 70, Face: 70 },
    rescanIntervalMs: 60_000,
  });
}, 180_000);

afterAll(async () => {
  await sbi?.close();
  await sim?.close();
  await server?.close();
});

describe('the operator at the kiosk', () => {
  it('signs in, opens a link code, captures, submits: the resident is AUTHENTICATED', async () => {
    const k = await newKiosk();
    expect(await k.router.handle('operator:session', CONSOLE, {})).toEqual({ ok: true, value: { signedIn: false } });
    const view = await signIn(k);
    // The operator's name, read from userinfo (scope profile, released at the consent step).
    expect(view).toMatchObject({ signedIn: true, sub: expect.any(String) });
    expect(demoResident(OPERATOR.individualId).names).toContain(view.operatorName);
    expect(JSON.stringify(view)).not.toMatch(/token|eyJ/i);
    expect(k.changes.at(-1)).toEqual(view);
    const authorize = new URL(k.navigations[0]!);
    expect(authorize.searchParams.get('client_id')).toBe(`kiosk-${k.kioskId}`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('openid profile');

    // The resident's device binds the code to the ID the resident typed, as the login app does.
    const { driver, linkCode } = await residentLinkCode(RESIDENT);
    const opened = await ipc(k, 'link:open', {
      linkCode: `${linkCode.slice(0, 4)}-${linkCode.slice(4).toLowerCase()}`,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const value = opened.value as { linkTransactionId: string; sbiTransactionId: string; domainUri: string };
    expect(opened.value).toMatchObject({
      linkTransactionId: expect.any(String),
      authFactors: expect.arrayContaining([[expect.objectContaining({ type: 'BIO' })]]),
      uiLocales: expect.any(Array),
      domainUri: new URL(server.url).origin,
    });
    const linked = await driver.call<LinkProgress>('POST', PROGRESS, {
      transactionId: driver.transactionId,
      linkCode,
      after: 'WAITING',
    });
    expect(linked.response).toMatchObject({ state: 'LINKED' });

    // The operator types another ID than the resident did: refused by the server, with the attempts left.
    const mistyped = await ipc(k, 'link:submit', {
      linkTransactionId: value.linkTransactionId,
      individualId: RESIDENTS[0].individualId,
      captureIds: [await captureFinger(k, value)],
    });
    expect(mistyped).toMatchObject({
      ok: false,
      error: { code: 'server_refused', serverCode: 'individual_id_mismatch', attemptsLeft: 2 },
    });

    const id = await captureFinger(k, value);
    const submitted = await ipc(k, 'link:submit', {
      linkTransactionId: value.linkTransactionId,
      individualId: RESIDENT,
      captureIds: [id],
    });
    expect(submitted).toEqual({
      ok: true,
      value: { linkTransactionId: value.linkTransactionId, consentAction: expect.stringMatching(/CAPTURE/) },
    });
    const progress = await driver.call<LinkProgress>('POST', PROGRESS, {
      transactionId: driver.transactionId,
      linkCode,
      after: 'LINKED',
    });
    expect(progress.response).toMatchObject({ state: 'AUTHENTICATED' });

    // The held capture went with that submission: it cannot be sent again.
    expect(
      await ipc(k, 'link:submit', {
        linkTransactionId: value.linkTransactionId,
        individualId: RESIDENT,
        captureIds: [id],
      }),
    ).toMatchObject({ ok: false, error: { code: 'capture_unknown' } });
  }, 60_000);

  it("answers a wrong finger with the server's code and the attempts left, and the resident sees FAILED", async () => {
    const k = await newKiosk();
    await signIn(k);
    const { driver, linkCode } = await residentLinkCode();
    const opened = await ipc(k, 'link:open', { linkCode });
    const value = opened.value as { linkTransactionId: string; sbiTransactionId: string; domainUri: string };
    const id = await captureFinger(k, value);
    // The capture is Dara Lim's finger; the operator typed someone else's id.
    const refused = await ipc(k, 'link:submit', {
      linkTransactionId: value.linkTransactionId,
      individualId: RESIDENTS[0].individualId,
      captureIds: [id],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'server_refused', serverCode: 'auth_failed' } });
    if (refused.ok) throw new Error('refused');
    expect(refused.error.attemptsLeft).toEqual(expect.any(Number));
    const progress = await driver.call<LinkProgress>('POST', PROGRESS, {
      transactionId: driver.transactionId,
      linkCode,
      after: 'LINKED',
    });
    expect(progress.response).toMatchObject({ state: 'FAILED', errorCode: 'auth_failed' });
  }, 60_000);

  it('refuses a capture the kiosk does not hold, or one made for another link transaction', async () => {
    const k = await newKiosk();
    await signIn(k);
    const { linkCode } = await residentLinkCode();
    const opened = await ipc(k, 'link:open', { linkCode });
    const value = opened.value as { linkTransactionId: string; sbiTransactionId: string; domainUri: string };
    expect(
      await ipc(k, 'link:submit', {
        linkTransactionId: value.linkTransactionId,
        individualId: RESIDENT,
        captureIds: [captureId()],
      }),
    ).toMatchObject({ ok: false, error: { code: 'capture_unknown' } });
    const elsewhere = await captureFinger(k, { ...value, sbiTransactionId: 'another-transaction' });
    expect(
      await ipc(k, 'link:submit', {
        linkTransactionId: value.linkTransactionId,
        individualId: RESIDENT,
        captureIds: [elsewhere],
      }),
    ).toMatchObject({ ok: false, error: { code: 'capture_unknown' } });
  }, 60_000);

  it('refuses a used, expired or unknown link code as invalid_link_code', async () => {
    const k = await newKiosk();
    await signIn(k);
    const { linkCode } = await residentLinkCode();
    expect(await ipc(k, 'link:open', { linkCode })).toMatchObject({ ok: true });
    expect(await ipc(k, 'link:open', { linkCode })).toMatchObject({
      ok: false,
      error: { code: 'server_refused', serverCode: 'invalid_link_code' },
    });
    expect(await ipc(k, 'link:open', { linkCode: 'ABCD-EFGH' })).toMatchObject({
      ok: false,
      error: { code: 'server_refused', serverCode: 'invalid_link_code' },
    });
    // A code past its 60 s: the server and the kiosk share this process's clock.
    const expiring = await residentLinkCode();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    try {
      expect(await ipc(k, 'link:open', { linkCode: expiring.linkCode })).toMatchObject({
        ok: false,
        error: { code: 'server_refused', serverCode: 'invalid_link_code' },
      });
    } finally {
      vi.useRealTimers();
    }
    expect(await ipc(k, 'link:open', { linkCode: '0000-0000' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  }, 60_000);

  it('refuses everything before sign-in, locks after the idle time, and after sign-out', async () => {
    const k = await newKiosk(60);
    expect(await ipc(k, 'link:open', { linkCode: 'ABCD-EFGH' })).toMatchObject({
      ok: false,
      error: { code: 'operator_signed_out' },
    });
    const view = await signIn(k);
    k.clock.now = Date.now() + 61_000;
    expect(await ipc(k, 'link:open', { linkCode: 'ABCD-EFGH' })).toMatchObject({
      ok: false,
      error: { code: 'operator_locked' },
    });
    expect(await k.router.handle('operator:session', CONSOLE, {})).toEqual({
      ok: true,
      value: {
        signedIn: false,
        sub: view.sub,
        operatorName: view.operatorName,
        lockedAt: new Date(k.clock.now).toISOString(),
      },
    });
    expect(k.changes.at(-1)).toMatchObject({ signedIn: false, lockedAt: expect.any(String) });
    k.clock.now = undefined;
    await signIn(k);
    expect(await k.router.handle('operator:sign-out', CONSOLE, {})).toEqual({ ok: true, value: { signedIn: false } });
    expect(await ipc(k, 'link:open', { linkCode: 'ABCD-EFGH' })).toMatchObject({
      ok: false,
      error: { code: 'operator_signed_out' },
    });
  }, 60_000);

  it('tells the console whether the server has this kiosk registered and enabled (kiosk:status)', async () => {
    const k = await newKiosk();
    expect(await k.router.handle('kiosk:status', CONSOLE, {})).toEqual({
      ok: true,
      value: { registered: true, enabled: true, name: expect.any(String), operatorCount: 1 },
    });
    await server.ctx.registry.kiosks.setEnabled(k.kioskId, false);
    expect(await k.router.handle('kiosk:status', CONSOLE, {})).toMatchObject({
      ok: true,
      value: { registered: true, enabled: false },
    });
    const stranger = await makeKioskKeyPair();
    expect(
      await fetchKioskStatus(
        { serverUrl: server.url, kiosk: { id: 'not-registered-yet' } },
        stranger.publicJwk,
        stranger.privateKey,
      ),
    ).toEqual({ registered: false });
  }, 60_000);

  it('revokes the token at the server when the operator signs out, and when the kiosk locks', async () => {
    const k = await newKiosk();
    await signIn(k);
    const first = k.session.use().accessToken;
    expect(await userinfoStatus(first)).toBe(200);
    expect(await k.router.handle('operator:sign-out', CONSOLE, {})).toEqual({ ok: true, value: { signedIn: false } });
    expect(await userinfoStatus(first)).toBe(401);
    await signIn(k);
    const second = k.session.use().accessToken;
    const locked = await k.session.lock();
    expect(locked).toMatchObject({ signedIn: false, lockedAt: expect.any(String) });
    expect(await userinfoStatus(second)).toBe(401);
    expect(
      server.audit.events.filter(
        (e) => e.action === 'token-revocation' && e.clientId === `kiosk-${k.kioskId}` && e.revoked === true,
      ),
    ).toHaveLength(2);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'kiosk-operator-sign-out', kioskId: k.kioskId }),
    );
    expect(k.warnings).toEqual([]);
  }, 60_000);

  it('locks and signs out all the same when the server cannot be reached to revoke, logging it without the token', async () => {
    const other = await startTestServer();
    let closed = false;
    try {
      const k = await newKiosk(300, TEST_KIOSK_REDIRECT_URI, other);
      await signIn(k);
      const { accessToken } = k.session.use();
      await other.close();
      closed = true;
      const locked = await k.session.lock();
      expect(locked).toMatchObject({ signedIn: false, lockedAt: expect.any(String) });
      expect(k.changes.at(-1)).toEqual(locked);
      expect(await ipc(k, 'link:open', { linkCode: 'ABCD-EFGH' })).toMatchObject({
        ok: false,
        error: { code: 'operator_locked' },
      });
      expect(k.warnings).toHaveLength(1);
      expect(k.warnings[0]!.message).toMatch(/did not revoke/);
      expect(JSON.stringify(k.warnings)).not.toContain(accessToken);
    } finally {
      if (!closed) await other.close();
    }
  }, 90_000);

  it('tells the console when the session locks on its own, without waiting for a call', async () => {
    const k = await newKiosk(1);
    await signIn(k);
    expect(k.changes.at(-1)).toMatchObject({ signedIn: true });
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(k.changes.at(-1)).toMatchObject({ signedIn: false, lockedAt: expect.any(String) });
  }, 60_000);

  it("takes the sign-in's return at the browser stand-in's HTTP route, once", async () => {
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/operator/callback`;
    const k = await newKiosk(300, redirectUri);
    const route = operatorCallbackRoute(k.session, { redirectUri, after: `http://127.0.0.1:${port}/console` });
    const standIn = createServer((req, res) => {
      void route(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => standIn.listen(port, '127.0.0.1', resolve));
    try {
      const callbackUrl = await operatorReturnUrl(k);
      // Another host name for this machine (a page's DNS name rebound to it): not the callback's.
      const rebound = await new Promise<number>((resolve, reject) =>
        httpRequest(callbackUrl, { headers: { host: `rebound.example:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end(),
      );
      expect(rebound).toBe(404);
      // A return with another state is refused and leaves the operator's own sign-in waiting for its return.
      const forged = await fetch(callbackUrl.replace(/([?&]state=)[^&]+/, '$1forged'), { redirect: 'manual' });
      expect([forged.status, (await forged.text()).trim()]).toEqual([400, 'sign_in_failed']);
      const first = await fetch(callbackUrl, { redirect: 'manual' });
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe(`http://127.0.0.1:${port}/console`);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(k.session.view()).toMatchObject({ signedIn: true });
      const again = await fetch(callbackUrl, { redirect: 'manual' });
      expect([again.status, (await again.text()).trim()]).toEqual([400, 'sign_in_failed']);
      expect((await fetch(`http://127.0.0.1:${port}/elsewhere`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => standIn.close(resolve));
    }
  }, 60_000);

  it('refuses a return URL whose state does not match, and one with no sign-in started', async () => {
    const k = await newKiosk();
    await expect(k.session.completeSignIn(`${TEST_KIOSK_REDIRECT_URI}?code=abc&state=xyz`)).rejects.toMatchObject({
      code: 'sign_in_failed',
    });
    await k.router.handle('operator:sign-in', CONSOLE, {});
    await expect(k.session.completeSignIn(`${TEST_KIOSK_REDIRECT_URI}?code=abc&state=forged`)).rejects.toMatchObject({
      code: 'sign_in_failed',
    });
    expect(k.session.view()).toEqual({ signedIn: false });
  }, 60_000);

  it('answers a disabled kiosk with kiosk_disabled, and a server-side session end by locking', async () => {
    const k = await newKiosk();
    await signIn(k);
    await server.ctx.registry.kiosks.setEnabled(k.kioskId, false);
    expect(await ipc(k, 'link:open', { linkCode: 'ABCD-EFGH' })).toMatchObject({
      ok: false,
      error: { code: 'server_refused', serverCode: 'kiosk_disabled' },
    });
    await server.ctx.registry.kiosks.setEnabled(k.kioskId, true);
    expect(await ipc(k, 'link:open', { linkCode: 'ABCD-EFGH' })).toMatchObject({
      error: { serverCode: 'invalid_link_code' },
    });
  }, 60_000);

  it("locks when the server says the operator's session has ended (its idle time passed there)", async () => {
    const k = await newKiosk(3600);
    await signIn(k);
    // Server and kiosk share this process's clock: five minutes and more pass without a call.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 301_000 });
    try {
      const reply = await ipc(k, 'link:open', { linkCode: 'ABCD-EFGH' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'operator_locked' } });
      if (reply.ok) throw new Error('not locked');
      expect(['operator_session_expired', 'invalid_token']).toContain(reply.error.serverCode);
    } finally {
      vi.useRealTimers();
    }
    expect(k.session.view()).toMatchObject({ signedIn: false, lockedAt: expect.any(String) });
    expect(await ipc(k, 'link:open', { linkCode: 'ABCD-EFGH' })).toMatchObject({ error: { code: 'operator_locked' } });
  }, 60_000);
});
