// The signing-key admin API: list without private material, rotation keeps the old key published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeysListResponse, KeysRotateResponse } from './signing-keys-schema.js';
import { startAdminTestServer, type AdminTestServer } from './testing/start-admin-test-server.js';

const KEYS = '/v1/signet/admin/keys';

let server: AdminTestServer;

beforeAll(async () => {
  server = await startAdminTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function listKeys(): Promise<KeysListResponse['keys']> {
  const res = await server.call('GET', KEYS);
  expect(res.status).toBe(200);
  return (res.json.response as KeysListResponse).keys;
}

describe('GET /v1/signet/admin/keys', () => {
  it('lists kid, alg and status of every key, and nothing private', async () => {
    const res = await server.call('GET', KEYS);
    expect(res.status).toBe(200);
    const keys = (res.json.response as KeysListResponse).keys;
    expect(keys.map((k) => k.alg).sort()).toEqual(['ES256', 'PS256', 'RS256']);
    expect(keys.every((k) => k.status === 'active')).toBe(true);
    for (const key of keys)
      expect(Object.keys(key).sort()).toEqual(['alg', 'createdAt', 'kid', 'publishUntil', 'retiredAt', 'status']);
    expect(JSON.stringify(res.json)).not.toMatch(/encryptedPrivateJwk|"d"|"p"|"q"/);
  });

  it('needs the admin token', async () => {
    const res = await server.call('GET', KEYS, { token: null });
    expect(res.status).toBe(401);
    expect(res.json.errors[0]?.errorCode).toBe('unauthorized');
  });
});

describe('POST /v1/signet/admin/keys/rotate', () => {
  it('rotates one alg: the new kid signs, the old kid stays in the JWKS as retired', async () => {
    const oldKid = server.ctx.keys.signingKey('ES256').kid;
    const otherKids = [server.ctx.keys.signingKey('RS256').kid, server.ctx.keys.signingKey('PS256').kid];
    const res = await server.call('POST', `${KEYS}/rotate`, { body: { alg: 'ES256' } });
    expect(res.status).toBe(200);
    const { kids } = res.json.response as KeysRotateResponse;
    expect(kids).toHaveLength(1);
    const newKid = kids[0]!;
    expect(newKid).not.toBe(oldKid);
    expect(server.ctx.keys.signingKey('ES256').kid).toBe(newKid);
    expect([server.ctx.keys.signingKey('RS256').kid, server.ctx.keys.signingKey('PS256').kid]).toEqual(otherKids);
    const published = server.ctx.keys.jwks().keys.map((k) => k.kid);
    expect(published).toEqual(expect.arrayContaining([oldKid, newKid]));

    const keys = await listKeys();
    const old = keys.find((k) => k.kid === oldKid);
    expect(old).toMatchObject({ status: 'retired', alg: 'ES256' });
    expect(Date.parse(old!.publishUntil!)).toBeGreaterThan(Date.now());
    expect(keys.find((k) => k.kid === newKid)).toMatchObject({ status: 'active', alg: 'ES256' });
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'keys-rotate', outcome: 'success', alg: 'ES256', kids }),
    );
  });

  it('without a body rotates every configured alg', async () => {
    const before = server.config.signing.algs.map((alg) => server.ctx.keys.signingKey(alg).kid);
    const res = await server.call('POST', `${KEYS}/rotate`);
    expect(res.status).toBe(200);
    const { kids } = res.json.response as KeysRotateResponse;
    expect(kids).toHaveLength(server.config.signing.algs.length);
    const after = server.config.signing.algs.map((alg) => server.ctx.keys.signingKey(alg).kid);
    expect(after).toEqual(kids);
    expect(server.ctx.keys.jwks().keys.map((k) => k.kid)).toEqual(expect.arrayContaining([...before, ...after]));
  });

  it.each([
    ['an alg this server does not enable', { alg: 'EdDSA' }, 'EdDSA is not enabled'],
    ['an HMAC alg', { alg: 'HS256' }, 'alg'],
    ['an unknown field', { kid: 'mine' }, 'Unrecognized key'],
  ])('%s → 400 invalid_input, nothing rotated', async (_name, body, message) => {
    const before = server.ctx.keys.signingKey('ES256').kid;
    const res = await server.call('POST', `${KEYS}/rotate`, { body });
    expect(res.status).toBe(400);
    expect(res.json.errors[0]).toMatchObject({
      errorCode: 'invalid_input',
      errorMessage: expect.stringContaining(message),
    });
    expect(server.ctx.keys.signingKey('ES256').kid).toBe(before);
  });

  it('a non-JSON body → 415; a wrong token → 401 and nothing rotated', async () => {
    const before = server.ctx.keys.signingKey('ES256').kid;
    const text = await server.call('POST', `${KEYS}/rotate`, {
      rawBody: 'alg=ES256',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const wrong = await server.call('POST', `${KEYS}/rotate`, {
      token: 'not-the-admin-token-at-all',
      body: { alg: 'ES256' },
    });
    expect(wrong.status).toBe(401);
    expect(server.ctx.keys.signingKey('ES256').kid).toBe(before);
  });
});
