// Negative cases of the standard endpoints, each with its exact expected error: redirect URI,
// PKCE, codes, client assertions, userinfo tokens.
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { SignJWT, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '@signet-kiosk/server/testing';
import { EsignetUiDriver } from './support/esignet-ui-driver.js';
import { DEMO_RESIDENTS } from './support/demo-residents.js';
import { registerTestClient, type TestClient } from './support/test-client.js';

let server: TestServer;
let client: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  // A registered query must be kept exactly, and the callback must preserve it.
  client = await registerTestClient(server, { redirectUri: 'https://rp.example.org/callback?tenant=a' });
});
afterAll(async () => {
  await server?.close();
});

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function authorizeUrl(base: string, params: Record<string, string | undefined>): string {
  const url = new URL('/authorize', base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = oidc.randomPKCECodeVerifier();
  return { verifier, challenge: await oidc.calculatePKCECodeChallenge(verifier) };
}

function validParams(c: TestClient, challenge: string): Record<string, string> {
  return {
    client_id: c.clientId,
    redirect_uri: c.redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    state: 'st-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
}

/** A fresh authorization code for c, obtained through a real PIN sign-in. */
async function freshCode(c: TestClient = client): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = await pkce();
  const callback = new URL(
    await new EsignetUiDriver(server.url).signIn(
      authorizeUrl(server.url, validParams(c, challenge)),
      DEMO_RESIDENTS.pin.individualId,
      { type: 'PIN', pin: DEMO_RESIDENTS.pin.pin },
    ),
  );
  return { code: callback.searchParams.get('code')!, verifier };
}

interface AssertionOptions {
  key?: CryptoKey;
  alg?: string;
  kid?: string;
  aud?: string | string[];
  iss?: string;
  exp?: number;
  iat?: number;
  jti?: string;
}

async function assertion(c: TestClient, o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: o.jti ?? randomBytes(12).toString('base64url') })
    .setProtectedHeader({ alg: o.alg ?? c.alg, kid: o.kid ?? (c.publicJwk.kid as string) })
    .setIssuer(o.iss ?? c.clientId)
    .setSubject(o.iss ?? c.clientId)
    .setAudience(o.aud ?? server.url)
    .setIssuedAt(o.iat ?? now)
    .setExpirationTime(o.exp ?? now + 60)
    .sign(o.key ?? c.privateKey);
}

async function token(
  body: Record<string, string>,
): Promise<{ status: number; json: Record<string, string>; headers: Headers }> {
  const res = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, string>, headers: res.headers };
}

async function exchange(
  code: string,
  verifier: string,
  clientAssertion?: string,
  c: TestClient = client,
): Promise<{ status: number; json: Record<string, string>; headers: Headers }> {
  return token({
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: c.redirectUri,
    client_assertion_type: JWT_BEARER,
    client_assertion: clientAssertion ?? (await assertion(c)),
  });
}

describe('authorization endpoint', () => {
  it('shows an error page, never a redirect, for an unregistered redirect URI', async () => {
    const { challenge } = await pkce();
    const res = await fetch(
      authorizeUrl(server.url, { ...validParams(client, challenge), redirect_uri: 'https://evil.example.net/cb' }),
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('redirect_uri is not registered');
  });

  it('matches redirect URIs exactly, query included', async () => {
    const { challenge } = await pkce();
    const res = await fetch(
      authorizeUrl(server.url, { ...validParams(client, challenge), redirect_uri: 'https://rp.example.org/callback' }),
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('shows an error page for an unknown client', async () => {
    const { challenge } = await pkce();
    const res = await fetch(authorizeUrl(server.url, { ...validParams(client, challenge), client_id: 'nobody' }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  const redirectedError = async (params: Record<string, string | undefined>) => {
    const res = await fetch(authorizeUrl(server.url, params), { redirect: 'manual' });
    expect(res.status).toBe(303);
    const loc = new URL(res.headers.get('location')!);
    expect(`${loc.origin}${loc.pathname}`).toBe('https://rp.example.org/callback');
    expect(loc.searchParams.get('iss')).toBe(server.url);
    expect(loc.searchParams.get('state')).toBe('st-1');
    expect(loc.searchParams.get('tenant')).toBe('a');
    return { error: loc.searchParams.get('error'), description: loc.searchParams.get('error_description') };
  };

  it('redirects invalid_request when PKCE is missing', async () => {
    const { challenge } = await pkce();
    expect(
      await redirectedError({
        ...validParams(client, challenge),
        code_challenge: undefined,
        code_challenge_method: undefined,
      }),
    ).toEqual({ error: 'invalid_request', description: 'PKCE is required: code_challenge is missing' });
  });

  it('redirects invalid_request for the plain PKCE method', async () => {
    const { verifier } = await pkce();
    expect(await redirectedError({ ...validParams(client, verifier), code_challenge_method: 'plain' })).toEqual({
      error: 'invalid_request',
      description: 'code_challenge_method must be S256',
    });
  });

  it('rejects request and request_uri instead of ignoring them', async () => {
    const { challenge } = await pkce();
    expect((await redirectedError({ ...validParams(client, challenge), request: 'eyJ.eyJ.sig' })).error).toBe(
      'request_not_supported',
    );
    expect(
      (await redirectedError({ ...validParams(client, challenge), request_uri: 'https://rp.example.org/r' })).error,
    ).toBe('request_uri_not_supported');
  });

  it('redirects unsupported_response_type and invalid_scope', async () => {
    const { challenge } = await pkce();
    expect((await redirectedError({ ...validParams(client, challenge), response_type: 'token' })).error).toBe(
      'unsupported_response_type',
    );
    expect((await redirectedError({ ...validParams(client, challenge), scope: 'profile' })).error).toBe(
      'invalid_scope',
    );
  });
});

describe('token endpoint', () => {
  it('rejects a wrong PKCE verifier with invalid_grant', async () => {
    const { code } = await freshCode();
    const r = await exchange(code, oidc.randomPKCECodeVerifier());
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      error: 'invalid_grant',
      error_description: 'code_verifier does not match the code_challenge',
    });
  });

  it('refuses a reused code and revokes the tokens issued from it', async () => {
    const { code, verifier } = await freshCode();
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const before = await fetch(`${server.url}/userinfo`, {
      headers: { authorization: `Bearer ${first.json.access_token}` },
    });
    expect(before.status).toBe(200);
    const second = await exchange(code, verifier);
    expect(second.status).toBe(400);
    expect(second.json.error).toBe('invalid_grant');
    expect(second.json.error_description).toBe(
      'the authorization code has already been used; tokens issued from it are revoked',
    );
    const after = await fetch(`${server.url}/userinfo`, {
      headers: { authorization: `Bearer ${first.json.access_token}` },
    });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses an expired code', async () => {
    const short = await startTestServer({ ttl: { authCode: 1 } });
    try {
      const c = await registerTestClient(short);
      const { verifier, challenge } = await pkce();
      const callback = new URL(
        await new EsignetUiDriver(short.url).signIn(
          authorizeUrl(short.url, validParams(c, challenge)),
          DEMO_RESIDENTS.pin.individualId,
          { type: 'PIN', pin: DEMO_RESIDENTS.pin.pin },
        ),
      );
      await new Promise((r) => setTimeout(r, 1200));
      const now = Math.floor(Date.now() / 1000);
      const a = await new SignJWT({ jti: randomBytes(8).toString('hex') })
        .setProtectedHeader({ alg: 'ES256', kid: c.publicJwk.kid as string })
        .setIssuer(c.clientId)
        .setSubject(c.clientId)
        .setAudience(short.url)
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(c.privateKey);
      const res = await fetch(`${short.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code')!,
          code_verifier: verifier,
          redirect_uri: c.redirectUri,
          client_assertion_type: JWT_BEARER,
          client_assertion: a,
        }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'the authorization code is invalid or has expired',
      });
    } finally {
      await short.close();
    }
  });

  it('refuses a code issued to another client', async () => {
    const other = await registerTestClient(server);
    const { code, verifier } = await freshCode();
    const r = await exchange(code, verifier, await assertion(other), { ...other, redirectUri: client.redirectUri });
    expect(r.json).toEqual({
      error: 'invalid_grant',
      error_description: 'the authorization code was issued to another client',
    });
  });

  describe('client assertion', () => {
    const cases: [string, () => Promise<string>, string][] = [
      [
        'a wrong aud',
        () => assertion(client, { aud: 'https://someone-else.example.org' }),
        'client_assertion claim check failed: aud',
      ],
      [
        'an expired assertion',
        () => assertion(client, { iat: Math.floor(Date.now() / 1000) - 600, exp: Math.floor(Date.now() / 1000) - 300 }),
        'client_assertion has expired',
      ],
      [
        'a future iat',
        () => assertion(client, { iat: Math.floor(Date.now() / 1000) + 120 }),
        'client_assertion iat is in the future',
      ],
      [
        'an exp too far ahead',
        () => assertion(client, { exp: Math.floor(Date.now() / 1000) + 3600 }),
        'client_assertion exp is too far in the future',
      ],
      ['an unknown kid', () => assertion(client, { kid: 'not-the-key' }), 'client_assertion kid is not the client key'],
      [
        'alg none',
        async () =>
          `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: client.clientId, sub: client.clientId, aud: server.url, exp: Math.floor(Date.now() / 1000) + 60, jti: 'x1' })).toString('base64url')}.`,
        'client_assertion alg must be an asymmetric signature algorithm',
      ],
      [
        'alg HS256',
        () =>
          new SignJWT({ jti: 'h1' })
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer(client.clientId)
            .setSubject(client.clientId)
            .setAudience(server.url)
            .setIssuedAt()
            .setExpirationTime('1m')
            .sign(new TextEncoder().encode('a-shared-secret-that-must-not-work!!')),
        'client_assertion alg must be an asymmetric signature algorithm',
      ],
      [
        'a payload that is not an object',
        async () => 'eyJhbGciOiJFUzI1NiJ9.bnVsbA.AAAA',
        'client_assertion is not a JWT',
      ],
      [
        'another key',
        async () => assertion(client, { key: (await generateKeyPair('ES256')).privateKey }),
        'client_assertion signature is not valid for the client key',
      ],
      [
        'a key of another client',
        async () => {
          const other = await registerTestClient(server);
          return assertion(client, { key: other.privateKey });
        },
        'client_assertion signature is not valid for the client key',
      ],
    ];
    for (const [name, make, description] of cases) {
      it(`answers 401 invalid_client for ${name}`, async () => {
        const { code, verifier } = await freshCode();
        const r = await exchange(code, verifier, await make());
        expect(r.status).toBe(401);
        expect(r.json).toEqual({ error: 'invalid_client', error_description: description });
      });
    }

    it('answers 401 invalid_client for a replayed jti', async () => {
      const a = await assertion(client, { jti: 'replay-me' });
      const first = await freshCode();
      expect((await exchange(first.code, first.verifier, a)).status).toBe(200);
      const second = await freshCode();
      const r = await exchange(second.code, second.verifier, a);
      expect(r.status).toBe(401);
      expect(r.json).toEqual({
        error: 'invalid_client',
        error_description: 'client_assertion jti has been used before',
      });
    });

    it('accepts the token endpoint URL as aud', async () => {
      const { code, verifier } = await freshCode();
      expect((await exchange(code, verifier, await assertion(client, { aud: `${server.url}/token` }))).status).toBe(
        200,
      );
    });

    it('requires private_key_jwt', async () => {
      const r = await token({
        grant_type: 'authorization_code',
        code: 'x',
        client_id: client.clientId,
        client_secret: 'secret',
      });
      expect(r.status).toBe(401);
      expect(r.json.error).toBe('invalid_client');
    });
  });
});

describe('userinfo endpoint', () => {
  it('answers 401 with WWW-Authenticate for an unknown token and for none', async () => {
    const bad = await fetch(`${server.url}/userinfo`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const none = await fetch(`${server.url}/userinfo`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('refuses an expired access token', async () => {
    const short = await startTestServer({ ttl: { accessToken: 1 } });
    try {
      const c = await registerTestClient(short);
      const { verifier, challenge } = await pkce();
      const callback = new URL(
        await new EsignetUiDriver(short.url).signIn(
          authorizeUrl(short.url, validParams(c, challenge)),
          DEMO_RESIDENTS.pin.individualId,
          { type: 'PIN', pin: DEMO_RESIDENTS.pin.pin },
        ),
      );
      const now = Math.floor(Date.now() / 1000);
      const a = await new SignJWT({ jti: randomBytes(8).toString('hex') })
        .setProtectedHeader({ alg: 'ES256', kid: c.publicJwk.kid as string })
        .setIssuer(c.clientId)
        .setSubject(c.clientId)
        .setAudience(short.url)
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(c.privateKey);
      const res = await fetch(`${short.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code')!,
          code_verifier: verifier,
          redirect_uri: c.redirectUri,
          client_assertion_type: JWT_BEARER,
          client_assertion: a,
        }),
      });
      const { access_token } = (await res.json()) as { access_token: string };
      await new Promise((r) => setTimeout(r, 1200));
      const ui = await fetch(`${short.url}/userinfo`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(ui.status).toBe(401);
      expect(ui.headers.get('www-authenticate')).toContain('error="invalid_token"');
    } finally {
      await short.close();
    }
  });
});

describe('userinfo for a resident the ID system no longer holds', () => {
  const IDENTITY = '/v1/mock-identity-system/identity';
  const admin = (method: string, path: string, request?: unknown) =>
    fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(request === undefined ? {} : { body: JSON.stringify({ requestTime: new Date().toISOString(), request }) }),
    });

  it('answers 401 invalid_token with WWW-Authenticate, not a body-parsing error', async () => {
    const resident = { individualId: '7700445566', pin: '864209', fullName: [{ language: 'eng', value: 'Rith Pen' }] };
    expect((await admin('POST', IDENTITY, resident)).status).toBe(200);
    const { verifier, challenge } = await pkce();
    const callback = new URL(
      await new EsignetUiDriver(server.url).signIn(
        authorizeUrl(server.url, validParams(client, challenge)),
        resident.individualId,
        { type: 'PIN', pin: resident.pin },
      ),
    );
    const tokens = await exchange(callback.searchParams.get('code')!, verifier);
    expect(tokens.status).toBe(200);
    expect((await admin('DELETE', `${IDENTITY}/${resident.individualId}`)).status).toBe(200);

    const res = await fetch(`${server.url}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.json.access_token}` },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(((await res.json()) as { error: string }).error).toBe('invalid_token');
  });
});

describe('client registration gaps', () => {
  it('redirects unauthorized_client when a client asks for encrypted userinfo without an encryption key', async () => {
    const c = await registerTestClient(server, { additionalConfig: { userinfo_response_type: 'JWE' } });
    const { challenge } = await pkce();
    const res = await fetch(authorizeUrl(server.url, { ...validParams(c, challenge) }), { redirect: 'manual' });
    const loc = new URL(res.headers.get('location')!);
    expect(loc.searchParams.get('error')).toBe('unauthorized_client');
    expect(loc.searchParams.get('error_description')).toBe(
      'the client asks for encrypted userinfo but has registered no encryption key',
    );
  });

  it('redirects unauthorized_client for a client stored with a setting this server does not enforce (PAR, DPoP)', async () => {
    for (const [setting, what] of [
      ['require_pushed_authorization_requests', 'pushed authorization requests'],
      ['dpop_bound_access_tokens', 'DPoP-bound access tokens'],
    ] as const) {
      const c = await registerTestClient(server, { additionalConfig: { [setting]: true } });
      const { challenge } = await pkce();
      const res = await fetch(authorizeUrl(server.url, validParams(c, challenge)), { redirect: 'manual' });
      const loc = new URL(res.headers.get('location')!);
      expect(loc.searchParams.get('error')).toBe('unauthorized_client');
      expect(loc.searchParams.get('error_description')).toContain(what);
    }
  });
});
