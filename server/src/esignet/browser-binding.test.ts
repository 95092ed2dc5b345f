import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_BINDING_COOKIE } from '../oidc/browser-binding.js';
import { transactionRef } from '../oidc/transaction.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { API, authorizationRequest, registerClient, RESIDENTS, UiApiClient, type RegisteredClient } from './testing/ui-api-client.js';

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

    expect((await victim.authenticateWithPin(resident.individualId, resident.pin)).response?.consentAction).toBe('CAPTURE');
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
    const details = await ui.call('POST', `${API}/v3/oauth-details`, request, { key: null, hash: null, cookie: `${ui.cookieHeader()}; ${BROWSER_BINDING_COOKIE}=${value}` });
    expect(details.errors).toEqual([]);
    expect(details.headers.getSetCookie().some((c) => c.startsWith(`${BROWSER_BINDING_COOKIE}=`))).toBe(false);
  });

  it('names transactions in the audit trail by a digest, never by their id', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    await ui.authenticateWithPin(RESIDENTS[3]!.individualId, '000000');
    const trail = JSON.stringify(server.audit.events);
    expect(trail).not.toContain(ui.transactionId!);
    expect(server.audit.events).toContainEqual(expect.objectContaining({ action: 'authenticate', outcome: 'failure', transactionRef: transactionRef(ui.transactionId!) }));
    expect(transactionRef(ui.transactionId!)).not.toBe(transactionRef(`${ui.transactionId!}x`));
  });
});
