import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
  authorizationRequest,
  registerClient,
  RESIDENTS,
  UiApiClient,
  type RegisteredClient,
} from './testing/ui-api-client.js';

let server: TestServer;
let client: RegisteredClient;

beforeAll(async () => {
  server = await startTestServer();
  client = await registerClient(server);
});
afterAll(async () => server?.close());

async function opened(): Promise<UiApiClient> {
  const ui = new UiApiClient(server.url);
  expect((await ui.oauthDetails(authorizationRequest(client))).status).toBe(200);
  return ui;
}

describe('POST send-otp', () => {
  it('answers an unknown ID like a known one: the same body shape, masked addresses for both', async () => {
    const [a, b] = [await opened(), await opened()];
    const known = await a.sendOtp(RESIDENTS[0].individualId, ['email', 'phone']);
    const unknown = await b.sendOtp('9999999999', ['email', 'phone']);
    const shape = (transactionId: string | undefined) => ({
      transactionId,
      maskedEmail: 'XXXXXXXX@XXXXXXXX',
      maskedMobile: expect.stringMatching(/^X{8}\d{2}$/),
    });
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect([known.errors, unknown.errors]).toEqual([[], []]);
    expect(known.response).toEqual(shape(a.transactionId));
    expect(unknown.response).toEqual(shape(b.transactionId));
  });
});
