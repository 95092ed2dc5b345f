import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  server = await startTestServer({ limits: { bodyBytes: 4096 } });
  client = await registerClient(server);
});
afterAll(async () => server?.close());

describe('transaction API plumbing', () => {
  it('answers a body over the limit with payload_too_large in the envelope', async () => {
    const ui = new UiApiClient(server.url);
    await ui.fetchCsrf();
    const r = await ui.call('POST', `${API}/v3/oauth-details`, {
      ...authorizationRequest(client),
      state: 'x'.repeat(5000),
    });
    expect(r.status).toBe(200);
    expect(r.errors).toEqual([
      { errorCode: 'invalid_request', reason: 'payload_too_large', errorMessage: expect.any(String) },
    ]);
  });

  it.each([
    ['malformed JSON', '{"requestTime": '],
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"hello"'],
    ['an empty object', '{}'],
  ])('answers %s with an error envelope', async (_name, rawBody) => {
    const ui = new UiApiClient(server.url);
    await ui.fetchCsrf();
    const r = await ui.call('POST', `${API}/v3/oauth-details`, undefined, { rawBody });
    expect(r.status).toBe(200);
    expect(r.response).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(['invalid_input', 'request_time_skew']).toContain(r.errors[0]!.reason ?? r.errors[0]!.errorCode);
  });

  it('answers a non-JSON content type with unsupported_media_type', async () => {
    const ui = new UiApiClient(server.url);
    await ui.fetchCsrf();
    const r = await ui.call('POST', `${API}/v3/oauth-details`, undefined, {
      rawBody: 'clientId=x',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(r.status).toBe(200);
    expect(r.errors[0]).toMatchObject({ errorCode: 'invalid_request', reason: 'unsupported_media_type' });
  });

  it('answers an unknown path under the API with a not_found envelope', async () => {
    const ui = new UiApiClient(server.url);
    const r = await ui.call('GET', `${API}/v9/nothing-here`);
    expect(r.status).toBe(200);
    expect(r.errors[0]).toMatchObject({ errorCode: 'invalid_request', reason: 'not_found' });
  });

  it.each([
    ['POST', '/v1/esignet/csrf/token'],
    ['PUT', '/v1/esignet/csrf/token'],
    ['POST', '/v1/esignet/linked-authorization/v2/oauth-details'],
    ['GET', '/v1/esignet/linked-authorization/link-status'],
    ['POST', '/v1/esignet/linked-authorization/not-mine'],
    ['GET', '/v1/esignet/linked-authorization'],
  ])('answers %s %s with a not_found envelope (HTTP 200), as the login UI needs', async (method, path) => {
    const res = await fetch(
      `${server.url}${path}`,
      method === 'GET' ? {} : { method, headers: { 'content-type': 'text/plain' }, body: 'x' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { response: unknown; errors: { errorCode: string; reason?: string }[] };
    expect(body.response).toBeNull();
    expect(body.errors).toEqual([
      { errorCode: 'invalid_request', reason: 'not_found', errorMessage: expect.any(String) },
    ]);
  });

  it('leaves paths outside its APIs alone', async () => {
    const res = await fetch(`${server.url}/v1/esignet/nothing-here`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type') ?? '').not.toContain('application/json');
  });
});

describe('per-IP rate limit', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ limits: { requestsPerMinutePerIp: 5 } });
  });
  afterAll(async () => limited?.close());

  it('answers too_many_requests in the envelope past the limit, csrf/token too', async () => {
    const ui = new UiApiClient(limited.url);
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await ui.call('GET', `${API}/claim-details`, undefined, { key: 'x', hash: 'y' });
      answers.push(`${r.status} ${r.errors[0]?.errorCode}`);
    }
    expect(answers).toEqual([
      ...Array<string>(5).fill('200 invalid_transaction'),
      '200 no_attempts_left',
      '200 no_attempts_left',
    ]);
    const csrf = await fetch(`${limited.url}/v1/esignet/csrf/token`);
    expect(csrf.status).toBe(200);
    expect(((await csrf.json()) as { errors: unknown[] }).errors[0]).toMatchObject({
      errorCode: 'no_attempts_left',
      reason: 'too_many_requests',
    });
  });

  it('leaves the health check the login UI polls out of it', async () => {
    for (let i = 0; i < 7; i++) await fetch(`${limited.url}/v1/esignet/csrf/token`);
    const health = await fetch(`${limited.url}/v1/esignet/actuator/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'UP' });
  });
});

describe('GET /v1/esignet/actuator/health', () => {
  it('answers UP as Spring Boot does, never cached', async () => {
    const res = await fetch(`${server.url}/v1/esignet/actuator/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'UP' });
    expect((await fetch(`${server.url}/v1/esignet/actuator/health`, { method: 'HEAD' })).status).toBe(200);
  });
});

// eSignet's login UI sends any HTTP 4xx/5xx to a dead-end error page; eSignet answers every error
// of the APIs that UI calls as HTTP 200 with errors[], and so do we.
describe('errors of the UI API', () => {
  let faulty: TestServer;
  beforeAll(async () => {
    faulty = await startTestServer();
    // An ID system that fails unexpectedly: the server has nothing better than unknown_error.
    faulty.ctx.authenticator.kycAuth = () => Promise.reject(new Error('the ID system is down'));
  });
  afterAll(async () => faulty?.close());

  const opened = async (s: TestServer = server) => {
    const ui = new UiApiClient(s.url);
    await ui.oauthDetails(authorizationRequest(s === server ? client : await registerClient(s)));
    return ui;
  };

  it.each([
    [
      'an unknown transaction',
      'invalid_transaction',
      async () => (await opened()).claimDetails({ key: 'B'.repeat(43) }),
    ],
    [
      'a wrong oauth-details-hash',
      'invalid_oauth_details_hash',
      async () => (await opened()).claimDetails({ hash: 'A'.repeat(43) }),
    ],
    ['a step out of order', 'invalid_transaction_state', async () => (await opened()).authCode([])],
    ['no CSRF token', 'invalid_csrf_token', async () => (await opened()).authCode([], [], { csrf: null })],
    [
      'a skewed requestTime',
      'request_time_skew',
      async () => (await opened()).authCode([], [], { requestTime: '2001-01-01T00:00:00.000Z' }),
    ],
    [
      'an unexpected failure',
      'unknown_error',
      async () => (await opened(faulty)).authenticateWithPin('2804195601', '482915'),
    ],
  ] as const)('answers %s as HTTP 200 with errors[] (%s)', async (_name, reason, call) => {
    const r = await call();
    expect(r.status).toBe(200);
    expect(r.response).toBeNull();
    expect(r.errors[0]?.reason ?? r.errors[0]?.errorCode).toBe(reason);
  });

  it('leaves real HTTP statuses to the OIDC endpoints and the admin APIs', async () => {
    const token = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code',
    });
    expect(token.status).toBe(401);
    const userinfo = await fetch(`${server.url}/userinfo`, { headers: { authorization: 'Bearer nope' } });
    expect(userinfo.status).toBe(401);
    const authorize = await fetch(`${server.url}/authorize?client_id=nobody&response_type=code`, {
      redirect: 'manual',
    });
    expect(authorize.status).toBe(400);
    const clientMgmt = await fetch(`${server.url}/v1/esignet/client-mgmt/client`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(clientMgmt.status).toBe(401);
  });
});
