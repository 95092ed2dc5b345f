// panva's oidc-provider (9.x) set up like our server for the token-endpoint comparison:
// private_key_jwt with ES256, PKCE S256 required, ES256 ID tokens, opaque access tokens, its
// default in-memory adapter. Codes are minted in-process from a saved Grant, as its own
// authorization endpoint would; the bench only ever sends it token requests.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';
import { freePort } from '@signet-kiosk/server/testing';
import type { ChildRequest } from '../harness/ipc-messages.js';
import { processStats, serveIpc } from '../harness/ipc-child.js';

const port = await freePort();
const issuer = `http://127.0.0.1:${port}`;
const clientId = `rp-${randomBytes(6).toString('hex')}`;
const redirectUri = 'https://rp.example.org/callback';
const clientKeys = await generateKeyPair('ES256', { extractable: true });
const kid = randomBytes(6).toString('base64url');
const serverKey = await generateKeyPair('ES256', { extractable: true });

// The default adapter keeps at most 1,000 entries (an LRU): far fewer than the codes, grants, tokens
// and jtis of a run, so it would evict codes before they are used. Same adapter class, more room.
const storage = new LRU({ maxSize: 2_000_000 });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      id_token_signed_response_alg: 'ES256',
      jwks: { keys: [{ ...(await exportJWK(clientKeys.publicKey)), kid, alg: 'ES256', use: 'sig' }] },
    },
  ],
  jwks: { keys: [{ ...(await exportJWK(serverKey.privateKey)), kid: 'op-es256', alg: 'ES256', use: 'sig' }] },
  adapter: (model: string) => new MemoryAdapter(model, storage),
  clientAuthMethods: ['private_key_jwt'],
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'profile', 'email'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'gender', 'birthdate', 'locale'],
    email: ['email'],
  },
  ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Grant: 600 },
});
provider.on('server_error', (_ctx, err) => console.error('oidc-provider server_error', err));

const http = createServer(provider.callback());
await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', () => resolve()));

async function mintCodes(r: Extract<ChildRequest, { type: 'mint-codes' }>): Promise<{ codes: string[] }> {
  const client = await provider.Client.find(r.clientId);
  if (!client) throw new Error(`unknown client ${r.clientId}`);
  const codes: string[] = [];
  for (let i = 0; i < r.count; i++) {
    const accountId = randomBytes(32).toString('base64url');
    const grant = new provider.Grant({ accountId, clientId: r.clientId });
    grant.addOIDCScope('openid profile email');
    const grantId = await grant.save();
    const code = new provider.AuthorizationCode({
      accountId,
      grantId,
      client,
      redirectUri: r.redirectUri,
      scope: 'openid profile email',
      codeChallenge: r.codeChallenge,
      codeChallengeMethod: 'S256',
      nonce: randomBytes(16).toString('base64url'),
      authTime: Math.floor(Date.now() / 1000),
      acr: 'mosip:idp:acr:generated-code',
      amr: ['otp'],
      sessionUid: randomUUID(),
    });
    codes.push(await code.save());
  }
  return { codes };
}

serveIpc(
  { url: issuer, issuer, tokenPath: '/token', name: 'oidc-provider' },
  async (request) => {
    switch (request.type) {
      case 'register-client':
        return {
          clientId,
          redirectUri,
          privateJwk: { ...(await exportJWK(clientKeys.privateKey)), kid, alg: 'ES256' },
          kid,
          alg: 'ES256',
        };
      case 'mint-codes':
        return mintCodes(request);
      case 'create-residents':
        throw new Error('oidc-provider has no ID system here');
      case 'register-kiosk':
        throw new Error('oidc-provider has no kiosks');
      case 'stats':
        return { ...processStats(request.gc), transactions: null, replay: null, linkWatchers: null, connections: null };
      case 'shutdown':
        return {};
    }
  },
  async () => {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  },
);
