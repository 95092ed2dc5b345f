import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
  API,
  authorizationRequest,
  readOtp,
  registerClient,
  RESIDENTS,
  UiApiClient,
  type RegisteredClient,
  ourErrorCode,
} from './testing/ui-api-client.js';
import { transactionRef } from '../oidc/transaction.js';
import { StoreFullError } from '../stores/kv-store.js';

let server: TestServer;
let client: RegisteredClient;

beforeAll(async () => {
  server = await startTestServer();
  client = await registerClient(server);
});
afterAll(async () => server?.close());

async function opened(overrides: Parameters<typeof authorizationRequest>[1] = {}): Promise<UiApiClient> {
  const ui = new UiApiClient(server.url);
  const r = await ui.oauthDetails(authorizationRequest(client, overrides));
  expect(r.status).toBe(200);
  return ui;
}

describe('POST v3/authenticate', () => {
  it('signs in with a PIN: authenticated transaction, pairwise sub, acr/amr, SSO cookie, CAPTURE', async () => {
    const ui = await opened();
    const resident = RESIDENTS[0];
    const r = await ui.authenticateWithPin(resident.individualId, resident.pin);
    expect(r.status).toBe(200);
    expect(r.errors).toEqual([]);
    expect(r.response).toEqual({ transactionId: ui.transactionId, consentAction: 'CAPTURE' });
    expect(r.headers.getSetCookie().some((c) => c.startsWith('signet_sso='))).toBe(true);
    const txn = await server.ctx.transactions.get<Record<string, unknown>>(`txn:${ui.transactionId}`);
    expect(txn).toMatchObject({
      stage: 'authenticated',
      acr: 'mosip:idp:acr:static-code',
      amr: ['pin'],
      authFactorTypes: ['PIN'],
      consentAction: 'CAPTURE',
    });
    expect(txn?.sub).toBe(server.ctx.subjects.sub(`rp-${client.clientId}`, txn?.subjectId as string));
    expect(txn?.authTime).toBeCloseTo(Date.now() / 1000, -1);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'authenticate',
        outcome: 'success',
        transactionRef: transactionRef(ui.transactionId!),
        clientId: client.clientId,
        factors: ['PIN'],
      }),
    );
    // A second authentication of the same transaction is a state error.
    const again = await ui.authenticateWithPin(resident.individualId, resident.pin);
    expect(again.errors[0]).toMatchObject({ errorCode: 'invalid_transaction', reason: 'invalid_transaction_state' });
  });

  it('signs in with an OTP read from the demo outbox (v2 path)', async () => {
    const ui = await opened();
    const resident = RESIDENTS[1];
    const sent = await ui.sendOtp(resident.individualId, ['email', 'phone']);
    expect(sent.status).toBe(200);
    expect(sent.response).toEqual({
      transactionId: ui.transactionId,
      maskedEmail: expect.any(String),
      maskedMobile: expect.any(String),
    });
    expect(sent.response?.maskedEmail).not.toContain('dara.lim');
    const otp = await readOtp(server.url, resident.individualId);
    const r = await ui.call('POST', `${API}/v2/authenticate`, {
      transactionId: ui.transactionId,
      individualId: resident.individualId,
      challengeList: [{ authFactorType: 'OTP', challenge: otp, format: 'alpha-numeric' }],
    });
    expect(r.status).toBe(200);
    expect(r.response).toEqual({ transactionId: ui.transactionId, consentAction: 'CAPTURE' });
    const txn = await server.ctx.transactions.get<Record<string, unknown>>(`txn:${ui.transactionId}`);
    expect(txn).toMatchObject({ stage: 'authenticated', acr: 'mosip:idp:acr:generated-code', amr: ['otp'] });
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'send-otp',
        outcome: 'success',
        transactionRef: transactionRef(ui.transactionId!),
      }),
    );
    // Nothing secret reaches the audit trail.
    expect(JSON.stringify(server.audit.events)).not.toContain(otp);
    expect(JSON.stringify(server.audit.events)).not.toContain(RESIDENTS[0].pin);
  });

  it('refuses a wrong oauth-details-hash, a missing one, and a key that is not the body transactionId', async () => {
    const ui = await opened();
    const wrong = await ui.authenticateWithPin(RESIDENTS[0].individualId, RESIDENTS[0].pin, { hash: 'A'.repeat(43) });
    expect(wrong.status).toBe(200);
    expect(wrong.errors).toEqual([
      { errorCode: 'invalid_request', reason: 'invalid_oauth_details_hash', errorMessage: expect.any(String) },
    ]);
    const missing = await ui.claimDetails({ hash: null });
    expect(missing.errors[0]).toMatchObject({ errorCode: 'invalid_request', reason: 'invalid_oauth_details_hash' });
    const other = await opened();
    const mixed = await ui.authenticateWithPin(RESIDENTS[0].individualId, RESIDENTS[0].pin, {
      key: other.transactionId,
    });
    expect(mixed.status).toBe(200);
    expect(mixed.errors[0]?.errorCode).toBe('invalid_transaction');
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'authenticate', outcome: 'failure', errorCode: 'invalid_oauth_details_hash' }),
    );
  });

  it('refuses an unknown transaction', async () => {
    const ui = await opened();
    ui.transactionId = 'B'.repeat(43);
    const r = await ui.authenticateWithPin(RESIDENTS[0].individualId, RESIDENTS[0].pin);
    expect(r.status).toBe(200);
    expect(r.errors[0]?.errorCode).toBe('invalid_transaction');
  });

  it('refuses a factor the transaction does not offer, or a set it does not ask for', async () => {
    const ui = await opened({ acrValues: 'mosip:idp:acr:static-code' });
    const otp = await ui.authenticate(RESIDENTS[0].individualId, [
      { authFactorType: 'OTP', challenge: '123456', format: 'alpha-numeric' },
    ]);
    expect(otp.status).toBe(200);
    expect(otp.errors).toEqual([{ errorCode: 'auth_factor_mismatch', errorMessage: expect.any(String) }]);
    const both = await ui.authenticate(RESIDENTS[0].individualId, [
      { authFactorType: 'PIN', challenge: RESIDENTS[0].pin, format: 'number' },
      { authFactorType: 'OTP', challenge: '123456', format: 'alpha-numeric' },
    ]);
    expect(both.errors[0]?.errorCode).toBe('auth_factor_mismatch');
    const twice = await ui.authenticate(RESIDENTS[0].individualId, [
      { authFactorType: 'PIN', challenge: RESIDENTS[0].pin, format: 'number' },
      { authFactorType: 'PIN', challenge: RESIDENTS[0].pin, format: 'number' },
    ]);
    expect(twice.errors[0]?.errorCode).toBe('auth_factor_mismatch');
    const unknown = await ui.authenticate(RESIDENTS[0].individualId, [
      { authFactorType: 'FACE', challenge: 'x', format: 'jwt' },
    ]);
    expect(unknown.errors[0]?.errorCode).toBe('auth_factor_mismatch');
    const sendOtp = await ui.sendOtp(RESIDENTS[0].individualId);
    expect(sendOtp.errors[0]?.errorCode).toBe('auth_factor_mismatch');
  });

  it.each([
    ['a PIN of 5 digits', { authFactorType: 'PIN', challenge: '12345', format: 'number' }],
    ['a PIN with letters', { authFactorType: 'PIN', challenge: '12a456', format: 'number' }],
    ['a PIN in the wrong format', { authFactorType: 'PIN', challenge: '123456', format: 'alpha-numeric' }],
    ['an OTP of 7 characters', { authFactorType: 'OTP', challenge: '1234567', format: 'alpha-numeric' }],
  ])('refuses %s with invalid_challenge (HTTP 200), without using up an attempt', async (_name, challenge) => {
    const ui = await opened();
    const r = await ui.authenticate(RESIDENTS[0].individualId, [challenge]);
    expect(r.status).toBe(200);
    expect(r.response).toBeNull();
    expect(r.errors[0]?.errorCode).toBe('invalid_challenge');
    expect(await server.ctx.transactions.get(`ui-auth-attempts:${ui.transactionId}`)).toBeUndefined();
  });

  it('answers a wrong PIN with HTTP 200 and auth_failed, and audits it', async () => {
    const ui = await opened();
    const r = await ui.authenticateWithPin(RESIDENTS[4].individualId, '000000');
    expect(r.status).toBe(200);
    expect(r.response).toBeNull();
    expect(r.errors).toEqual([
      {
        errorCode: 'auth_failed',
        errorMessage: 'Authentication failed: the ID or the credential is not correct. 2 attempts left.',
        attemptsLeft: 2,
      },
    ]);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'authenticate',
        outcome: 'failure',
        errorCode: 'auth_failed',
        transactionRef: transactionRef(ui.transactionId!),
        factors: ['PIN'],
      }),
    );
  });

  it('allows 3 attempts per transaction (no_attempts_left), then refuses the ID from this source (individual_id_blocked, until when)', async () => {
    const resident = RESIDENTS[2];
    const ui = await opened();
    const left = [];
    for (let i = 0; i < 3; i++) {
      const r = await ui.authenticateWithPin(resident.individualId, '000000');
      expect(r.errors[0]?.errorCode).toBe('auth_failed');
      left.push(r.errors[0]?.attemptsLeft);
    }
    expect(left).toEqual([2, 1, 0]);
    const fourth = await ui.authenticateWithPin(resident.individualId, resident.pin);
    expect(fourth.status).toBe(200);
    expect(fourth.errors[0]?.errorCode).toBe('no_attempts_left');

    const fresh = await opened();
    const blocked = await fresh.authenticateWithPin(resident.individualId, resident.pin);
    expect(blocked.status).toBe(200);
    expect(blocked.errors[0]).toEqual({
      errorCode: 'individual_id_blocked',
      errorMessage:
        'Too many failed attempts with this ID from this device or network. Please try again in 10 minutes.',
      attemptsLeft: 0,
      blockedUntil: expect.any(String),
    });
    expect(Date.parse(blocked.errors[0]!.blockedUntil!) - Date.now()).toBeGreaterThan(590_000);
    const otp = await fresh.sendOtp(resident.individualId);
    expect(otp.errors[0]?.errorCode).toBe('individual_id_blocked');
    // Another individual is not affected.
    const other = await fresh.authenticateWithPin(RESIDENTS[3].individualId, RESIDENTS[3].pin);
    expect(other.response?.consentAction).toBe('CAPTURE');
    // The store names the ID and the source only by keyed hashes.
    const keys = [...(server.ctx.transactions as unknown as { entries: Map<string, unknown> }).entries.keys()];
    expect(keys.some((k) => k.startsWith('ui-blocked-pair:'))).toBe(true);
    expect(keys.some((k) => k.includes(resident.individualId) || k.includes('127.0.0.1'))).toBe(false);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'authenticate', outcome: 'failure', errorCode: 'individual_id_blocked' }),
    );
  });

  it('sends at most 3 OTPs per transaction (no_attempts_left)', async () => {
    const ui = await opened();
    const resident = RESIDENTS[5];
    for (let i = 0; i < 3; i++) expect((await ui.sendOtp(resident.individualId)).status).toBe(200);
    const fourth = await ui.sendOtp(resident.individualId);
    expect(fourth.status).toBe(200);
    expect(fourth.errors[0]?.errorCode).toBe('no_attempts_left');
    const channel = await (await opened()).sendOtp(resident.individualId, ['pigeon']);
    expect(channel.errors[0]?.errorCode).toBe('invalid_otp_channel');
  });
});

describe('one transaction', () => {
  let own: TestServer;
  let ownClient: RegisteredClient;
  beforeAll(async () => {
    own = await startTestServer();
    ownClient = await registerClient(own);
  });
  afterAll(async () => own?.close());

  async function openedHere(): Promise<UiApiClient> {
    const ui = new UiApiClient(own.url);
    expect((await ui.oauthDetails(authorizationRequest(ownClient))).status).toBe(200);
    return ui;
  }
  const codeOf = ourErrorCode;

  it('is authenticated by exactly one of two parallel calls, and the code goes to that one', async () => {
    const ui = await openedHere();
    const [first, second] = [RESIDENTS[4], RESIDENTS[5]];
    const results = await Promise.all([
      ui.authenticateWithPin(first.individualId, first.pin),
      ui.authenticateWithPin(second.individualId, second.pin),
    ]);
    expect(results.map(codeOf).sort()).toEqual(['invalid_transaction_state', 'ok']);
    const winner = codeOf(results[0]) === 'ok' ? first : second;
    expect(await own.ctx.transactions.get(`txn:${ui.transactionId}`)).toMatchObject({
      stage: 'authenticated',
      individualId: winner.individualId,
    });
    expect((await ui.authCode(['email'])).errors).toEqual([]);
  });

  it('goes back to `created` after a failed attempt, so the resident can try again', async () => {
    const ui = await openedHere();
    const resident = RESIDENTS[0];
    expect(codeOf(await ui.authenticateWithPin(resident.individualId, '000000'))).toBe('auth_failed');
    expect(await own.ctx.transactions.get(`txn:${ui.transactionId}`)).toMatchObject({ stage: 'created' });
    expect(codeOf(await ui.authenticateWithPin(resident.individualId, resident.pin))).toBe('ok');
  });

  it('goes back to `created` when any step after holding it fails (here the consent lookup), so the resident can try again', async () => {
    const ui = await openedHere();
    const resident = RESIDENTS[1];
    const consents = own.ctx.registry.consents;
    const lookup = consents.get;
    consents.get = () => Promise.reject(new Error('injected fault: the registry is unreachable'));
    try {
      expect(codeOf(await ui.authenticateWithPin(resident.individualId, resident.pin))).toBe('unknown_error');
    } finally {
      consents.get = lookup;
    }
    expect(await own.ctx.transactions.get(`txn:${ui.transactionId}`)).toMatchObject({ stage: 'created' });
    expect(codeOf(await ui.authenticateWithPin(resident.individualId, resident.pin))).toBe('ok');
  });

  it('signs in without an SSO session when the session cannot be stored', async () => {
    const ui = await openedHere();
    const resident = RESIDENTS[2];
    const store = own.ctx.transactions;
    const put = store.put;
    store.put = (key, value, ttl) =>
      key.startsWith('sso:')
        ? Promise.reject(new StoreFullError('injected fault: the store is full'))
        : put.call(store, key, value, ttl);
    const r = await ui.authenticateWithPin(resident.individualId, resident.pin).finally(() => (store.put = put));
    expect(codeOf(r)).toBe('ok');
    expect(r.headers.getSetCookie().some((c) => c.startsWith('signet_sso='))).toBe(false);
    expect(await own.ctx.transactions.get(`txn:${ui.transactionId}`)).toMatchObject({
      stage: 'authenticated',
      individualId: resident.individualId,
    });
    expect((await ui.authCode(['email'])).errors).toEqual([]);
  });
});

describe('an expired transaction', () => {
  let short: TestServer;
  beforeAll(async () => {
    short = await startTestServer({ ttl: { transaction: 1 } });
  });
  afterAll(async () => short?.close());

  it('is invalid_transaction', async () => {
    const shortClient = await registerClient(short);
    const ui = new UiApiClient(short.url);
    expect((await ui.oauthDetails(authorizationRequest(shortClient))).status).toBe(200);
    await sleep(1100);
    const r = await ui.authenticateWithPin(RESIDENTS[0].individualId, RESIDENTS[0].pin);
    expect(r.status).toBe(200);
    expect(r.errors[0]?.errorCode).toBe('invalid_transaction');
    expect((await ui.claimDetails()).errors[0]?.errorCode).toBe('invalid_transaction');
  });
});
