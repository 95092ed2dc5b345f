import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsrfTokenResponseSchema } from '@signet-kiosk/shared/esignet';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
  API,
  authorizationRequest,
  registerClient,
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

describe('CSRF protection', () => {
  it('GET csrf/token answers the token in the body and sets it as a strict cookie', async () => {
    const ui = new UiApiClient(server.url);
    const res = await ui.fetchCsrf();
    expect(res.status).toBe(200);
    const body = CsrfTokenResponseSchema.parse(JSON.parse(res.text));
    expect(body).toEqual({ headerName: 'X-XSRF-TOKEN', parameterName: '_csrf', token: expect.any(String) });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='));
    expect(cookie).toContain(`XSRF-TOKEN=${body.token}`);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps the token a browser already holds (two tabs do not break each other)', async () => {
    const ui = new UiApiClient(server.url);
    await ui.fetchCsrf();
    const first = ui.csrfToken;
    await ui.fetchCsrf();
    expect(ui.csrfToken).toBe(first);
    expect(new UiApiClient(server.url).csrfToken).not.toBe(first);
  });

  it.each([
    ['no header', { csrf: null }],
    ['a wrong header', { csrf: 'A'.repeat(43) }],
    ['a header of another length', { csrf: 'short' }],
  ] as const)('refuses a POST with %s: invalid_csrf_token (HTTP 200, as eSignet’s UI needs)', async (_name, o) => {
    const ui = new UiApiClient(server.url);
    await ui.fetchCsrf();
    const r = await ui.call('POST', `${API}/v3/oauth-details`, authorizationRequest(client), o);
    expect(r.status).toBe(200);
    expect(r.response).toBeNull();
    expect(r.errors).toEqual([
      { errorCode: 'invalid_request', reason: 'invalid_csrf_token', errorMessage: expect.any(String) },
    ]);
  });

  it('refuses a POST whose header matches no cookie', async () => {
    const holder = new UiApiClient(server.url);
    await holder.fetchCsrf();
    const stranger = new UiApiClient(server.url);
    const r = await stranger.call('POST', `${API}/v3/oauth-details`, authorizationRequest(client), {
      csrf: holder.csrfToken,
    });
    expect(r.status).toBe(200);
    expect(r.errors[0]).toMatchObject({ errorCode: 'invalid_request', reason: 'invalid_csrf_token' });
  });

  it('guards every POST of the API, and audits the refusals', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    for (const path of ['/send-otp', '/v3/authenticate', '/v2/authenticate', '/auth-code']) {
      const r = await ui.call('POST', API + path, { transactionId: ui.transactionId }, { csrf: null });
      expect(r.status, path).toBe(200);
      expect(r.errors[0], path).toMatchObject({ errorCode: 'invalid_request', reason: 'invalid_csrf_token' });
    }
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'csrf',
        outcome: 'failure',
        errorCode: 'invalid_csrf_token',
        path: `${API}/auth-code`,
      }),
    );
  });
});
