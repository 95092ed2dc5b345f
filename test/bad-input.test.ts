// Bad input against every transaction-API, admin and OAuth endpoint: malformed JSON, wrong
// content types, oversized bodies and random bodies (property-based) must get an error in the
// endpoint's error format — a 4xx, or HTTP 200 with errors[] on the login UI's API, as eSignet
// answers it —, never a 5xx, and the process must stay up.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthDetailsRequest } from '@signet-kiosk/shared/esignet';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '@signet-kiosk/server/testing';
import { EsignetUiDriver } from './support/esignet-ui-driver.js';
import { registerTestClient, type TestClient } from './support/test-client.js';

let server: TestServer;
let client: TestClient;
let headers: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ limits: { requestsPerMinutePerIp: 1_000_000 } });
  client = await registerTestClient(server);
  // A real transaction, so the random bodies meet valid CSRF and hash headers and reach the parsers.
  const driver = new EsignetUiDriver(server.url);
  const auth = await driver.authorize(
    `${server.url}/authorize?${new URLSearchParams({ client_id: client.clientId, redirect_uri: client.redirectUri, response_type: 'code', scope: 'openid', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`,
  );
  await driver.oauthDetailsFrom(auth.location!);
  const probe: Record<string, string> = {
    'oauth-details-key': driver.transactionId!,
    'oauth-details-hash': driver.hash!,
    cookie: driver.cookieHeader(),
  };
  if (driver.csrfToken) probe['X-XSRF-TOKEN'] = driver.csrfToken;
  headers = probe;
});
afterAll(async () => {
  await server?.close();
});

/** `ui-envelope`: the login UI's API, whose errors are HTTP 200 with errors[]. */
type Format = 'ui-envelope' | 'envelope' | 'oauth';
const ENDPOINTS: { method: string; path: string; format: Format; admin?: boolean }[] = [
  { method: 'POST', path: '/v1/esignet/authorization/v3/oauth-details', format: 'ui-envelope' },
  { method: 'POST', path: '/v1/esignet/authorization/send-otp', format: 'ui-envelope' },
  { method: 'POST', path: '/v1/esignet/authorization/v3/authenticate', format: 'ui-envelope' },
  { method: 'POST', path: '/v1/esignet/authorization/auth-code', format: 'ui-envelope' },
  { method: 'POST', path: '/v1/esignet/client-mgmt/client', format: 'envelope', admin: true },
  { method: 'PUT', path: '/v1/esignet/client-mgmt/client/some-client', format: 'envelope', admin: true },
  { method: 'PATCH', path: '/v1/esignet/client-mgmt/client/some-client', format: 'envelope', admin: true },
  { method: 'POST', path: '/v1/mock-identity-system/identity', format: 'envelope', admin: true },
  { method: 'PUT', path: '/v1/mock-identity-system/identity', format: 'envelope', admin: true },
  { method: 'POST', path: '/token', format: 'oauth' },
  { method: 'POST', path: '/v1/esignet/oauth/v2/token', format: 'oauth' },
];

async function send(
  e: (typeof ENDPOINTS)[number],
  body: string,
  contentType: string,
): Promise<{ status: number; json: unknown }> {
  const h: Record<string, string> = { ...headers, 'content-type': contentType };
  if (e.admin) h.authorization = `Bearer ${TEST_ADMIN_TOKEN}`;
  const res = await fetch(server.url + e.path, { method: e.method, headers: h, body });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

function expectErrorFormat(format: Format, r: { status: number; json: unknown }): void {
  if (format === 'ui-envelope') {
    expect(r.status, JSON.stringify(r.json)).toBe(200);
  } else {
    expect(r.status, JSON.stringify(r.json)).toBeGreaterThanOrEqual(400);
    expect(r.status, JSON.stringify(r.json)).toBeLessThan(500);
  }
  if (format !== 'oauth') {
    const env = r.json as { errors: { errorCode: string; errorMessage: string }[]; response: unknown };
    expect(env.response).toBeNull();
    expect(env.errors[0]!.errorCode).toMatch(/^[a-z_]+$/);
    expect(env.errors[0]!.errorMessage.length).toBeGreaterThan(0);
  } else {
    const err = r.json as { error: string; error_description: string };
    expect(err.error).toMatch(/^[a-z_]+$/);
    expect(err.error_description).toMatch(/^[\x20-\x7e]*$/);
  }
}

describe.each(ENDPOINTS)('$method $path', (e) => {
  const json = e.format === 'oauth' ? 'application/x-www-form-urlencoded' : 'application/json';

  it('answers malformed bodies with an error in its error format', async () => {
    expectErrorFormat(e.format, await send(e, '{"requestTime": "2026-', 'application/json'));
    expectErrorFormat(e.format, await send(e, 'not json at all', json));
  });

  it('answers a wrong content type with an error', async () => {
    expectErrorFormat(e.format, await send(e, '<xml/>', 'application/xml'));
    expectErrorFormat(e.format, await send(e, 'a=b', 'text/plain'));
  });

  it('refuses an oversized body (413, or payload_too_large on the login UI’s API)', async () => {
    const big =
      e.format === 'oauth'
        ? `code=${'a'.repeat(1_100_000)}`
        : JSON.stringify({ requestTime: new Date().toISOString(), request: { x: 'a'.repeat(1_100_000) } });
    const r = await send(e, big, json);
    if (e.format === 'ui-envelope')
      expect((r.json as { errors: { errorCode: string }[] }).errors[0]).toMatchObject({
        errorCode: 'invalid_request',
        reason: 'payload_too_large',
      });
    else expect(r.status).toBe(413);
  });

  it('answers random bodies with an error, never a 5xx', async () => {
    const bodies =
      e.format !== 'oauth'
        ? fc.oneof(
            fc.jsonValue().map((v) => JSON.stringify(v)),
            fc
              .record({
                requestTime: fc.oneof(fc.constant(new Date().toISOString()), fc.string()),
                request: fc.jsonValue(),
              })
              .map((v) => JSON.stringify(v)),
            fc.string(),
          )
        : fc.oneof(
            fc
              .dictionary(
                fc.constantFrom(
                  'grant_type',
                  'code',
                  'client_assertion',
                  'client_assertion_type',
                  'code_verifier',
                  'redirect_uri',
                  'client_id',
                  'x',
                ),
                fc.string(),
              )
              .map((d) => new URLSearchParams(d).toString()),
            fc.string(),
          );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        expectErrorFormat(e.format, await send(e, body, json));
      }),
      { numRuns: 40 },
    );
  });
});

describe('deeply nested claims', () => {
  const nested = (levels: number) =>
    `{"userinfo":{"name":{"essential":true,"value":${'['.repeat(levels)}${']'.repeat(levels)}}}}`;
  const authorizeParams = () => ({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });

  it('POST /authorize sends invalid_request back to the client, never a 5xx', async () => {
    const claims = nested(4_970); // just within the 10,000-character limit of the parameter
    const res = await fetch(`${server.url}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...authorizeParams(), claims }),
    });
    expect(res.status).toBe(303);
    const error = new URL(res.headers.get('location')!).searchParams;
    expect(error.get('error')).toBe('invalid_request');
    expect(error.get('error_description')).toContain('claims');
  });

  it.each([
    ['an object of 10,000 levels (20 KB)', nested(10_000)],
    ['JSON text', JSON.stringify(nested(4_970))],
  ])('oauth-details answers an error, never a 5xx, for claims as %s', async (_what, claimsJson) => {
    const q = authorizeParams();
    const request = {
      clientId: q.client_id,
      redirectUri: q.redirect_uri,
      responseType: q.response_type,
      scope: q.scope,
      codeChallenge: q.code_challenge,
      codeChallengeMethod: q.code_challenge_method,
    };
    // Spliced in as text: JSON.stringify of such an object overflows the test's own stack.
    const rawBody = `{"requestTime":"${new Date().toISOString()}","request":${JSON.stringify(request).slice(0, -1)},"claims":${claimsJson}}}`;
    const r = await new EsignetUiDriver(server.url).oauthDetails(request as OAuthDetailsRequest, { rawBody });
    expect(r.status).toBeLessThan(500);
    expect(r.response).toBeNull();
    expect(r.errors[0]!.errorCode).not.toBe('unknown_error');
  });
});

describe('the process after all that', () => {
  it('still serves discovery', async () => {
    const res = await fetch(`${server.url}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
  });
});
