import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { authorizationRequest, registerClient, RESIDENTS, UiApiClient } from './testing/ui-api-client.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function openTransactions(s: TestServer, n: number): Promise<UiApiClient[]> {
  const client = await registerClient(s);
  return Promise.all(
    Array.from({ length: n }, async () => {
      const ui = new UiApiClient(s.url);
      await ui.oauthDetails(authorizationRequest(client));
      return ui;
    }),
  );
}

describe('attempt limits per individual', () => {
  it('count guesses sent in parallel from many transactions: at most the limit reaches the ID system', async () => {
    server = await startTestServer();
    const resident = RESIDENTS[0]!;
    const uis = await openTransactions(server, 12);
    const results = await Promise.all(uis.map((ui, i) => ui.authenticateWithPin(resident.individualId, i === 11 ? resident.pin : String(100000 + i))));
    const codes = results.map((r) => r.errors[0]?.errorCode ?? 'ok');
    const reachedIdSystem = codes.filter((c) => c === 'auth_failed' || c === 'ok').length;
    expect(reachedIdSystem).toBeLessThanOrEqual(3);
    expect(codes.filter((c) => c === 'individual_id_blocked').length).toBeGreaterThanOrEqual(9);
    // Blocked now, even with the right PIN.
    const [later] = await openTransactions(server, 1);
    expect((await later!.authenticateWithPin(resident.individualId, resident.pin)).errors[0]?.errorCode).toBe('individual_id_blocked');
  });

  it('limit OTP sends to one individual across transactions', async () => {
    server = await startTestServer({ limits: { otpSendsPerIndividual: 4 } });
    const resident = RESIDENTS[1]!;
    const uis = await openTransactions(server, 5);
    const sent = [];
    for (const ui of uis) sent.push(await ui.sendOtp(resident.individualId));
    expect(sent.slice(0, 4).every((r) => r.errors.length === 0)).toBe(true);
    expect(sent[4]!.errors[0]).toEqual({ errorCode: 'no_attempts_left', errorMessage: 'Too many codes were sent to this ID recently. Please wait a few minutes and try again.' });
  });
});

describe('oauth-details input bounds', () => {
  it('refuses a claims object larger than /authorize would accept', async () => {
    server = await startTestServer();
    const client = await registerClient(server);
    const ui = new UiApiClient(server.url);
    const big = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`claim_${i}_${'x'.repeat(10)}`, null]));
    const r = await ui.oauthDetails(authorizationRequest(client, { claims: { userinfo: big } }));
    expect(r.status).toBe(200);
    expect(r.errors[0]?.errorCode).toBe('invalid_input');
    expect(r.errors[0]?.errorMessage).toMatch(/^Invalid request: claims: /);
  });
});

describe('a full transaction store', () => {
  it('answers service_busy in the envelope instead of growing without bound', async () => {
    server = await startTestServer({ limits: { maxStoreEntries: 12 } });
    const client = await registerClient(server);
    const codes: string[] = [];
    for (let i = 0; i < 15; i++) {
      const ui = new UiApiClient(server.url);
      const r = await ui.oauthDetails(authorizationRequest(client));
      codes.push(r.errors[0]?.reason ?? r.errors[0]?.errorCode ?? String(r.status));
      if (r.errors[0]) expect(r.errors[0].errorMessage).toBe('The service is busy. Please try again in a moment.');
    }
    expect(codes).toContain('200');
    expect(codes.at(-1)).toBe('service_busy');
  });
});
