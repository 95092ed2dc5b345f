// Token revocation (RFC 7009) on a real server, called as the kiosk calls it (openid-client's
// tokenRevocation, private_key_jwt on the kiosk key): the kiosk's own token is revoked with its
// operator session; another client's token, an unknown token and a badly authenticated call are not.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsignetError } from '../errors.js';
import { RESIDENTS } from '../esignet/testing/ui-api-client.js';
import { authenticateKioskOperator } from '../kiosks/kiosk-operator-auth.js';
import { registerKiosk } from '../kiosks/kiosk-registration.js';
import {
  kioskRegistrationRequest,
  makeKioskKeyPair,
  signInOperator,
  type KioskKeyPair,
} from '../kiosks/testing/kiosk-operator-sign-in.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';

const OPERATOR = RESIDENTS[1];

let server: TestServer;

interface SignedIn {
  clientId: string;
  key: KioskKeyPair;
  accessToken: string;
}

async function kioskWithOperator(): Promise<SignedIn> {
  const key = await makeKioskKeyPair();
  const kiosk = await registerKiosk(server.ctx, kioskRegistrationRequest(key.publicJwk), [OPERATOR.individualId]);
  const { accessToken } = await signInOperator(server, {
    clientId: kiosk.clientId,
    privateKey: key.privateKey,
    individualId: OPERATOR.individualId,
    pin: OPERATOR.pin,
  });
  return { clientId: kiosk.clientId, key, accessToken };
}

/** The client as the kiosk configures it: its own key, or (for the bad-auth case) another one. */
async function kioskClient(clientId: string, signingKey: KioskKeyPair): Promise<oidc.Configuration> {
  return oidc.discovery(
    new URL(server.url),
    clientId,
    { id_token_signed_response_alg: 'ES256' },
    oidc.PrivateKeyJwt(signingKey.privateKey),
    { execute: [oidc.allowInsecureRequests] },
  );
}

/** The kiosk-side check's verdict on a token: 'ok' or its error code. */
async function operatorCheck(accessToken: string): Promise<string> {
  try {
    await authenticateKioskOperator(server.ctx, `Bearer ${accessToken}`);
    return 'ok';
  } catch (e) {
    if (e instanceof EsignetError) return e.errorCode;
    throw e;
  }
}

/** The OAuth error (and HTTP status) a revocation answered with. */
async function revocationError(call: Promise<void>): Promise<{ status: number; error: string }> {
  try {
    await call;
  } catch (e) {
    if (e instanceof oidc.ResponseBodyError) return { status: e.status, error: e.error };
    // A 401 comes with WWW-Authenticate, which openid-client reports as a challenge.
    if (e instanceof oidc.WWWAuthenticateChallengeError)
      return { status: e.status, error: String(e.cause[0]?.parameters.error) };
    throw e;
  }
  throw new Error('the revocation succeeded');
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe('the revocation endpoint', () => {
  it('is advertised in discovery, with private_key_jwt', async () => {
    const metadata = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata.revocation_endpoint).toBe(`${server.url}/revoke`);
    expect(metadata.revocation_endpoint_auth_methods_supported).toEqual(['private_key_jwt']);
  });

  it("revokes a kiosk's access token and ends its operator session", async () => {
    const k = await kioskWithOperator();
    expect(await operatorCheck(k.accessToken)).toBe('ok');
    const config = await kioskClient(k.clientId, k.key);
    await oidc.tokenRevocation(config, k.accessToken, { token_type_hint: 'access_token' });
    expect(await operatorCheck(k.accessToken)).toBe('invalid_token');
    const userinfo = await fetch(`${server.url}/userinfo`, { headers: { authorization: `Bearer ${k.accessToken}` } });
    expect(userinfo.status).toBe(401);
    // The operator named by their sub at the kiosk's client, never by individual ID.
    const signOut = server.audit.events.find((e) => e.action === 'kiosk-operator-sign-out');
    expect(signOut).toMatchObject({ operator: expect.any(String) });
    expect(JSON.stringify(server.audit.events)).not.toContain(OPERATOR.individualId);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'token-revocation', outcome: 'success', clientId: k.clientId, revoked: true }),
    );
    // Revoking it again: nothing left to revoke, 200 all the same.
    await oidc.tokenRevocation(config, k.accessToken);
  });

  it('answers 200 for an unknown token, revoking nothing', async () => {
    const k = await kioskWithOperator();
    await oidc.tokenRevocation(await kioskClient(k.clientId, k.key), 'not-a-token-of-this-server');
    expect(server.audit.events.at(-1)).toMatchObject({ action: 'token-revocation', revoked: false });
    expect(await operatorCheck(k.accessToken)).toBe('ok');
  });

  it("refuses to revoke another client's token, which stays live", async () => {
    const victim = await kioskWithOperator();
    const other = await kioskWithOperator();
    const config = await kioskClient(other.clientId, other.key);
    expect(await revocationError(oidc.tokenRevocation(config, victim.accessToken))).toEqual({
      status: 400,
      error: 'invalid_request',
    });
    expect(await operatorCheck(victim.accessToken)).toBe('ok');
  });

  it('refuses a client assertion not signed by the client key (401 invalid_client), revoking nothing', async () => {
    const k = await kioskWithOperator();
    const config = await kioskClient(k.clientId, await makeKioskKeyPair());
    expect(await revocationError(oidc.tokenRevocation(config, k.accessToken))).toEqual({
      status: 401,
      error: 'invalid_client',
    });
    expect(await operatorCheck(k.accessToken)).toBe('ok');
    const missing = await fetch(`${server.url}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: k.accessToken }),
    });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: string }).error).toBe('invalid_client');
    expect(await operatorCheck(k.accessToken)).toBe('ok');
  });
});
