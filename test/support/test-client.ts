// Registers a relying party with a fresh key pair on a test server, the way an operator would
// with the client-management API; returns what an openid-client relying party needs.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { ClientCreate } from '@signet-kiosk/shared/esignet';
import type { RunningServer } from '@signet-kiosk/server';

export interface TestClient {
  clientId: string;
  redirectUri: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  alg: string;
  encryption?: { privateKey: CryptoKey; publicJwk: JWK };
}

export interface TestClientOptions {
  alg?: 'ES256' | 'RS256' | 'PS256';
  redirectUri?: string;
  userClaims?: string[];
  authContextRefs?: string[];
  encryptUserinfo?: boolean;
  additionalConfig?: Partial<ClientCreate['additionalConfig']>;
}

export const DEMO_CLAIMS = [
  'name',
  'given_name',
  'family_name',
  'gender',
  'birthdate',
  'email',
  'phone_number',
  'address',
  'picture',
  'locale',
];

export async function registerTestClient(server: RunningServer, options: TestClientOptions = {}): Promise<TestClient> {
  const alg = options.alg ?? 'ES256';
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomBytes(6).toString('base64url');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const clientId = `rp-${randomBytes(6).toString('hex')}`;
  const redirectUri = options.redirectUri ?? 'https://rp.example.org/callback';
  let encryption: TestClient['encryption'];
  if (options.encryptUserinfo) {
    const pair = await generateKeyPair('RSA-OAEP-256', { extractable: true });
    encryption = {
      privateKey: pair.privateKey,
      publicJwk: { ...(await exportJWK(pair.publicKey)), kid: `enc-${kid}`, use: 'enc', alg: 'RSA-OAEP-256' },
    };
  }
  const now = new Date().toISOString();
  await server.ctx.registry.clients.create({
    clientId,
    clientName: 'Test Relying Party',
    clientNameLangMap: { khm: 'ភាគីជឿទុកចិត្ត' },
    publicKey: publicJwk as ClientCreate['publicKey'],
    relyingPartyId: `rp-${clientId}`,
    userClaims: options.userClaims ?? DEMO_CLAIMS,
    authContextRefs: options.authContextRefs ?? [
      'mosip:idp:acr:static-code',
      'mosip:idp:acr:generated-code',
      'mosip:idp:acr:password',
    ],
    logoUri: 'https://rp.example.org/logo.png',
    redirectUris: [redirectUri],
    grantTypes: ['authorization_code'],
    clientAuthMethods: ['private_key_jwt'],
    additionalConfig: {
      userinfo_response_type: options.encryptUserinfo ? 'JWE' : 'JWS',
      consent_expire_in_mins: 0,
      require_pushed_authorization_requests: false,
      dpop_bound_access_tokens: false,
      require_pkce: true,
      ...options.additionalConfig,
    },
    ...(encryption ? { encPublicKey: encryption.publicJwk as ClientCreate['publicKey'] } : {}),
    status: 'ACTIVE',
    createdAt: now,
    updatedAt: now,
  });
  return { clientId, redirectUri, privateKey, publicJwk, alg, ...(encryption ? { encryption } : {}) };
}
