// The kiosk status endpoint on a real server: a kiosk signs its request with its own key (as the
// kiosk's main process does) and learns whether it is registered, enabled, its name and how many
// operators it lists; an unknown kiosk, or one registered with another key, is not registered; a
// request not signed by the key it carries, for another server, or replayed is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_STATUS_PATH, KioskStatusSchema, signKioskStatusRequest } from '@signet-kiosk/shared/kiosk';
import { RESIDENTS } from '../esignet/testing/ui-api-client.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { registerKiosk } from './kiosk-registration.js';
import { kioskRegistrationRequest, makeKioskKeyPair, type KioskKeyPair } from './testing/kiosk-operator-sign-in.js';

let server: TestServer;

interface Answer {
  status: number;
  response: unknown;
  errorCode?: string;
}

async function askStatus(statusRequest: string): Promise<Answer> {
  const res = await fetch(server.url + KIOSK_STATUS_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requestTime: new Date().toISOString(), request: { statusRequest } }),
  });
  const json = (await res.json()) as { response: unknown; errors: { errorCode: string }[] };
  return { status: res.status, response: json.response, errorCode: json.errors[0]?.errorCode };
}

/** The request as the kiosk signs it: its id, this server, its own key. */
const signed = (kioskId: string, key: KioskKeyPair, audience = server.config.issuer) =>
  signKioskStatusRequest({ kioskId, audience, publicJwk: key.publicJwk }, key.privateKey);

async function registered(operators: string[] = []) {
  const key = await makeKioskKeyPair();
  const request = kioskRegistrationRequest(key.publicJwk);
  await registerKiosk(server.ctx, request, operators);
  return { key, kioskId: request.kioskId, name: request.name };
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe('the kiosk status endpoint', () => {
  it('tells a registered kiosk it is enabled, its name and how many operators it lists', async () => {
    const k = await registered([RESIDENTS[1].individualId, RESIDENTS[2].individualId]);
    const answer = await askStatus(await signed(k.kioskId, k.key));
    expect(answer.status).toBe(200);
    expect(KioskStatusSchema.parse(answer.response)).toEqual({
      registered: true,
      enabled: true,
      name: k.name,
      operatorCount: 2,
    });
    expect(server.audit.events.at(-1)).toMatchObject({
      action: 'kiosk-status',
      outcome: 'success',
      kioskId: k.kioskId,
      registered: true,
    });
  });

  it('tells a disabled kiosk it is disabled', async () => {
    const k = await registered();
    await server.ctx.registry.kiosks.setEnabled(k.kioskId, false);
    expect((await askStatus(await signed(k.kioskId, k.key))).response).toMatchObject({
      registered: true,
      enabled: false,
    });
  });

  it('answers not registered for an unknown kiosk, and for a kiosk id registered with another key', async () => {
    const stranger = await makeKioskKeyPair();
    expect(await askStatus(await signed('not-registered-yet', stranger))).toEqual({
      status: 200,
      response: { registered: false },
      errorCode: undefined,
    });
    const k = await registered();
    expect((await askStatus(await signed(k.kioskId, stranger))).response).toEqual({ registered: false });
    // A stranger's request naming a registered kiosk is not recorded as that kiosk's.
    expect(server.audit.events.at(-1)).toEqual(
      expect.objectContaining({ action: 'kiosk-status', outcome: 'success', registered: false }),
    );
    expect(server.audit.events.at(-1)).not.toHaveProperty('kioskId');
  });

  it('refuses a request not signed by the key it carries, for another server, or replayed', async () => {
    const k = await registered();
    const other = await makeKioskKeyPair();
    // The registered key in the header, signed by another key: a forgery of the kiosk's status request.
    const forged = await signKioskStatusRequest(
      { kioskId: k.kioskId, audience: server.config.issuer, publicJwk: k.key.publicJwk },
      other.privateKey,
    );
    expect(await askStatus(forged)).toMatchObject({ status: 401, errorCode: 'invalid_kiosk_status_request' });
    expect(server.audit.events.at(-1)).toMatchObject({
      action: 'kiosk-status',
      outcome: 'failure',
      errorCode: 'invalid_kiosk_status_request',
    });
    const elsewhere = await signed(k.kioskId, k.key, 'https://id.example.org');
    expect(await askStatus(elsewhere)).toMatchObject({ status: 401, errorCode: 'invalid_kiosk_status_request' });
    const once = await signed(k.kioskId, k.key);
    expect((await askStatus(once)).status).toBe(200);
    expect(await askStatus(once)).toMatchObject({ status: 401, errorCode: 'invalid_kiosk_status_request' });
    expect(await askStatus('not-a-jws')).toMatchObject({ status: 401, errorCode: 'invalid_kiosk_status_request' });
  });
});
