import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthDetailsResponseSchema } from '@signet-kiosk/shared/esignet';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
  API,
  authorizationRequest,
  registerClient,
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

describe('POST v3/oauth-details', () => {
  it('opens a transaction and answers what the login UI needs', async () => {
    const ui = new UiApiClient(server.url);
    const r = await ui.oauthDetails(authorizationRequest(client));
    expect(r.status).toBe(200);
    expect(r.errors).toEqual([]);
    const details = OAuthDetailsResponseSchema.parse(r.response);
    expect(details.transactionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(details.clientName).toEqual({ '@none': 'Health Portal', khm: 'វិបផតថលសុខភាព' });
    expect(details.logoUrl).toBe('https://rp.example.org/logo.png');
    expect(details.authFactors).toEqual([
      [{ type: 'PIN', count: 0, subTypes: null }],
      [{ type: 'OTP', count: 0, subTypes: null }],
    ]);
    expect(details.essentialClaims).toEqual(['email']);
    expect(details.voluntaryClaims).toEqual(expect.arrayContaining(['name', 'given_name', 'phone_number']));
    expect(details.voluntaryClaims).not.toContain('email');
    expect(details.authorizeScopes).toEqual([]);
    expect(details.credentialScopes).toEqual([]);
    expect(details.redirectUri).toBe(client.redirectUri);
    expect(details.configs).toMatchObject({
      'send-otp.channels': 'email,phone',
      'send.otp.channels': 'email,phone',
      'sbi.env': 'Developer',
      'otp.length': 6,
    });
    expect(details.configs['consent.screen.timeout-in-secs']).toBe(600);
    expect(details.configs['linked-transaction-expire-in-secs']).toBe(600);
    expect(details.configs['resend-otp.delay-in-secs']).toBeGreaterThan(0);
  });

  it('stores the hash the UI computes, whether it hashes the response as received or with keys sorted', async () => {
    const ui = new UiApiClient(server.url);
    const r = await ui.oauthDetails(authorizationRequest(client));
    const asReceived = JSON.stringify((JSON.parse(ui.detailsText!) as { response: unknown }).response);
    const sortDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]),
            )
          : v;
    const b64 = (s: string) => createHash('sha256').update(s).digest('base64url');
    expect(b64(JSON.stringify(sortDeep(r.response)))).toBe(b64(asReceived));
    const stored = await server.ctx.transactions.get<{ oauthDetailsHash: string }>(`txn:${ui.transactionId}`);
    expect(stored?.oauthDetailsHash).toBe(b64(asReceived));
    const later = await ui.claimDetails();
    // The hash is accepted (the refusal is about the stage, not the hash).
    expect(later.errors[0]).toMatchObject({ errorCode: 'invalid_transaction', reason: 'invalid_transaction_state' });
  });

  it('accepts the v2 path, nulls for absent fields, claims as JSON text and maxAge as text', async () => {
    const ui = new UiApiClient(server.url);
    await ui.fetchCsrf();
    const r = await ui.call('POST', `${API}/v2/oauth-details`, {
      ...authorizationRequest(client),
      display: null,
      prompt: null,
      nonce: null,
      state: null,
      idTokenHint: null,
      maxAge: '300',
      claims: JSON.stringify({ id_token: { name: { essential: true } } }),
    });
    expect(r.status).toBe(200);
    expect(r.response?.essentialClaims).toEqual(['name']);
  });

  it.each([
    ['an unknown client', { clientId: 'no-such-client' }, 'invalid_client_id', 'invalid_client_id'],
    [
      'an unregistered redirect URI',
      { redirectUri: 'https://evil.example.org/cb' },
      'invalid_redirect_uri',
      'invalid_redirect_uri',
    ],
    ['response_type token', { responseType: 'token' }, 'invalid_response_type', 'invalid_response_type'],
    ['an unknown scope', { scope: 'openid wallet' }, 'invalid_scope', 'invalid_scope'],
    ['no PKCE', { codeChallenge: null, codeChallengeMethod: null }, 'invalid_pkce_challenge', 'use_pkce'],
    [
      'plain PKCE',
      { codeChallengeMethod: 'plain' },
      'unsupported_pkce_challenge_method',
      'unsupported_pkce_challenge_method',
    ],
    ['a malformed PKCE challenge', { codeChallenge: 'short' }, 'invalid_pkce_challenge', 'invalid_pkce_challenge'],
    ['a malformed claims request', { claims: '{not json' }, 'invalid_claim', 'invalid_claim'],
    ['a negative maxAge', { maxAge: -1 }, 'invalid_input', 'invalid_input'],
  ] as const)('refuses %s', async (_name, override, sent, errorCode) => {
    const ui = new UiApiClient(server.url);
    const r = await ui.oauthDetails(authorizationRequest(client, override));
    expect(r.status).toBe(200);
    expect(r.response).toBeNull();
    expect(r.errors).toEqual([
      { errorCode: sent, errorMessage: expect.any(String), ...(sent === errorCode ? {} : { reason: errorCode }) },
    ]);
    expect(r.errors[0]!.errorMessage).not.toBe(errorCode);
  });

  it('refuses a requestTime more than 2 minutes off, or missing', async () => {
    const ui = new UiApiClient(server.url);
    await ui.fetchCsrf();
    const old = new Date(Date.now() - 3 * 60_000).toISOString();
    const skewed = await ui.call('POST', `${API}/v3/oauth-details`, authorizationRequest(client), { requestTime: old });
    expect(skewed.status).toBe(200);
    expect(skewed.errors[0]).toMatchObject({ errorCode: 'invalid_request', reason: 'request_time_skew' });
    const missing = await ui.call('POST', `${API}/v3/oauth-details`, undefined, {
      rawBody: JSON.stringify({ request: authorizationRequest(client) }),
    });
    expect(missing.errors[0]).toMatchObject({ errorCode: 'invalid_request', reason: 'request_time_skew' });
  });

  it('audits the opened transaction and the refusals', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'oauth-details',
        outcome: 'success',
        transactionRef: transactionRef(ui.transactionId!),
        clientId: client.clientId,
        durationMs: expect.any(Number),
      }),
    );
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'oauth-details',
        outcome: 'failure',
        errorCode: 'use_pkce',
        clientId: client.clientId,
      }),
    );
  });
});
