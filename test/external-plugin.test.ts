// An ID-system plugin from outside the server's source does all that the built-in one does with
// the plugin SDK alone: test/plugins/example-id-system.ts (lint holds it to
// `@signet-kiosk/server/plugin`), named by its file path in the configuration as a deployment
// names its plugin, serves an admin API behind the admin token in the eSignet envelope, with
// errors from the catalogue, and signs residents in to a certified relying-party library.
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuthenticator, PluginLoadError } from '@signet-kiosk/server/plugin';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '@signet-kiosk/server/testing';
import { ADMIN_PATH } from './plugins/example-id-system.js';
import { EsignetUiDriver } from './support/esignet-ui-driver.js';
import { registerTestClient } from './support/test-client.js';

const EXAMPLE_PLUGIN = fileURLToPath(new URL('./plugins/example-id-system.ts', import.meta.url));
const RESIDENT = { individualId: '4455667788', pin: '135790', name: 'Malis Chea', email: 'malis.chea@example.org' };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ authenticator: EXAMPLE_PLUGIN });
});
afterAll(async () => {
  await server?.close();
});

/** Calls the plugin's admin API as an operator would. */
async function admin(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token: string | null = TEST_ADMIN_TOKEN,
): Promise<{ status: number; json: { response: unknown; errors: { errorCode: string; errorMessage: string }[] } }> {
  const res = await fetch(`${server.url}${ADMIN_PATH}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as never };
}

const envelope = (request: unknown) => ({ requestTime: new Date().toISOString(), request });

describe('an ID-system plugin built on the plugin SDK alone', () => {
  it('is loaded from its file path named in the configuration, and its signing key is published', async () => {
    expect(server.config.authenticator).toBe(EXAMPLE_PLUGIN);
    expect(server.ctx.authenticator.name).toBe('example-id-system');
    const { keys } = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    const [pluginKey] = await server.ctx.authenticator.signingKeys();
    expect(keys.map((k) => k.kid)).toContain(pluginKey!.kid);
  });

  it('serves its admin API behind the admin token, in the eSignet envelope, with errors from the catalogue', async () => {
    expect(await admin('POST', '/', envelope(RESIDENT), null)).toMatchObject({
      status: 401,
      json: { response: null, errors: [{ errorCode: 'unauthorized' }] },
    });
    expect(await admin('POST', '/', envelope(RESIDENT), 'not-the-admin-token-at-all')).toMatchObject({
      status: 401,
      json: { errors: [{ errorCode: 'unauthorized' }] },
    });
    const malformed = await admin('POST', '/', envelope({ ...RESIDENT, pin: '12' }));
    expect(malformed).toMatchObject({
      status: 400,
      json: { response: null, errors: [{ errorCode: 'invalid_input' }] },
    });
    expect(malformed.json.errors[0]!.errorMessage).toContain('must be 6 digits');
    expect(await admin('POST', '/', { requestTime: '2020-01-01T00:00:00.000Z', request: RESIDENT })).toMatchObject({
      status: 400,
      json: { errors: [{ errorCode: 'request_time_skew' }] },
    });
    expect(await admin('GET', `/${RESIDENT.individualId}`)).toMatchObject({
      status: 404,
      json: { errors: [{ errorCode: 'not_found', errorMessage: 'No resident with this individualId.' }] },
    });

    expect(await admin('POST', '/', envelope(RESIDENT))).toMatchObject({
      status: 200,
      json: { response: { individualId: RESIDENT.individualId }, errors: [] },
    });
    expect(await admin('POST', '/', envelope(RESIDENT))).toMatchObject({
      status: 400,
      json: {
        errors: [{ errorCode: 'invalid_input', errorMessage: 'A resident with this individualId exists already.' }],
      },
    });
    expect(await admin('GET', `/${RESIDENT.individualId}`)).toMatchObject({
      status: 200,
      json: { response: { individualId: RESIDENT.individualId, name: RESIDENT.name, email: RESIDENT.email } },
    });
  });

  it('signs a resident in with a PIN, and its signed userinfo reaches the relying party', async () => {
    await admin('POST', '/', envelope(RESIDENT)); // added here too, in case this test runs alone
    const client = await registerTestClient(server, { userClaims: ['name', 'email'] });
    const config = await oidc.discovery(
      new URL(server.url),
      client.clientId,
      { id_token_signed_response_alg: 'ES256' },
      oidc.PrivateKeyJwt(client.privateKey, {
        [oidc.modifyAssertion]: (header) => void (header.kid = client.publicJwk.kid),
      }),
      { execute: [oidc.allowInsecureRequests] },
    );
    oidc.enableNonRepudiationChecks(config);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: client.redirectUri,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });

    const wrong = new EsignetUiDriver(server.url);
    await expect(wrong.signIn(url, RESIDENT.individualId, { type: 'PIN', pin: '000000' })).rejects.toThrow(
      /authenticate failed: .*"errorCode":"auth_failed"/,
    );
    const unknown = new EsignetUiDriver(server.url);
    await expect(unknown.signIn(url, '1000000001', { type: 'PIN', pin: RESIDENT.pin })).rejects.toThrow(
      /authenticate failed: .*"errorCode":"auth_failed"/,
    );

    const callback = await new EsignetUiDriver(server.url).signIn(url, RESIDENT.individualId, {
      type: 'PIN',
      pin: RESIDENT.pin,
    });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), {
      pkceCodeVerifier: verifier,
      idTokenExpected: true,
    });
    const sub = tokens.claims()!.sub;
    expect(tokens.claims()!.acr).toBe('mosip:idp:acr:static-code');
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    expect(userinfo).toMatchObject({ sub, name: RESIDENT.name, email: RESIDENT.email });

    // Signed by the plugin's own key, as published in the server's JWKS.
    const jws = await (
      await fetch(`${server.url}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    ).text();
    const [pluginKey] = await server.ctx.authenticator.signingKeys();
    expect(decodeProtectedHeader(jws).kid).toBe(pluginKey!.kid);
    const jwks = createLocalJWKSet((await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as never);
    const { payload } = await jwtVerify(jws, jwks, { issuer: server.url, audience: client.clientId, subject: sub });
    expect(payload.name).toBe(RESIDENT.name);
  });

  it("refuses options that do not match its schema, through the server's own loader, with a readable message", async () => {
    const context = {
      dataDir: server.config.dataDir,
      demo: true,
      issuer: server.url,
      adminToken: TEST_ADMIN_TOKEN,
      logger: pino({ level: 'silent' }),
    };
    const refused = loadAuthenticator(EXAMPLE_PLUGIN, context, { kycTokenTtlSeconds: -5 });
    await expect(refused).rejects.toBeInstanceOf(PluginLoadError);
    await expect(refused).rejects.toThrow(
      `authenticator plugin "${EXAMPLE_PLUGIN}" failed to start: example-id-system options:\n✖ Too small: expected number to be >0\n  → at kycTokenTtlSeconds`,
    );
    const plugin = await loadAuthenticator(EXAMPLE_PLUGIN, context, { kycTokenTtlSeconds: 60 });
    expect(plugin.supportedAuthFactors()).toEqual(['PIN']);
  });
});
