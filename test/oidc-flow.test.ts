// Full OIDC flows with openid-client v6, a certified relying-party library, against a real
// server: discovery, private_key_jwt, PKCE, nonce, claims parameter, non-repudiation checks on
// the ID token, signed and encrypted userinfo; the login driven through the transaction API.
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@signet-kiosk/server/testing';
import { EsignetUiDriver } from './support/esignet-ui-driver.js';
import { DEMO_RESIDENTS } from './support/demo-residents.js';
import { registerTestClient, type TestClient } from './support/test-client.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function relyingParty(
  client: TestClient,
  metadata: Partial<oidc.ClientMetadata> = {},
): Promise<oidc.Configuration> {
  const config = await oidc.discovery(
    new URL(server.url),
    client.clientId,
    { id_token_signed_response_alg: 'ES256', ...metadata },
    oidc.PrivateKeyJwt(client.privateKey, {
      [oidc.modifyAssertion]: (header) => void (header.kid = client.publicJwk.kid),
    }),
    { execute: [oidc.allowInsecureRequests] },
  );
  oidc.enableNonRepudiationChecks(config);
  return config;
}

interface Login {
  tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  driver: EsignetUiDriver;
}

async function login(
  config: oidc.Configuration,
  client: TestClient,
  factor: Parameters<EsignetUiDriver['signIn']>[2],
  extra: Record<string, string> = {},
  driver = new EsignetUiDriver(server.url),
): Promise<Login> {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: client.redirectUri,
    scope: 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
    claims: JSON.stringify({
      userinfo: { name: { essential: true }, phone_number: null },
      id_token: { acr: { essential: true } },
    }),
    ...extra,
  });
  const resident = DEMO_RESIDENTS.pin;
  const callback = await driver.signIn(url, resident.individualId, factor);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), {
    pkceCodeVerifier: verifier,
    expectedNonce: nonce,
    expectedState: state,
    idTokenExpected: true,
  });
  return { tokens, driver };
}

describe('discovery', () => {
  it('publishes the metadata certified clients and the conformance suite require', async () => {
    const res = await fetch(`${server.url}/.well-known/openid-configuration`);
    const meta = (await res.json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(server.url);
    expect(meta.response_types_supported).toEqual(['code']);
    expect(meta.subject_types_supported).toEqual(['pairwise']);
    expect(meta.id_token_signing_alg_values_supported).toContain('RS256');
    expect(meta.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt']);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    expect(meta.claims_parameter_supported).toBe(true);
    const as = (await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(as.issuer).toBe(server.url);
  });

  it('publishes a JWKS where every key has a distinct kid, use sig and alg', async () => {
    const { keys } = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(keys.length).toBeGreaterThanOrEqual(4);
    for (const k of keys) {
      expect(k.use).toBe('sig');
      expect(typeof k.alg).toBe('string');
      expect(typeof k.kid).toBe('string');
      expect(k.d).toBeUndefined();
    }
    expect(new Set(keys.map((k) => k.kid)).size).toBe(keys.length);
  });
});

describe('authorization code flow with openid-client', () => {
  it('signs a resident in with a PIN and returns a verified ID token and signed userinfo', async () => {
    const client = await registerTestClient(server);
    const config = await relyingParty(client);
    const { tokens } = await login(config, client, { type: 'PIN', pin: DEMO_RESIDENTS.pin.pin });
    const claims = tokens.claims()!;
    expect(claims.iss).toBe(server.url);
    expect(claims.aud).toBe(client.clientId);
    expect(claims.acr).toBe('mosip:idp:acr:static-code');
    expect(claims.amr).toEqual(['pin']);
    expect(typeof claims.auth_time).toBe('number');
    expect(typeof claims.at_hash).toBe('string');
    expect(claims.sub).not.toContain(DEMO_RESIDENTS.pin.individualId);
    expect(tokens.token_type).toBe('bearer');
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo.sub).toBe(claims.sub);
    expect(userinfo.name).toBe(DEMO_RESIDENTS.pin.nameEng);
    expect(userinfo.email).toBeDefined();
  });

  it('signs a resident in with an OTP read from the demo outbox', async () => {
    const client = await registerTestClient(server);
    const config = await relyingParty(client);
    const { tokens } = await login(config, client, { type: 'OTP' });
    const claims = tokens.claims()!;
    expect(claims.acr).toBe('mosip:idp:acr:generated-code');
    expect(claims.amr).toEqual(['otp']);
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo.name).toBe(DEMO_RESIDENTS.pin.nameEng);
  });

  it('encrypts userinfo to the client key as a nested JWE that openid-client decrypts', async () => {
    const client = await registerTestClient(server, { encryptUserinfo: true });
    const config = await relyingParty(client);
    oidc.enableDecryptingResponses(config, ['A256GCM'], {
      key: client.encryption!.privateKey,
      kid: client.encryption!.publicJwk.kid as string,
    });
    const { tokens } = await login(config, client, { type: 'PIN', pin: DEMO_RESIDENTS.pin.pin });
    const raw = await fetch(`${server.url}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(raw.headers.get('content-type')).toMatch(/^application\/jwt/);
    expect((await raw.text()).split('.')).toHaveLength(5);
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(userinfo.name).toBe(DEMO_RESIDENTS.pin.nameEng);
  });

  it('gives the same resident a different sub at each relying party, and the same sub twice at one', async () => {
    const a = await registerTestClient(server);
    const b = await registerTestClient(server);
    const ca = await relyingParty(a);
    const cb = await relyingParty(b);
    const pin = { type: 'PIN' as const, pin: DEMO_RESIDENTS.pin.pin };
    const subA1 = (await login(ca, a, pin)).tokens.claims()!.sub;
    const subA2 = (await login(ca, a, pin)).tokens.claims()!.sub;
    const subB = (await login(cb, b, pin)).tokens.claims()!.sub;
    expect(subA1).toBe(subA2);
    expect(subB).not.toBe(subA1);
  });

  it('signs ID tokens with RS256 for a client that registers it', async () => {
    const client = await registerTestClient(server, {
      alg: 'RS256',
      additionalConfig: { id_token_signed_response_alg: 'RS256' },
    });
    const config = await relyingParty(client, { id_token_signed_response_alg: 'RS256' });
    const { tokens } = await login(config, client, { type: 'PIN', pin: DEMO_RESIDENTS.pin.pin });
    const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()) as {
      alg: string;
      kid: string;
    };
    expect(header.alg).toBe('RS256');
    expect(header.kid).toMatch(/^rs256-/);
  });

  it('completes prompt=none from the SSO session, and answers login_required without one', async () => {
    const client = await registerTestClient(server);
    const config = await relyingParty(client);
    const { driver, tokens } = await login(config, client, { type: 'PIN', pin: DEMO_RESIDENTS.pin.pin });
    const firstAuthTime = tokens.claims()!.auth_time;

    const verifier = oidc.randomPKCECodeVerifier();
    const params = {
      redirect_uri: client.redirectUri,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'silent',
      prompt: 'none',
      claims: JSON.stringify({
        userinfo: { name: { essential: true }, phone_number: null },
        id_token: { acr: { essential: true } },
      }),
    };
    const silent = await driver.authorize(oidc.buildAuthorizationUrl(config, params));
    expect(silent.status).toBe(303);
    const callback = new URL(silent.location!);
    expect(callback.searchParams.get('iss')).toBe(server.url);
    expect(callback.searchParams.get('code')).toBeTruthy();
    const silentTokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: 'silent',
    });
    expect(silentTokens.claims()!.auth_time).toBe(firstAuthTime);

    const stranger = await new EsignetUiDriver(server.url).authorize(oidc.buildAuthorizationUrl(config, params));
    const denied = new URL(stranger.location!);
    expect(denied.searchParams.get('error')).toBe('login_required');
    expect(denied.searchParams.get('state')).toBe('silent');
    expect(denied.searchParams.get('iss')).toBe(server.url);

    await new Promise((r) => setTimeout(r, 1100));
    const old = new URL(
      (await driver.authorize(oidc.buildAuthorizationUrl(config, { ...params, max_age: '0' }))).location!,
    );
    expect(old.searchParams.get('error')).toBe('login_required');
  });

  it('redirects to the login UI with the validated parameters, with iss on the final callback', async () => {
    const client = await registerTestClient(server);
    const config = await relyingParty(client);
    const driver = new EsignetUiDriver(server.url);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: client.redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 's1',
      ui_locales: 'km en',
      unknown_param: 'ignored',
    });
    const auth = await driver.authorize(url);
    const login = new URL(auth.location!);
    expect(`${login.origin}${login.pathname}`).toBe(`${server.url}/login`);
    expect(login.searchParams.get('client_id')).toBe(client.clientId);
    expect(login.searchParams.get('ui_locales')).toBe('km en');
    const callback = new URL(
      await driver.signIn(url, DEMO_RESIDENTS.pin.individualId, { type: 'PIN', pin: DEMO_RESIDENTS.pin.pin }),
    );
    expect(`${callback.origin}${callback.pathname}`).toBe('https://rp.example.org/callback');
    expect(callback.searchParams.get('state')).toBe('s1');
    expect(callback.searchParams.get('iss')).toBe(server.url);
    const idToken = decodeJwt(
      (await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 's1' }))
        .id_token!,
    );
    expect(idToken.nonce).toBeUndefined();
  });
});
