// Test support for kiosks: a kiosk key pair and registration request, and an operator's sign-in at
// the kiosk as the kiosk does it — openid-client with private_key_jwt on the kiosk key, PKCE and
// nonce, the operator answering through the login UI's transaction API.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import * as oidc from 'openid-client';
import type { OAuthDetailsRequest } from '@signet-kiosk/shared/esignet';
import { KioskPublicJwkSchema, type KioskPublicJwk, type KioskRegistrationRequest } from '@signet-kiosk/shared/kiosk';
import { UiApiClient } from '../../esignet/testing/ui-api-client.js';
import type { RunningServer } from '../../server.js';

export interface KioskKeyPair {
  privateKey: CryptoKey;
  publicJwk: KioskPublicJwk;
}

/** A fresh P-256 kiosk key, as the kiosk makes on first run. */
export async function makeKioskKeyPair(): Promise<KioskKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y } = await exportJWK(publicKey);
  return {
    privateKey,
    publicJwk: KioskPublicJwkSchema.parse({ kty, crv, x, y, kid: randomBytes(6).toString('base64url') }),
  };
}

export const TEST_KIOSK_REDIRECT_URI = 'http://127.0.0.1:3300/operator/callback';

/** A registration request for the key, with a fresh kiosk id unless one is given. */
export function kioskRegistrationRequest(
  publicJwk: KioskPublicJwk,
  overrides: Partial<KioskRegistrationRequest> = {},
): KioskRegistrationRequest {
  return {
    kioskId: `test-kiosk-${randomBytes(4).toString('hex')}`,
    name: 'Kiosk at the Central Post Office',
    publicJwk,
    redirectUris: [TEST_KIOSK_REDIRECT_URI],
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

export interface OperatorSignIn {
  accessToken: string;
  /** The verified ID token's claims (`sub` is the operator at this kiosk's client). */
  idTokenClaims: oidc.IDToken;
  /** Whether the server set an SSO cookie on this sign-in (it must not for a kiosk's client). */
  ssoCookieSet: boolean;
}

/** The oauth-details request a login UI builds from the parameters /authorize redirected it with. */
function oauthDetailsRequestFrom(loginUrl: string): OAuthDetailsRequest {
  const q = new URL(loginUrl).searchParams;
  const get = (k: string) => q.get(k) ?? undefined;
  return {
    clientId: get('client_id'),
    scope: get('scope'),
    responseType: get('response_type'),
    redirectUri: get('redirect_uri'),
    nonce: get('nonce'),
    state: get('state'),
    acrValues: get('acr_values'),
    claimsLocales: get('claims_locales'),
    uiLocales: get('ui_locales'),
    codeChallenge: get('code_challenge'),
    codeChallengeMethod: get('code_challenge_method'),
  } as OAuthDetailsRequest;
}

/**
 * Signs an operator in at a registered kiosk with a PIN and exchanges the code at the token
 * endpoint as the kiosk's client; throws when any step fails.
 * @example const { accessToken } = await signInOperator(server, { clientId: kiosk.clientId, key, individualId, pin });
 */
export async function signInOperator(
  server: RunningServer,
  o: { clientId: string; privateKey: CryptoKey; individualId: string; pin: string; redirectUri?: string },
): Promise<OperatorSignIn> {
  const redirectUri = o.redirectUri ?? TEST_KIOSK_REDIRECT_URI;
  const config = await oidc.discovery(
    new URL(server.url),
    o.clientId,
    { id_token_signed_response_alg: 'ES256' },
    oidc.PrivateKeyJwt(o.privateKey),
    { execute: [oidc.allowInsecureRequests] },
  );
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    acr_values: 'mosip:idp:acr:static-code',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
  });
  const authorize = await fetch(url, { redirect: 'manual' });
  const loginUrl = authorize.headers.get('location');
  if (!loginUrl) throw new Error(`authorize did not redirect (${authorize.status}): ${await authorize.text()}`);
  const ui = new UiApiClient(server.url);
  const details = await ui.oauthDetails(oauthDetailsRequestFrom(loginUrl));
  if (!details.response) throw new Error(`oauth-details failed: ${JSON.stringify(details.errors)}`);
  const authn = await ui.authenticateWithPin(o.individualId, o.pin);
  if (!authn.response) throw new Error(`authenticate failed: ${JSON.stringify(authn.errors)}`);
  const code = await ui.authCode([], []);
  if (!code.response) throw new Error(`auth-code failed: ${JSON.stringify(code.errors)}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(code.response.redirectUrl), {
    pkceCodeVerifier: verifier,
    expectedNonce: nonce,
    expectedState: state,
    idTokenExpected: true,
  });
  return {
    accessToken: tokens.access_token,
    idTokenClaims: tokens.claims()!,
    ssoCookieSet: ui.cookie('signet_sso') !== undefined,
  };
}
