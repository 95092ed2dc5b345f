// The kiosk admin API over HTTP on a real server (SQLite registry in a throw-away data folder):
// registration with its client, refusals, list and get, disable/enable, operators, audit; and that
// what the API sets is what an operator's calls meet.
import type { CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSchema } from '@signet-kiosk/shared/esignet';
import { KioskListResponseSchema, KioskSchema, type KioskRegistrationRequest } from '@signet-kiosk/shared/kiosk';
import { EsignetError } from '../errors.js';
import { RESIDENTS } from '../esignet/testing/ui-api-client.js';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/start-test-server.js';
import { KIOSKS_ADMIN_PATH } from './kiosk-admin-routes.js';
import { authenticateKioskOperator } from './kiosk-operator-auth.js';
import { operatorPseudonym } from './operator-pseudonym.js';
import { kioskRegistrationRequest, makeKioskKeyPair, signInOperator } from './testing/kiosk-operator-sign-in.js';

const OPERATOR = RESIDENTS[1];
const SECOND = RESIDENTS[2];

interface Answer {
  status: number;
  response: unknown;
  errors: { errorCode: string; errorMessage: string }[];
}

async function call(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TEST_ADMIN_TOKEN,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + KIOSKS_ADMIN_PATH + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { response: unknown; errors: Answer['errors'] };
  return { status: res.status, response: json.response, errors: json.errors };
}

const errorOf = (a: Answer) => ({ status: a.status, errorCode: a.errors[0]?.errorCode });

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof EsignetError ? e.errorCode : Promise.reject(e as Error)),
  );

async function registrationRequest(overrides: Partial<KioskRegistrationRequest> = {}) {
  const key = await makeKioskKeyPair();
  return { key, request: kioskRegistrationRequest(key.publicJwk, overrides) };
}

let server: TestServer;

/** The operator signs in at the kiosk (PIN); the bearer header of its kiosk-side calls. */
async function operatorHeader(
  kioskId: string,
  privateKey: CryptoKey,
  operator: { individualId: string; pin: string },
): Promise<string> {
  const { accessToken } = await signInOperator(server, { clientId: `kiosk-${kioskId}`, privateKey, ...operator });
  return `Bearer ${accessToken}`;
}

describe('the kiosk admin API', () => {
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a call without the admin token, and audits it', async () => {
    expect(errorOf(await call(server, 'GET', '', undefined, null))).toEqual({ status: 401, errorCode: 'unauthorized' });
    const { request } = await registrationRequest();
    expect(errorOf(await call(server, 'POST', '', request, 'wrong-token-0123456789'))).toEqual({
      status: 401,
      errorCode: 'unauthorized',
    });
    expect(await server.ctx.registry.kiosks.get(request.kioskId)).toBeUndefined();
    expect(server.audit.events.at(-1)).toMatchObject({ action: 'admin-auth', outcome: 'failure' });
  });

  it('registers a kiosk, enabled and without operators, with its OIDC client on the kiosk key', async () => {
    const { request } = await registrationRequest({ name: 'Kiosk at the market' });
    const answer = await call(server, 'POST', '', request);
    expect(answer.status).toBe(200);
    const kiosk = KioskSchema.parse(answer.response);
    expect(kiosk).toMatchObject({
      kioskId: request.kioskId,
      name: 'Kiosk at the market',
      publicJwk: request.publicJwk,
      clientId: `kiosk-${request.kioskId}`,
      redirectUris: request.redirectUris,
      enabled: true,
      operators: [],
    });
    const client = ClientSchema.parse(await server.ctx.registry.clients.get(kiosk.clientId));
    expect(client).toMatchObject({
      clientName: 'Kiosk at the market',
      publicKey: { ...request.publicJwk, alg: 'ES256', use: 'sig' },
      redirectUris: request.redirectUris,
      grantTypes: ['authorization_code'],
      clientAuthMethods: ['private_key_jwt'],
      status: 'ACTIVE',
    });
    expect(client.additionalConfig.require_pkce).toBe(true);
    // Every factor the reference ID system verifies, biometrics included.
    expect(client.authContextRefs).toEqual(
      expect.arrayContaining(['mosip:idp:acr:static-code', 'mosip:idp:acr:generated-code', 'mosip:idp:acr:biometrics']),
    );
    expect(server.audit.events.at(-1)).toMatchObject({
      action: 'kiosk-register',
      outcome: 'success',
      kioskId: request.kioskId,
      clientId: kiosk.clientId,
    });
  });

  it('refuses a second kiosk with the same id, and a kiosk whose client id is taken', async () => {
    const { request } = await registrationRequest();
    expect((await call(server, 'POST', '', request)).status).toBe(200);
    const { request: again } = await registrationRequest({ kioskId: request.kioskId });
    expect(errorOf(await call(server, 'POST', '', again))).toEqual({ status: 409, errorCode: 'duplicate_kiosk_id' });
    expect((await server.ctx.registry.kiosks.get(request.kioskId))?.publicJwk).toEqual(request.publicJwk);

    const { request: taken } = await registrationRequest();
    const existing = ClientSchema.parse(await server.ctx.registry.clients.get(`kiosk-${request.kioskId}`));
    await server.ctx.registry.clients.create({ ...existing, clientId: `kiosk-${taken.kioskId}` });
    expect(errorOf(await call(server, 'POST', '', taken))).toEqual({ status: 409, errorCode: 'duplicate_client_id' });
    expect(await server.ctx.registry.kiosks.get(taken.kioskId)).toBeUndefined();
    expect(server.audit.events.at(-1)).toMatchObject({
      action: 'kiosk-register',
      outcome: 'failure',
      errorCode: 'duplicate_client_id',
    });
  });

  it('refuses a malformed request, a private key and a key that is not a point on P-256', async () => {
    const { request } = await registrationRequest();
    expect(errorOf(await call(server, 'POST', '', { ...request, kioskId: 'Not An Id' }))).toEqual({
      status: 400,
      errorCode: 'invalid_input',
    });
    expect(errorOf(await call(server, 'POST', '', { ...request, redirectUris: ['https://kiosk/#x'] }))).toEqual({
      status: 400,
      errorCode: 'invalid_input',
    });
    const withD = { ...request, publicJwk: { ...request.publicJwk, d: request.publicJwk.x } };
    expect(errorOf(await call(server, 'POST', '', withD))).toEqual({ status: 400, errorCode: 'invalid_input' });
    const offCurve = { ...request, publicJwk: { ...request.publicJwk, y: request.publicJwk.x } };
    expect(errorOf(await call(server, 'POST', '', offCurve))).toEqual({ status: 400, errorCode: 'invalid_public_key' });
    expect(await server.ctx.registry.kiosks.get(request.kioskId)).toBeUndefined();
  });

  it('lists kiosks and reads one; an unknown kiosk is not_found', async () => {
    const { request } = await registrationRequest();
    await call(server, 'POST', '', request);
    const list = KioskListResponseSchema.parse((await call(server, 'GET', '')).response);
    expect(list.kiosks.map((k) => k.kioskId)).toContain(request.kioskId);
    const one = await call(server, 'GET', `/${request.kioskId}`);
    expect(KioskSchema.parse(one.response).kioskId).toBe(request.kioskId);
    expect(errorOf(await call(server, 'GET', '/no-such-kiosk'))).toEqual({ status: 404, errorCode: 'not_found' });
  });

  it('disables and enables a kiosk, its client with it, and audits both', async () => {
    const { request } = await registrationRequest();
    await call(server, 'POST', '', request);
    const disabled = await call(server, 'POST', `/${request.kioskId}/disable`);
    expect(KioskSchema.parse(disabled.response).enabled).toBe(false);
    expect((await server.ctx.registry.clients.get(`kiosk-${request.kioskId}`))?.status).toBe('INACTIVE');
    expect(server.audit.events.at(-1)).toMatchObject({
      action: 'kiosk-disable',
      outcome: 'success',
      kioskId: request.kioskId,
    });
    const enabled = await call(server, 'POST', `/${request.kioskId}/enable`);
    expect(KioskSchema.parse(enabled.response).enabled).toBe(true);
    expect((await server.ctx.registry.clients.get(`kiosk-${request.kioskId}`))?.status).toBe('ACTIVE');
    expect(errorOf(await call(server, 'POST', '/no-such-kiosk/disable'))).toEqual({
      status: 404,
      errorCode: 'not_found',
    });
    expect(server.audit.events.at(-1)).toMatchObject({
      action: 'kiosk-disable',
      outcome: 'failure',
      kioskId: 'no-such-kiosk',
      errorCode: 'not_found',
    });
  });

  it('sets the operators of a kiosk (duplicates once), refusing a malformed list', async () => {
    const { request } = await registrationRequest();
    await call(server, 'POST', '', request);
    const set = await call(server, 'PUT', `/${request.kioskId}/operators`, {
      operators: ['2804195602', '2804195601', '2804195602'],
    });
    expect(KioskSchema.parse(set.response).operators).toEqual(['2804195602', '2804195601']);
    // The audit names them by pseudonym (a keyed hash), never by individual ID.
    expect(server.audit.events.at(-1)).toMatchObject({
      action: 'kiosk-operators',
      outcome: 'success',
      kioskId: request.kioskId,
      operators: [operatorPseudonym(server.ctx, '2804195602'), operatorPseudonym(server.ctx, '2804195601')],
    });
    expect(operatorPseudonym(server.ctx, '2804195602')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(server.audit.events)).not.toMatch(/2804195602|2804195601/);
    expect(errorOf(await call(server, 'PUT', `/${request.kioskId}/operators`, { operators: [''] }))).toEqual({
      status: 400,
      errorCode: 'invalid_input',
    });
    expect(errorOf(await call(server, 'PUT', `/${request.kioskId}/operators`, ['2804195602']))).toEqual({
      status: 400,
      errorCode: 'invalid_input',
    });
    expect(errorOf(await call(server, 'PUT', '/no-such-kiosk/operators', { operators: [] }))).toEqual({
      status: 404,
      errorCode: 'not_found',
    });
  });

  it("governs the operator's calls: allowed once listed; disabling the kiosk ends every session, for good", async () => {
    const { key, request } = await registrationRequest();
    await call(server, 'POST', '', request);
    await call(server, 'PUT', `/${request.kioskId}/operators`, {
      operators: [OPERATOR.individualId, SECOND.individualId],
    });
    const first = await operatorHeader(request.kioskId, key.privateKey, OPERATOR);
    const second = await operatorHeader(request.kioskId, key.privateKey, SECOND);
    expect(await codeOf(authenticateKioskOperator(server.ctx, first))).toBe('ok');
    expect(await codeOf(authenticateKioskOperator(server.ctx, second))).toBe('ok');
    const disabled = await call(server, 'POST', `/${request.kioskId}/disable`);
    expect(disabled.status).toBe(200);
    expect(server.audit.events.at(-1)).toMatchObject({ action: 'kiosk-disable', sessionsEnded: 2 });
    // The sessions and their tokens are gone, not merely refused: enabling the kiosk again revives neither.
    await call(server, 'POST', `/${request.kioskId}/enable`);
    expect(await codeOf(authenticateKioskOperator(server.ctx, first))).toBe('invalid_token');
    expect(await codeOf(authenticateKioskOperator(server.ctx, second))).toBe('invalid_token');
    const userinfo = await fetch(`${server.url}/userinfo`, { headers: { authorization: first } });
    expect(userinfo.status).toBe(401);
    // A fresh sign-in at the enabled kiosk works again.
    expect(
      await codeOf(
        authenticateKioskOperator(server.ctx, await operatorHeader(request.kioskId, key.privateKey, OPERATOR)),
      ),
    ).toBe('ok');
  });

  it('a disable that lands while an operator signs in (after the client check, before the session is listed) still ends that sign-in', async () => {
    const { key, request } = await registrationRequest();
    await call(server, 'POST', '', request);
    await call(server, 'PUT', `/${request.kioskId}/operators`, { operators: [OPERATOR.individualId] });
    // The race, made to happen: the administrator's disable runs just as the token endpoint stores the
    // new operator session, before the session is in the kiosk's list.
    const store = server.ctx.transactions;
    const put = store.put.bind(store);
    let sessionKey: string | undefined;
    store.put = async (k, value, ttl) => {
      await put(k, value, ttl);
      if (k.startsWith('kiosk-operator:') && !sessionKey) {
        sessionKey = k;
        expect((await call(server, 'POST', `/${request.kioskId}/disable`)).status).toBe(200);
      }
    };
    try {
      await expect(
        signInOperator(server, { clientId: `kiosk-${request.kioskId}`, privateKey: key.privateKey, ...OPERATOR }),
      ).rejects.toThrow();
    } finally {
      store.put = put;
    }
    expect(
      server.audit.events.find((e) => e.action === 'kiosk-disable' && e.kioskId === request.kioskId),
    ).toMatchObject({
      sessionsEnded: 0,
    });
    // Ended by the sign-in itself: no session, no access token, nothing for a re-enable to revive.
    expect(await store.get(sessionKey!)).toBeUndefined();
    expect(await store.get(`at:${sessionKey!.slice('kiosk-operator:'.length)}`)).toBeUndefined();
    expect(await store.get(`kiosk-operator-sessions:${request.kioskId}`)).toEqual([]);
    expect(server.audit.events.at(-1)).toMatchObject({
      action: 'token',
      outcome: 'failure',
      errorCode: 'invalid_client',
    });
  });

  it("removing an operator ends that operator's sessions at once, and only theirs", async () => {
    const { key, request } = await registrationRequest();
    await call(server, 'POST', '', request);
    await call(server, 'PUT', `/${request.kioskId}/operators`, {
      operators: [OPERATOR.individualId, SECOND.individualId],
    });
    const removed = await operatorHeader(request.kioskId, key.privateKey, OPERATOR);
    const kept = await operatorHeader(request.kioskId, key.privateKey, SECOND);
    await call(server, 'PUT', `/${request.kioskId}/operators`, { operators: [SECOND.individualId] });
    expect(server.audit.events.at(-1)).toMatchObject({ action: 'kiosk-operators', sessionsEnded: 1 });
    expect(await codeOf(authenticateKioskOperator(server.ctx, removed))).toBe('invalid_token');
    expect(await codeOf(authenticateKioskOperator(server.ctx, kept))).toBe('ok');
    // Listed again, the removed operator's old session stays ended.
    await call(server, 'PUT', `/${request.kioskId}/operators`, {
      operators: [OPERATOR.individualId, SECOND.individualId],
    });
    expect(await codeOf(authenticateKioskOperator(server.ctx, removed))).toBe('invalid_token');
    expect(await codeOf(authenticateKioskOperator(server.ctx, kept))).toBe('ok');
    // Sign-in, calls, refusals and list changes named the operators, never by individual ID.
    expect(JSON.stringify(server.audit.events)).not.toContain(OPERATOR.individualId);
    expect(JSON.stringify(server.audit.events)).not.toContain(SECOND.individualId);
  });
});

describe('the kiosk admin API outside demo mode', () => {
  beforeAll(async () => {
    server = await startTestServer({ demo: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a plain-http redirect URI off loopback, as for any client', async () => {
    const { request } = await registrationRequest({ redirectUris: ['http://kiosk.example.org/operator/callback'] });
    expect(errorOf(await call(server, 'POST', '', request))).toEqual({ status: 400, errorCode: 'invalid_input' });
    const { request: loopback } = await registrationRequest();
    expect((await call(server, 'POST', '', loopback)).status).toBe(200);
  });
});
