import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
  API,
  authorizationRequest,
  registerClient,
  RESIDENTS,
  UiApiClient,
  type RegisteredClient,
} from './testing/ui-api-client.js';
import { transactionRef } from '../oidc/transaction.js';

let server: TestServer;
let client: RegisteredClient;

beforeAll(async () => {
  server = await startTestServer();
  client = await registerClient(server);
});
afterAll(async () => server?.close());

const cancel = (ui: UiApiClient, reason?: 'login' | 'consent') =>
  ui.call<{ redirectUrl: string }>('POST', `${API}/cancel`, {
    transactionId: ui.transactionId,
    ...(reason ? { reason } : {}),
  });

describe('POST cancel', () => {
  it('answers the server-built callback with access_denied, state and iss, and ends the transaction', async () => {
    const ui = new UiApiClient(server.url);
    const request = authorizationRequest(client, { state: 'st-cancel' });
    await ui.oauthDetails(request);
    await ui.authenticateWithPin(RESIDENTS[0]!.individualId, RESIDENTS[0]!.pin);
    const r = await cancel(ui, 'consent');
    expect(r.status).toBe(200);
    const url = new URL(r.response!.redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe(new URL(request.redirectUri!).toString().split('?')[0]);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('error_description')).toBe('the resident declined to share the requested information');
    expect(url.searchParams.get('state')).toBe('st-cancel');
    expect(url.searchParams.get('iss')).toBe(server.url);
    const after = await ui.authCode([]);
    expect(after.errors[0]?.errorCode).toBe('invalid_transaction');
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'cancel',
        outcome: 'success',
        transactionRef: transactionRef(ui.transactionId!),
      }),
    );
  });

  it('can cancel before authentication', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    const r = await cancel(ui);
    expect(new URL(r.response!.redirectUrl).searchParams.get('error_description')).toBe(
      'the resident cancelled the sign-in',
    );
  });

  it('refuses once the code was issued, and keeps the transaction', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    await ui.authenticateWithPin(RESIDENTS[0]!.individualId, RESIDENTS[0]!.pin);
    expect((await ui.authCode(['email'])).status).toBe(200);
    const r = await cancel(ui);
    expect(r.errors[0]).toMatchObject({ errorCode: 'invalid_transaction', reason: 'invalid_transaction_state' });
    const again = await cancel(ui);
    expect(again.errors[0]).toMatchObject({ errorCode: 'invalid_transaction', reason: 'invalid_transaction_state' });
  });

  it('needs the CSRF token and the hash header like every other step', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    expect((await ui.call('POST', `${API}/cancel`, { transactionId: ui.transactionId }, { csrf: null })).status).toBe(
      200,
    );
    expect(
      (await ui.call('POST', `${API}/cancel`, { transactionId: ui.transactionId }, { hash: 'wrong' })).errors[0],
    ).toMatchObject({ errorCode: 'invalid_request', reason: 'invalid_oauth_details_hash' });
  });
});
