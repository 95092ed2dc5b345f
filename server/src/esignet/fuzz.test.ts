// Property-based: random bodies against every endpoint of the API answer 4xx or 200 in the
// envelope, never 5xx, and the server keeps answering.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
  API,
  authorizationRequest,
  registerClient,
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

const POSTS = [
  '/v3/oauth-details',
  '/v2/oauth-details',
  '/send-otp',
  '/v3/authenticate',
  '/v2/authenticate',
  '/auth-code',
];

const challenge = fc.record({
  authFactorType: fc.oneof(fc.constantFrom('PIN', 'OTP', 'BIO', 'PWD', 'KBI', 'WLA', 'IDT'), fc.string()),
  challenge: fc.oneof(fc.stringMatching(/^[0-9]{6}$/), fc.string()),
  format: fc.oneof(fc.constantFrom('number', 'alpha-numeric', 'encoded-json', 'jwt'), fc.string()),
});

/** Requests shaped roughly like the real ones, with random values, plus anything at all. */
const request = (transactionId: string) =>
  fc.oneof(
    fc.anything(),
    fc.record(
      {
        transactionId: fc.oneof(fc.constant(transactionId), fc.string()),
        individualId: fc.oneof(fc.constant('2804195601'), fc.string()),
        otpChannels: fc.array(fc.oneof(fc.constantFrom('email', 'phone'), fc.string())),
        challengeList: fc.array(challenge, { maxLength: 3 }),
        acceptedClaims: fc.oneof(fc.array(fc.string()), fc.constant(null)),
        permittedAuthorizeScopes: fc.array(fc.string()),
        clientId: fc.oneof(fc.constant(client.clientId), fc.string()),
        scope: fc.oneof(fc.constant('openid profile'), fc.string()),
        responseType: fc.oneof(fc.constant('code'), fc.string()),
        redirectUri: fc.oneof(fc.constant(client.redirectUri), fc.string()),
        claims: fc.oneof(fc.jsonValue(), fc.string()),
        maxAge: fc.oneof(fc.integer(), fc.string()),
        codeChallenge: fc.string(),
        codeChallengeMethod: fc.constantFrom('S256', 'plain', ''),
      },
      { requiredKeys: [] },
    ),
  );

describe('random bodies', () => {
  it('never cause a 5xx on any endpoint', async () => {
    const ui = new UiApiClient(server.url);
    expect((await ui.oauthDetails(authorizationRequest(client))).status).toBe(200);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...POSTS),
        request(ui.transactionId!),
        fc.boolean(),
        async (path, body, enveloped) => {
          const rawBody = enveloped
            ? JSON.stringify({ requestTime: new Date().toISOString(), request: body })
            : (JSON.stringify(body) ?? 'null');
          const r = await ui.call('POST', API + path, undefined, { rawBody });
          expect(r.status).toBeLessThan(500);
          if (r.status !== 200 || r.response === null) expect(r.errors.length).toBe(1);
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (key, hash) => {
        const r = await ui.claimDetails({
          key: key.replace(/[^\x21-\x7e]/g, ''),
          hash: hash.replace(/[^\x21-\x7e]/g, ''),
        });
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 30 },
    );
    const health = await fetch(`${server.url}/v1/esignet/csrf/token`);
    expect(health.status).toBe(200);
    expect(server.audit.events.filter((e) => e.errorCode === 'unknown_error')).toEqual([]);
  });
});
