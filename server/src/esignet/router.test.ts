import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { API, authorizationRequest, registerClient, UiApiClient, type RegisteredClient } from './testing/ui-api-client.js';

let server: TestServer;
let client: RegisteredClient;

beforeAll(async () => {
  server = await startTestServer({ limits: { bodyBytes: 4096 } });
  client = await registerClient(server);
});
afterAll(async () => server?.close());

describe('transaction API plumbing', () => {
  it('answers a body over the limit with 413 in the envelope', async () => {
    const ui = new UiApiClient(server.url);
    await ui.fetchCsrf();
    const r = await ui.call('POST', `${API}/v3/oauth-details`, { ...authorizationRequest(client), state: 'x'.repeat(5000) });
    expect(r.status).toBe(413);
    expect(r.errors).toEqual([{ errorCode: 'payload_too_large', errorMessage: expect.any(String) }]);
  });

  it.each([
    ['malformed JSON', '{"requestTime": '],
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"hello"'],
    ['an empty object', '{}'],
  ])('answers %s with a 4xx envelope', async (_name, rawBody) => {
    const ui = new UiApiClient(server.url);
    await ui.fetchCsrf();
    const r = await ui.call('POST', `${API}/v3/oauth-details`, undefined, { rawBody });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.response).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(['invalid_input', 'request_time_skew']).toContain(r.errors[0]!.errorCode);
  });

  it('answers a non-JSON content type with 415', async () => {
    const ui = new UiApiClient(server.url);
    await ui.fetchCsrf();
    const r = await ui.call('POST', `${API}/v3/oauth-details`, undefined, { rawBody: 'clientId=x', contentType: 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    expect(r.errors[0]?.errorCode).toBe('unsupported_media_type');
  });

  it('answers an unknown path under the API with a 404 envelope', async () => {
    const ui = new UiApiClient(server.url);
    const r = await ui.call('GET', `${API}/v9/nothing-here`);
    expect(r.status).toBe(404);
    expect(r.errors[0]?.errorCode).toBe('not_found');
  });

  it('leaves paths outside the API alone', async () => {
    const res = await fetch(`${server.url}/v1/esignet/linked-authorization/not-mine`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
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

  it('answers 429 in the envelope past the limit', async () => {
    const ui = new UiApiClient(limited.url);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await ui.call('GET', `${API}/claim-details`, undefined, { key: 'x', hash: 'y' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(last!.errors[0]?.errorCode).toBe('too_many_requests');
    const csrf = await fetch(`${limited.url}/v1/esignet/csrf/token`);
    expect(csrf.status).toBe(429);
    expect(((await csrf.json()) as { errors: { errorCode: string }[] }).errors[0]?.errorCode).toBe('too_many_requests');
  });
});
