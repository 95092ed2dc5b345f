// authenticateKioskOperator against a real server: operators really sign in at a registered kiosk
// (openid-client, private_key_jwt on the kiosk key, a PIN through the transaction API), then each
// refusal is provoked the way it happens in the field.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kiosk } from '@signet-kiosk/shared/kiosk';
import { EsignetError } from '../errors.js';
import { RESIDENTS } from '../esignet/testing/ui-api-client.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { authenticateKioskOperator } from './kiosk-operator-auth.js';
import { registerKiosk } from './kiosk-registration.js';
import { operatorSessionKey, type OperatorSession } from './operator-session.js';
import {
  kioskRegistrationRequest,
  makeKioskKeyPair,
  signInOperator,
  type KioskKeyPair,
} from './testing/kiosk-operator-sign-in.js';

const OPERATOR = RESIDENTS[1];
const OTHER_RESIDENT = RESIDENTS[2];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bearer = (token: string) => `Bearer ${token}`;

/** The error code authenticateKioskOperator refuses with, or 'ok'. */
async function refusal(server: TestServer, header: string | undefined): Promise<string> {
  try {
    await authenticateKioskOperator(server.ctx, header);
    return 'ok';
  } catch (e) {
    if (e instanceof EsignetError) return e.errorCode;
    throw e;
  }
}

interface TestKiosk {
  kiosk: Kiosk;
  key: KioskKeyPair;
}

async function newKiosk(server: TestServer, operators: string[] = [OPERATOR.individualId]): Promise<TestKiosk> {
  const key = await makeKioskKeyPair();
  const kiosk = await registerKiosk(server.ctx, kioskRegistrationRequest(key.publicJwk), operators);
  return { kiosk, key };
}

async function signIn(server: TestServer, k: TestKiosk, resident: { individualId: string; pin: string } = OPERATOR) {
  return signInOperator(server, {
    clientId: k.kiosk.clientId,
    privateKey: k.key.privateKey,
    individualId: resident.individualId,
    pin: resident.pin,
  });
}

const lastOperatorAuthAudit = (server: TestServer) =>
  server.audit.events.filter((e) => e.action === 'kiosk-operator-auth').at(-1);

describe('authenticateKioskOperator', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("accepts an allowed operator's token at an enabled kiosk and names kiosk, operator, sub and token hash", async () => {
    const k = await newKiosk(server);
    const { accessToken, idTokenClaims } = await signIn(server, k);
    const operator = await authenticateKioskOperator(server.ctx, bearer(accessToken));
    expect(operator.kiosk).toEqual(k.kiosk);
    expect(operator.kiosk.publicJwk).toEqual(k.key.publicJwk);
    expect(operator.operatorSub).toBe(idTokenClaims.sub);
    expect(idTokenClaims.aud).toBe(k.kiosk.clientId);
    expect(operator.accessTokenHash).toBe(createHash('sha256').update(accessToken).digest('base64url'));
    expect(
      server.audit.events.some(
        (e) =>
          e.action === 'kiosk-operator-sign-in' && e.kioskId === k.kiosk.kioskId && e.operator === idTokenClaims.sub,
      ),
    ).toBe(true);
    // The audit names operators by their sub at the kiosk's client, never by individual ID.
    expect(JSON.stringify(server.audit.events)).not.toContain(OPERATOR.individualId);
  });

  it('refuses a missing, malformed or unknown token with invalid_token', async () => {
    expect(await refusal(server, undefined)).toBe('invalid_token');
    expect(await refusal(server, 'Basic dXNlcjpwYXNz')).toBe('invalid_token');
    expect(await refusal(server, 'Bearer ')).toBe('invalid_token');
    expect(await refusal(server, bearer('x'.repeat(43)))).toBe('invalid_token');
    expect(lastOperatorAuthAudit(server)).toMatchObject({ outcome: 'failure', errorCode: 'invalid_token' });
  });

  it("refuses a relying party's access token with invalid_token: no operator session comes with it", async () => {
    const key = await makeKioskKeyPair();
    const now = new Date().toISOString();
    const clientId = `rp-${key.publicJwk.kid}`;
    await server.ctx.registry.clients.create({
      clientId,
      clientName: 'A relying party',
      clientNameLangMap: {},
      publicKey: { ...key.publicJwk, alg: 'ES256', use: 'sig' },
      relyingPartyId: clientId,
      userClaims: [],
      authContextRefs: ['mosip:idp:acr:static-code'],
      logoUri: 'https://rp.example.org/logo.png',
      redirectUris: ['http://127.0.0.1:3300/operator/callback'],
      grantTypes: ['authorization_code'],
      clientAuthMethods: ['private_key_jwt'],
      additionalConfig: {
        userinfo_response_type: 'JWS',
        consent_expire_in_mins: 0,
        require_pushed_authorization_requests: false,
        dpop_bound_access_tokens: false,
        require_pkce: true,
      },
      status: 'ACTIVE',
      createdAt: now,
      updatedAt: now,
    });
    const { accessToken } = await signInOperator(server, {
      clientId,
      privateKey: key.privateKey,
      individualId: OPERATOR.individualId,
      pin: OPERATOR.pin,
    });
    // The token is good for the relying party's own use…
    const userinfo = await fetch(`${server.url}/userinfo`, { headers: { authorization: bearer(accessToken) } });
    expect(userinfo.status).toBe(200);
    // …but is no kiosk operator's.
    expect(await refusal(server, bearer(accessToken))).toBe('invalid_token');
  });

  it('refuses with kiosk_unknown when a kiosk-named client has no kiosk in the registry', async () => {
    const key = await makeKioskKeyPair();
    const now = new Date().toISOString();
    const clientId = 'kiosk-not-registered';
    await server.ctx.registry.clients.create({
      clientId,
      clientName: 'Not a registered kiosk',
      clientNameLangMap: {},
      publicKey: { ...key.publicJwk, alg: 'ES256', use: 'sig' },
      relyingPartyId: clientId,
      userClaims: [],
      authContextRefs: ['mosip:idp:acr:static-code'],
      logoUri: 'https://rp.example.org/logo.png',
      redirectUris: ['http://127.0.0.1:3300/operator/callback'],
      grantTypes: ['authorization_code'],
      clientAuthMethods: ['private_key_jwt'],
      additionalConfig: {
        userinfo_response_type: 'JWS',
        consent_expire_in_mins: 0,
        require_pushed_authorization_requests: false,
        dpop_bound_access_tokens: false,
        require_pkce: true,
      },
      status: 'ACTIVE',
      createdAt: now,
      updatedAt: now,
    });
    const { accessToken, idTokenClaims } = await signInOperator(server, {
      clientId,
      privateKey: key.privateKey,
      individualId: OPERATOR.individualId,
      pin: OPERATOR.pin,
    });
    expect(await refusal(server, bearer(accessToken))).toBe('kiosk_unknown');
    expect(lastOperatorAuthAudit(server)).toMatchObject({
      outcome: 'failure',
      errorCode: 'kiosk_unknown',
      kioskId: 'not-registered',
      operator: idTokenClaims.sub,
    });
  });

  it('refuses with kiosk_disabled once the kiosk is disabled, and accepts again once it is enabled', async () => {
    const k = await newKiosk(server);
    const { accessToken, idTokenClaims } = await signIn(server, k);
    expect(await refusal(server, bearer(accessToken))).toBe('ok');
    await server.ctx.registry.kiosks.setEnabled(k.kiosk.kioskId, false);
    expect(await refusal(server, bearer(accessToken))).toBe('kiosk_disabled');
    expect(lastOperatorAuthAudit(server)).toMatchObject({
      errorCode: 'kiosk_disabled',
      kioskId: k.kiosk.kioskId,
      operator: idTokenClaims.sub,
    });
    // A disabled kiosk cannot sign another operator in either: its client is inactive.
    await expect(signIn(server, k)).rejects.toThrow();
    await server.ctx.registry.kiosks.setEnabled(k.kiosk.kioskId, true);
    expect(await refusal(server, bearer(accessToken))).toBe('ok');
  });

  it('refuses with operator_not_allowed a resident not on the list, and an operator as soon as removed', async () => {
    const k = await newKiosk(server);
    const stranger = await signIn(server, k, OTHER_RESIDENT);
    expect(await refusal(server, bearer(stranger.accessToken))).toBe('operator_not_allowed');
    expect(lastOperatorAuthAudit(server)).toMatchObject({
      errorCode: 'operator_not_allowed',
      kioskId: k.kiosk.kioskId,
      operator: stranger.idTokenClaims.sub,
    });

    const operator = await signIn(server, k);
    expect(await refusal(server, bearer(operator.accessToken))).toBe('ok');
    expect(await server.ctx.registry.kiosks.removeOperator(k.kiosk.kioskId, OPERATOR.individualId)).toBe(true);
    expect(await refusal(server, bearer(operator.accessToken))).toBe('operator_not_allowed');
    expect(await server.ctx.registry.kiosks.addOperator(k.kiosk.kioskId, OPERATOR.individualId)).toBe(true);
    expect(await refusal(server, bearer(operator.accessToken))).toBe('ok');
    expect(JSON.stringify(server.audit.events)).not.toMatch(
      new RegExp(`${OPERATOR.individualId}|${OTHER_RESIDENT.individualId}`),
    );
  });
});

describe('the operator session idle lock', () => {
  const IDLE_SECONDS = 2;
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ kiosks: { operatorIdleSeconds: IDLE_SECONDS } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('stays open while used, locks after operatorIdleSeconds without use, and is then ended', async () => {
    const k = await newKiosk(server);
    const { accessToken, idTokenClaims } = await signIn(server, k);
    const key = operatorSessionKey(createHash('sha256').update(accessToken).digest('base64url'));
    const opened = (await server.ctx.transactions.get<OperatorSession>(key))!.lastUsedAt;
    // Three calls 1.2 s apart: 2.4 s in all, longer than the idle time, but each refreshes the clock.
    for (let i = 0; i < 3; i++) {
      expect(await refusal(server, bearer(accessToken))).toBe('ok');
      await sleep(1200);
    }
    expect((await server.ctx.transactions.get<OperatorSession>(key))!.lastUsedAt).toBeGreaterThan(opened + 2000);
    await sleep(IDLE_SECONDS * 1000 - 1200 + 300);
    expect(await refusal(server, bearer(accessToken))).toBe('operator_session_expired');
    expect(lastOperatorAuthAudit(server)).toMatchObject({
      errorCode: 'operator_session_expired',
      kioskId: k.kiosk.kioskId,
      operator: idTokenClaims.sub,
    });
    expect(await server.ctx.transactions.get(key)).toBeUndefined();
    expect(await refusal(server, bearer(accessToken))).toBe('invalid_token');
    // Signing in again opens a new session.
    const again = await signIn(server, k);
    expect(await refusal(server, bearer(again.accessToken))).toBe('ok');
  });
});

describe('an expired access token', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ttl: { accessToken: 1 } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is refused with invalid_token', async () => {
    const k = await newKiosk(server);
    const { accessToken } = await signIn(server, k);
    await sleep(1100);
    expect(await refusal(server, bearer(accessToken))).toBe('invalid_token');
  });
});
