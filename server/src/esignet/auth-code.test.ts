import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimDetailsResponseSchema } from '@signet-kiosk/shared/esignet';
import { codeKey, type CodeGrant } from '../oidc/authorization-code.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
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

async function authenticated(
  resident: (typeof RESIDENTS)[number],
  overrides: Parameters<typeof authorizationRequest>[1] = {},
  rp = client,
) {
  const ui = new UiApiClient(server.url);
  const request = authorizationRequest(rp, overrides);
  expect((await ui.oauthDetails(request)).status).toBe(200);
  const r = await ui.authenticateWithPin(resident.individualId, resident.pin);
  expect(r.errors).toEqual([]);
  return { ui, request, consentAction: r.response!.consentAction };
}

describe('GET claim-details', () => {
  it('answers what the consent screen shows', async () => {
    const { ui } = await authenticated(RESIDENTS[0]);
    const r = await ui.claimDetails();
    expect(r.status).toBe(200);
    const details = ClaimDetailsResponseSchema.parse(r.response);
    expect(details).toMatchObject({
      transactionId: ui.transactionId,
      consentAction: 'CAPTURE',
      profileUpdateRequired: false,
      essentialClaims: ['email'],
      authorizeScopes: [],
    });
    expect(details.claimStatus).toContainEqual({ claim: 'email', essential: true, verified: false, available: true });
    expect(details.claimStatus).toContainEqual({
      claim: 'phone_number',
      essential: false,
      verified: false,
      available: true,
    });
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'claim-details',
        outcome: 'success',
        transactionRef: transactionRef(ui.transactionId!),
      }),
    );
  });
});

describe('POST auth-code', () => {
  it('refuses before authentication (invalid_transaction_state)', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    const r = await ui.authCode(['email']);
    expect(r.status).toBe(200);
    expect(r.errors[0]).toMatchObject({ errorCode: 'invalid_transaction', reason: 'invalid_transaction_state' });
  });

  it('issues one code with the callback URL built from the registered redirect URI; a second call is refused', async () => {
    const { ui, request } = await authenticated(RESIDENTS[0]);
    const r = await ui.authCode(['email', 'name']);
    expect(r.status).toBe(200);
    expect(r.errors).toEqual([]);
    const { code, state, nonce, redirectUri, redirectUrl } = r.response!;
    expect(state).toBe(request.state);
    expect(nonce).toBe(request.nonce);
    expect(redirectUri).toBe(client.redirectUri);
    const url = new URL(redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://rp.example.org/callback');
    expect(url.searchParams.get('tenant')).toBe('a');
    expect(url.searchParams.get('code')).toBe(code);
    expect(url.searchParams.get('state')).toBe(request.state);
    expect(url.searchParams.get('iss')).toBe(server.config.issuer);

    const grant = await server.ctx.transactions.get<CodeGrant>(codeKey(code));
    expect(grant).toMatchObject({
      clientId: client.clientId,
      redirectUri: client.redirectUri,
      codeChallenge: request.codeChallenge,
      nonce: request.nonce,
      acr: 'mosip:idp:acr:static-code',
      amr: ['pin'],
    });
    expect(grant?.acceptedClaims.sort()).toEqual(['email', 'name']);
    expect(grant?.scopes).toEqual(['openid', 'profile']);

    const again = await ui.authCode(['email']);
    expect(again.status).toBe(200);
    expect(again.response).toBeNull();
    expect(again.errors[0]).toMatchObject({ errorCode: 'invalid_transaction', reason: 'invalid_transaction_state' });
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'auth-code',
        outcome: 'success',
        transactionRef: transactionRef(ui.transactionId!),
        clientId: client.clientId,
        factors: ['PIN'],
      }),
    );
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'auth-code',
        outcome: 'failure',
        errorCode: 'invalid_transaction_state',
        transactionRef: transactionRef(ui.transactionId!),
      }),
    );
  });

  it('issues exactly one code when two calls race', async () => {
    const { ui } = await authenticated(RESIDENTS[1]);
    const results = await Promise.all(Array.from({ length: 5 }, () => ui.authCode(['email'])));
    expect(results.filter((r) => r.response?.code).length).toBe(1);
    for (const r of results.filter((x) => !x.response))
      expect(['invalid_transaction', 'invalid_transaction_state']).toContain(r.errors[0]?.errorCode);
  });

  it('always releases the essential claims, even when not listed', async () => {
    const { ui } = await authenticated(RESIDENTS[2]);
    const r = await ui.authCode([]);
    const grant = await server.ctx.transactions.get<CodeGrant>(codeKey(r.response!.code));
    expect(grant?.acceptedClaims).toEqual(['email']);
  });

  it('refuses an accepted claim that was not requested, and a scope that was not asked for', async () => {
    const { ui } = await authenticated(RESIDENTS[3]);
    const claim = await ui.authCode(['email', 'address']);
    expect(claim.status).toBe(200);
    expect(claim.errors).toEqual([
      { errorCode: 'invalid_accepted_claim', errorMessage: expect.stringContaining('address') },
    ]);
    const scope = await ui.authCode(['email'], ['wallet']);
    expect(scope.errors[0]?.errorCode).toBe('invalid_permitted_scope');
    // The refusals did not use up the transaction.
    expect((await ui.authCode(['email'])).response?.code).toEqual(expect.any(String));
  });
});

describe('consent', () => {
  it('is remembered: the same request by the same resident skips the consent screen (NOCAPTURE) and releases what was accepted', async () => {
    const rp = await registerClient(server);
    const first = await authenticated(RESIDENTS[4], {}, rp);
    expect(first.consentAction).toBe('CAPTURE');
    await first.ui.authCode(['email', 'given_name']);

    const second = await authenticated(RESIDENTS[4], {}, rp);
    expect(second.consentAction).toBe('NOCAPTURE');
    expect((await second.ui.claimDetails()).response?.consentAction).toBe('NOCAPTURE');
    const r = await second.ui.authCode([]);
    const grant = await server.ctx.transactions.get<CodeGrant>(codeKey(r.response!.code));
    expect(grant?.acceptedClaims.sort()).toEqual(['email', 'given_name']);

    // prompt=consent always asks.
    const forced = await authenticated(RESIDENTS[4], { prompt: 'consent' }, rp);
    expect(forced.consentAction).toBe('CAPTURE');
    // A different request asks again.
    const changed = await authenticated(
      RESIDENTS[4],
      { claims: { userinfo: { email: { essential: true }, birthdate: { essential: true } } } },
      rp,
    );
    expect(changed.consentAction).toBe('CAPTURE');
    // Another resident has not consented.
    expect((await authenticated(RESIDENTS[5], {}, rp)).consentAction).toBe('CAPTURE');
  });

  it('expires after the client consent_expire_in_mins', async () => {
    const rp = await registerClient(server, {
      additionalConfig: {
        userinfo_response_type: 'JWS',
        consent_expire_in_mins: 5,
        require_pushed_authorization_requests: false,
        dpop_bound_access_tokens: false,
        require_pkce: true,
      },
    });
    const first = await authenticated(RESIDENTS[0], {}, rp);
    await first.ui.authCode(['email']);
    const txn = await server.ctx.transactions.get<{ sub: string }>(`txn:${first.ui.transactionId}`);
    const consent = await server.ctx.registry.consents.get(rp.clientId, txn!.sub);
    expect(Date.parse(consent!.expiresAt!) - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(Date.parse(consent!.expiresAt!) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    expect((await authenticated(RESIDENTS[0], {}, rp)).consentAction).toBe('NOCAPTURE');

    await server.ctx.registry.consents.put({ ...consent!, expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect((await authenticated(RESIDENTS[0], {}, rp)).consentAction).toBe('CAPTURE');
  });
});
