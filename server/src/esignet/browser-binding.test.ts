import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_BINDING_COOKIE, SECURE_BROWSER_BINDING_COOKIE } from '../oidc/browser-binding.js';
import { transactionRef } from '../oidc/transaction.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
  API,
  authorizationRequest,
  registerClient,
  RESIDENTS,
  UiApiClient,
  type RegisteredClient,
} from './testing/ui-api-client.js';

let server: TestServer;
let client: RegisteredClient;

beforeAll(async () => {
  server = await startTestServer();
  client = await registerClient(server);
});
afterAll(async () => server?.close());

/** Another browser that learnt the victim's transaction id (from a log) and its oauth-details hash. */
async function intruderOf(victim: UiApiClient): Promise<UiApiClient> {
  const intruder = new UiApiClient(server.url);
  await intruder.fetchCsrf();
  intruder.transactionId = victim.transactionId;
  intruder.hash = victim.hash;
  return intruder;
}

describe('the UI transaction is bound to the browser that opened it', () => {
  it('refuses every step from another browser that holds the transaction id and hash, and the resident still signs in', async () => {
    const victim = new UiApiClient(server.url);
    await victim.oauthDetails(authorizationRequest(client));
    const intruder = await intruderOf(victim);
    const resident = RESIDENTS[1]!;

    const attempts = [
      await intruder.sendOtp(resident.individualId),
      await intruder.authenticateWithPin(resident.individualId, resident.pin),
      await intruder.claimDetails(),
      await intruder.authCode(['email']),
      await intruder.call('POST', `${API}/cancel`, { transactionId: victim.transactionId }),
    ];
    for (const r of attempts) {
      expect(r.response).toBeNull();
      expect(r.errors[0]?.errorCode).toBe('invalid_transaction');
    }

    expect((await victim.authenticateWithPin(resident.individualId, resident.pin)).response?.consentAction).toBe(
      'CAPTURE',
    );
    // Taking over after authentication is refused too.
    expect((await intruder.authCode(['email'])).errors[0]?.errorCode).toBe('invalid_transaction');
    const code = await victim.authCode(['email']);
    expect(code.response?.code).toEqual(expect.any(String));
  });

  it('refuses the same browser once it lost its cookie, and a forged cookie value', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    await ui.authenticateWithPin(RESIDENTS[0]!.individualId, RESIDENTS[0]!.pin);
    expect(ui.cookie(BROWSER_BINDING_COOKIE)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const csrfOnly = `XSRF-TOKEN=${ui.cookie('XSRF-TOKEN')!}`;
    const lost = await ui.claimDetails({ cookie: csrfOnly });
    expect(lost.errors[0]?.errorCode).toBe('invalid_transaction');
    const forged = await ui.claimDetails({ cookie: `${csrfOnly}; ${BROWSER_BINDING_COOKIE}=${'A'.repeat(43)}` });
    expect(forged.errors[0]?.errorCode).toBe('invalid_transaction');
    expect((await ui.claimDetails()).errors).toEqual([]);
  });

  it('lets two tabs of one browser sign in side by side with one cookie', async () => {
    const browser = new UiApiClient(server.url);
    await browser.oauthDetails(authorizationRequest(client));
    const first = { id: browser.transactionId, hash: browser.hash };
    const cookie = browser.cookie(BROWSER_BINDING_COOKIE);
    await browser.oauthDetails(authorizationRequest(client));
    expect(browser.cookie(BROWSER_BINDING_COOKIE)).toBe(cookie);
    const resident = RESIDENTS[2]!;
    expect((await browser.authenticateWithPin(resident.individualId, resident.pin)).errors).toEqual([]);
    browser.transactionId = first.id;
    browser.hash = first.hash;
    expect((await browser.authenticateWithPin(resident.individualId, resident.pin)).errors).toEqual([]);
  });

  it('sets the cookie HttpOnly and SameSite=Lax when /authorize hands over, and oauth-details keeps it', async () => {
    const ui = new UiApiClient(server.url);
    const request = authorizationRequest(client);
    const url = new URL(`${server.url}/authorize`);
    url.search = new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
      response_type: 'code',
      scope: request.scope,
      code_challenge: request.codeChallenge!,
      code_challenge_method: 'S256',
      acr_values: request.acrValues!,
    }).toString();
    const handover = await fetch(url, { redirect: 'manual' });
    expect(handover.status).toBe(303);
    const setCookie = handover.headers.getSetCookie().find((c) => c.startsWith(`${BROWSER_BINDING_COOKIE}=`));
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//i);
    const value = setCookie!.split(';')[0]!.split('=')[1]!;

    await ui.fetchCsrf();
    const details = await ui.call('POST', `${API}/v3/oauth-details`, request, {
      key: null,
      hash: null,
      cookie: `${ui.cookieHeader()}; ${BROWSER_BINDING_COOKIE}=${value}`,
    });
    expect(details.errors).toEqual([]);
    expect(details.headers.getSetCookie().some((c) => c.startsWith(`${BROWSER_BINDING_COOKIE}=`))).toBe(false);
  });

  it('names transactions in the audit trail by a digest, never by their id', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    await ui.authenticateWithPin(RESIDENTS[3]!.individualId, '000000');
    const trail = JSON.stringify(server.audit.events);
    expect(trail).not.toContain(ui.transactionId!);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'authenticate',
        outcome: 'failure',
        transactionRef: transactionRef(ui.transactionId!),
      }),
    );
    expect(transactionRef(ui.transactionId!)).not.toBe(transactionRef(`${ui.transactionId!}x`));
  });
});

/** /authorize for the client, without following the hand-over; its Set-Cookie lines. */
async function handOver(target: TestServer, registered: RegisteredClient, cookie?: string): Promise<string[]> {
  const request = authorizationRequest(registered);
  const url = new URL(`${target.url}/authorize`);
  url.search = new URLSearchParams({
    client_id: registered.clientId,
    redirect_uri: registered.redirectUri,
    response_type: 'code',
    scope: request.scope,
    code_challenge: request.codeChallenge!,
    code_challenge_method: 'S256',
    acr_values: request.acrValues!,
  }).toString();
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  expect(res.status).toBe(303);
  return res.headers.getSetCookie();
}

describe('the binding cookie’s name and flags follow the issuer’s scheme', () => {
  it('on a plain-http issuer: SIGNET-BROWSER, not Secure (a __Host- cookie needs https)', async () => {
    const setCookie = (await handOver(server, client)).find((c) => c.startsWith('SIGNET-BROWSER='));
    expect(setCookie).toBeDefined();
    expect(setCookie).not.toMatch(/; Secure/i);
    expect(BROWSER_BINDING_COOKIE).toBe('SIGNET-BROWSER');
  });

  describe('on an https issuer', () => {
    let secure: TestServer;
    let secureClient: RegisteredClient;
    beforeAll(async () => {
      // The issuer is only a string here: the test still speaks plain HTTP to the port.
      secure = await startTestServer({ issuer: 'https://id.signet.test' });
      secureClient = await registerClient(secure);
    });
    afterAll(async () => secure?.close());

    it('sets __Host-SIGNET-BROWSER, Secure, Path=/, no Domain, and binds the transaction to it', async () => {
      const setCookie = (await handOver(secure, secureClient)).filter((c) => c.includes('SIGNET-BROWSER='));
      expect(setCookie).toHaveLength(1);
      expect(setCookie[0]).toMatch(/^__Host-SIGNET-BROWSER=[A-Za-z0-9_-]{43}; /);
      expect(setCookie[0]).toMatch(/; Secure/i);
      expect(setCookie[0]).toMatch(/; Path=\/(;|$)/i);
      expect(setCookie[0]).not.toMatch(/; Domain=/i);
      expect(SECURE_BROWSER_BINDING_COOKIE).toBe('__Host-SIGNET-BROWSER');

      const ui = new UiApiClient(secure.url);
      await ui.oauthDetails(authorizationRequest(secureClient));
      expect(ui.cookie(SECURE_BROWSER_BINDING_COOKIE)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(ui.cookie(BROWSER_BINDING_COOKIE)).toBeUndefined();
      expect((await ui.authenticateWithPin(RESIDENTS[0]!.individualId, RESIDENTS[0]!.pin)).errors).toEqual([]);
    });

    it('ignores a SIGNET-BROWSER cookie the browser already had (planted by a sibling host or a plain-http page)', async () => {
      const planted = 'P'.repeat(43);
      const setCookie = await handOver(secure, secureClient, `SIGNET-BROWSER=${planted}`);
      expect(setCookie.some((c) => c.startsWith('__Host-SIGNET-BROWSER='))).toBe(true);

      const ui = new UiApiClient(secure.url);
      await ui.fetchCsrf();
      const details = await ui.oauthDetails(authorizationRequest(secureClient), {
        cookie: `${ui.cookieHeader()}; SIGNET-BROWSER=${planted}`,
      });
      expect(details.errors).toEqual([]);
      expect(ui.cookie(SECURE_BROWSER_BINDING_COOKIE)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(ui.cookie(SECURE_BROWSER_BINDING_COOKIE)).not.toBe(planted);
      // Whoever planted the value cannot use the transaction with it.
      const csrfOnly = `XSRF-TOKEN=${ui.cookie('XSRF-TOKEN')!}`;
      const resident = RESIDENTS[1]!;
      const r = await ui.authenticateWithPin(resident.individualId, resident.pin, {
        cookie: `${csrfOnly}; SIGNET-BROWSER=${planted}`,
      });
      expect(r.errors[0]?.errorCode).toBe('invalid_transaction');
      expect((await ui.authenticateWithPin(resident.individualId, resident.pin)).errors).toEqual([]);
    });
  });
});
