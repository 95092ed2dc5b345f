import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientCreate } from '@signet-kiosk/shared/esignet';
import { registerClient, type RegisteredClient } from '../esignet/testing/ui-api-client.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import type { AuthorizationParams } from './authorization-params.js';
import { AuthorizationRequestError } from './authorization-request-error.js';
import { validateAuthorizationRequest } from './authorization-request.js';

let server: TestServer;
const REDIRECTS = ['https://rp.example.org/cb', 'https://rp.example.org/cb?tenant=b'];
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const settings = (s: Partial<ClientCreate['additionalConfig']>): Pick<ClientCreate, 'additionalConfig'> => ({
  additionalConfig: {
    userinfo_response_type: 'JWS',
    consent_expire_in_mins: 0,
    require_pushed_authorization_requests: false,
    dpop_bound_access_tokens: false,
    require_pkce: true,
    ...s,
  },
});
let clean: RegisteredClient;
let jweParDpop: RegisteredClient;
let parDpop: RegisteredClient;
let dpop: RegisteredClient;
let walletOnly: RegisteredClient;

beforeAll(async () => {
  server = await startTestServer();
  clean = await registerClient(server, { redirectUris: REDIRECTS });
  jweParDpop = await registerClient(server, {
    redirectUris: REDIRECTS,
    ...settings({
      userinfo_response_type: 'JWE',
      require_pushed_authorization_requests: true,
      dpop_bound_access_tokens: true,
    }),
  });
  parDpop = await registerClient(server, {
    redirectUris: REDIRECTS,
    ...settings({ require_pushed_authorization_requests: true, dpop_bound_access_tokens: true }),
  });
  dpop = await registerClient(server, { redirectUris: REDIRECTS, ...settings({ dpop_bound_access_tokens: true }) });
  // An ACR whose factor (WLA) the mock ID system does not verify.
  walletOnly = await registerClient(server, {
    redirectUris: REDIRECTS,
    authContextRefs: ['mosip:idp:acr:linked-wallet'],
  });
});
afterAll(async () => server?.close());

type Outcome = [error: string, description: string, esignetCode: string, redirectable: boolean];

async function outcome(params: AuthorizationParams): Promise<Outcome | 'valid'> {
  try {
    await validateAuthorizationRequest(server.ctx, params);
    return 'valid';
  } catch (e) {
    if (!(e instanceof AuthorizationRequestError)) throw e;
    // A redirectable error goes back to the requested redirect URI, echoing state.
    if (e.redirectable) expect([e.redirectUri, e.state]).toEqual([params.redirect_uri, params.state]);
    else expect([e.redirectUri, e.state]).toEqual([undefined, undefined]);
    return [e.error, e.message, e.esignetCode, e.redirectable];
  }
}

describe('validateAuthorizationRequest', () => {
  it('reports the faults of a request one at a time, in a fixed order, each with its own error and description', async () => {
    // A request with every fault; each step expects the first fault left, then repairs it.
    let params: AuthorizationParams = {
      redirect_uri: undefined,
      state: 'st-1',
      request: 'eyJ.request.object',
      request_uri: 'urn:example:request',
      response_type: 'token',
      response_mode: 'fragment',
      scope: undefined,
      code_challenge: undefined,
      code_challenge_method: 'plain',
      prompt: 'none bogus',
      max_age: '-1',
      display: 'tv',
      claims: '{not json',
    };
    const steps: [Outcome, (p: AuthorizationParams) => AuthorizationParams][] = [
      [
        ['invalid_request', 'client_id is missing', 'invalid_client_id', false],
        (p) => ({ ...p, client_id: 'no-such-client' }),
      ],
      [
        ['invalid_request', 'client_id is not a registered, active client', 'invalid_client_id', false],
        (p) => ({ ...p, client_id: jweParDpop.clientId }),
      ],
      [
        [
          'invalid_request',
          'redirect_uri is missing and the client has several registered',
          'invalid_redirect_uri',
          false,
        ],
        (p) => ({ ...p, redirect_uri: 'https://rp.example.org/cb?tenant=c' }),
      ],
      [
        ['invalid_request', 'redirect_uri is not registered for this client', 'invalid_redirect_uri', false],
        (p) => ({ ...p, redirect_uri: REDIRECTS[1] }),
      ],
      [
        [
          'unauthorized_client',
          'the client asks for encrypted userinfo but has registered no encryption key',
          'invalid_client_id',
          true,
        ],
        (p) => ({ ...p, client_id: parDpop.clientId }),
      ],
      [
        [
          'unauthorized_client',
          'the client requires pushed authorization requests, which this server does not support',
          'invalid_client_id',
          true,
        ],
        (p) => ({ ...p, client_id: dpop.clientId }),
      ],
      [
        [
          'unauthorized_client',
          'the client requires DPoP-bound access tokens, which this server does not support',
          'invalid_client_id',
          true,
        ],
        (p) => ({ ...p, client_id: walletOnly.clientId }),
      ],
      [
        ['request_not_supported', 'the request parameter is not supported', 'invalid_request', true],
        (p) => ({ ...p, request: undefined }),
      ],
      [
        ['request_uri_not_supported', 'the request_uri parameter is not supported', 'invalid_request', true],
        (p) => ({ ...p, request_uri: undefined }),
      ],
      [
        ['unsupported_response_type', 'response_type must be code', 'invalid_response_type', true],
        (p) => ({ ...p, response_type: 'code' }),
      ],
      [
        ['invalid_request', 'response_mode must be query', 'invalid_request', true],
        (p) => ({ ...p, response_mode: 'query' }),
      ],
      [
        ['invalid_scope', 'scope is missing', 'invalid_scope', true],
        (p) => ({ ...p, scope: 'openid  wallet profile offline_access' }),
      ],
      [
        ['invalid_scope', 'unsupported scope: wallet offline_access', 'invalid_scope', true],
        (p) => ({ ...p, scope: 'profile email' }),
      ],
      [
        ['invalid_scope', 'scope must include openid', 'invalid_scope', true],
        (p) => ({ ...p, scope: 'openid profile email' }),
      ],
      [
        ['invalid_request', 'PKCE is required: code_challenge is missing', 'use_pkce', true],
        (p) => ({ ...p, code_challenge: 'short' }),
      ],
      [
        ['invalid_request', 'code_challenge_method must be S256', 'unsupported_pkce_challenge_method', true],
        (p) => ({ ...p, code_challenge_method: 'S256' }),
      ],
      [
        ['invalid_request', 'code_challenge must be 43 base64url characters', 'invalid_pkce_challenge', true],
        (p) => ({ ...p, code_challenge: CHALLENGE }),
      ],
      [
        ['invalid_request', 'prompt has an unknown value', 'invalid_request', true],
        (p) => ({ ...p, prompt: 'none login' }),
      ],
      [
        ['invalid_request', 'prompt=none cannot be combined with other values', 'invalid_request', true],
        (p) => ({ ...p, prompt: 'login consent' }),
      ],
      [
        ['invalid_request', 'max_age must be a non-negative integer', 'invalid_request', true],
        (p) => ({ ...p, max_age: '0' }),
      ],
      [
        ['invalid_request', 'display has an unknown value', 'invalid_request', true],
        (p) => ({ ...p, display: 'touch' }),
      ],
      [
        ['invalid_request', 'claims is not valid JSON', 'invalid_claim', true],
        (p) => ({ ...p, claims: '{"userinfo": 5}' }),
      ],
      [
        [
          'invalid_request',
          'claims is not a valid claims request: Invalid input: expected record, received number',
          'invalid_claim',
          true,
        ],
        (p) => ({ ...p, claims: '{"userinfo": {"email": {"essential": true}}}' }),
      ],
      [
        [
          'invalid_request',
          'none of the client authentication contexts is supported by the ID system',
          'invalid_acr',
          true,
        ],
        (p) => ({ ...p, client_id: clean.clientId }),
      ],
    ];
    for (const [expected, repair] of steps) {
      expect(await outcome(params)).toEqual(expected);
      params = repair(params);
    }
    expect(await outcome(params)).toBe('valid');
  });

  it('refuses an unknown client before anything else, and never redirects it', async () => {
    expect(
      await outcome({ client_id: 'no-such-client', redirect_uri: REDIRECTS[0], state: 's', response_type: 'token' }),
    ).toEqual(['invalid_request', 'client_id is not a registered, active client', 'invalid_client_id', false]);
  });

  it('takes the only registered redirect URI when none is sent', async () => {
    const single = await registerClient(server);
    const request = await validateAuthorizationRequest(server.ctx, {
      client_id: single.clientId,
      response_type: 'code',
      scope: 'openid',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    expect(request.redirectUri).toBe(single.redirectUri);
  });

  it('answers the validated request: scopes once each, the ACRs asked and allowed, the claims the client may receive', async () => {
    const request = await validateAuthorizationRequest(server.ctx, {
      client_id: clean.clientId,
      redirect_uri: REDIRECTS[1],
      response_type: 'code',
      response_mode: 'query',
      scope: 'openid email openid profile',
      state: 'st',
      nonce: 'n',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      prompt: 'login consent',
      max_age: '300',
      acr_values: 'mosip:idp:acr:biometrics mosip:idp:acr:generated-code unknown-acr',
      claims: JSON.stringify({
        userinfo: { email: { essential: true }, address: null },
        id_token: { birthdate: { essential: true }, gender: { essential: false } },
      }),
      claims_locales: 'khm eng',
      ui_locales: 'en',
      display: 'page',
      login_hint: 'hint',
      id_token_hint: 'eyJ.hint',
      unknown_parameter: 'ignored',
    });
    expect(request).toEqual({
      clientId: clean.clientId,
      relyingPartyId: `rp-${clean.clientId}`,
      redirectUri: REDIRECTS[1],
      scopes: ['openid', 'email', 'profile'],
      state: 'st',
      nonce: 'n',
      codeChallenge: CHALLENGE,
      codeChallengeMethod: 'S256',
      prompt: ['login', 'consent'],
      maxAge: 300,
      acrValues: ['mosip:idp:acr:generated-code'],
      authFactors: [[{ type: 'OTP', count: 0, subTypes: null }]],
      claims: {
        userinfo: { email: { essential: true }, address: null },
        id_token: { birthdate: { essential: true }, gender: { essential: false } },
      },
      claimsLocales: ['khm', 'eng'],
      uiLocales: ['en'],
      display: 'page',
      loginHint: 'hint',
      idTokenHint: 'eyJ.hint',
      essentialClaims: ['email', 'birthdate'],
      voluntaryClaims: ['name', 'family_name', 'given_name', 'gender'],
      authorizeScopes: [],
      credentialScopes: [],
    });
  });

  it("falls back to the client's usable ACRs when none of those asked is allowed", async () => {
    const request = await validateAuthorizationRequest(server.ctx, {
      client_id: clean.clientId,
      redirect_uri: REDIRECTS[0],
      response_type: 'code',
      scope: 'openid',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      acr_values: 'mosip:idp:acr:biometrics',
    });
    expect(request.acrValues).toEqual(['mosip:idp:acr:static-code', 'mosip:idp:acr:generated-code']);
    expect(request.authFactors).toEqual([
      [{ type: 'PIN', count: 0, subTypes: null }],
      [{ type: 'OTP', count: 0, subTypes: null }],
    ]);
    expect(request.voluntaryClaims).toEqual([]);
  });
});
