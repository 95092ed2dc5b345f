// The client management API against a real context and HTTP server: CRUD, auth, key checks,
// redirect URI and ACR rules, PATCH semantics, bad bodies, audit.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esignetTime } from '@signet-kiosk/shared/esignet';
import { PLAIN_ROUTE, startAdminTestServer, type AdminTestServer } from './testing/start-admin-test-server.js';

const CLIENTS = '/v1/esignet/client-mgmt/client';

async function publicJwk(alg: string, options: { crv?: string; modulusLength?: number } = {}): Promise<JWK> {
  const { publicKey } = await generateKeyPair(alg, { extractable: true, ...options });
  return exportJWK(publicKey);
}

function rsaPublicJwk(bits: number): JWK {
  return generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' }) as JWK;
}

let ecKey: JWK;

function clientRequest(clientId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientId,
    clientName: 'Health portal',
    clientNameLangMap: { eng: 'Health portal', khm: 'វិបផតថលសុខភាព' },
    publicKey: ecKey,
    relyingPartyId: 'health-rp',
    userClaims: ['name', 'email'],
    authContextRefs: ['mosip:idp:acr:static-code'],
    logoUri: 'https://health.example.org/logo.png',
    redirectUris: ['https://health.example.org/callback'],
    ...overrides,
  };
}

const envelope = (request: unknown) => ({ requestTime: esignetTime(), request });

let server: AdminTestServer;

beforeAll(async () => {
  ecKey = await publicJwk('ES256');
  server = await startAdminTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function create(clientId: string, overrides: Record<string, unknown> = {}) {
  return server.call('POST', CLIENTS, { body: envelope(clientRequest(clientId, overrides)) });
}

async function expectError(
  result: Awaited<ReturnType<AdminTestServer['call']>>,
  status: number,
  errorCode: string,
): Promise<string> {
  expect({
    status: result.status,
    errorCode: result.json.errors[0]?.errorCode,
    response: result.json.response,
  }).toEqual({ status, errorCode, response: null });
  return result.json.errors[0]!.errorMessage;
}

describe('create, get, list, delete', () => {
  it('creates a client and answers eSignet’s {clientId, status}', async () => {
    const res = await create('crud-1');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response: { clientId: 'crud-1', status: 'ACTIVE' }, errors: [] });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'client-create', outcome: 'success', clientId: 'crud-1' }),
    );
  });

  it('GET answers the stored client with defaults applied', async () => {
    const res = await server.call('GET', `${CLIENTS}/crud-1`);
    expect(res.status).toBe(200);
    expect(res.json.response).toMatchObject({
      clientId: 'crud-1',
      status: 'ACTIVE',
      publicKey: ecKey,
      grantTypes: ['authorization_code'],
      clientAuthMethods: ['private_key_jwt'],
      additionalConfig: { userinfo_response_type: 'JWS', require_pkce: true },
    });
  });

  it('lists clients', async () => {
    await create('crud-2');
    const res = await server.call('GET', CLIENTS);
    expect(res.status).toBe(200);
    const ids = (res.json.response as { clients: { clientId: string }[] }).clients.map((c) => c.clientId);
    expect(ids).toEqual(expect.arrayContaining(['crud-1', 'crud-2']));
  });

  it('deletes a client; then GET and DELETE answer invalid_client 404', async () => {
    const res = await server.call('DELETE', `${CLIENTS}/crud-2`);
    expect(res.status).toBe(200);
    expect(res.json.response).toEqual({ clientId: 'crud-2', deleted: true });
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'client-delete', outcome: 'success', clientId: 'crud-2' }),
    );
    await expectError(await server.call('GET', `${CLIENTS}/crud-2`), 404, 'invalid_client');
    await expectError(await server.call('DELETE', `${CLIENTS}/crud-2`), 404, 'invalid_client');
  });

  it('a duplicate clientId → 409 duplicate_client_id, audited as a failure', async () => {
    await expectError(await create('crud-1'), 409, 'duplicate_client_id');
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'client-create', outcome: 'failure', errorCode: 'duplicate_client_id' }),
    );
  });

  it('a malformed clientId in the path → 404 invalid_client', async () => {
    await expectError(await server.call('GET', `${CLIENTS}/${encodeURIComponent('a b')}`), 404, 'invalid_client');
  });
});

describe('admin token', () => {
  it('missing → 401 unauthorized, audited', async () => {
    await expectError(await server.call('GET', CLIENTS, { token: null }), 401, 'unauthorized');
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'admin-auth', outcome: 'failure', errorCode: 'unauthorized', path: CLIENTS }),
    );
  });

  it('wrong → 401 unauthorized, and nothing is created', async () => {
    const res = await server.call('POST', CLIENTS, {
      token: 'wrong-token-0123456789abcdef',
      body: envelope(clientRequest('sneaky')),
    });
    await expectError(res, 401, 'unauthorized');
    await expectError(await server.call('GET', `${CLIENTS}/sneaky`), 404, 'invalid_client');
  });

  it('not configured → 403 forbidden, whatever the request carries', async () => {
    const closed = await startAdminTestServer({ adminToken: undefined });
    try {
      await expectError(await closed.call('GET', CLIENTS), 403, 'forbidden');
      await expectError(
        await closed.call('POST', CLIENTS, { body: envelope(clientRequest('x-403')) }),
        403,
        'forbidden',
      );
      await expectError(await closed.call('GET', '/v1/signet/admin/keys'), 403, 'forbidden');
    } finally {
      await closed.close();
    }
  });

  it('the admin middleware stays on its paths: other routes need no token and keep their own body parsers', async () => {
    const get = await server.call('GET', PLAIN_ROUTE, { token: null });
    expect(get).toMatchObject({ status: 200, json: { plain: true } });
    const post = await server.call('POST', PLAIN_ROUTE, {
      token: null,
      rawBody: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(post).toMatchObject({ status: 200, json: { plain: true, body: 'hello' } });
  });
});

describe('public keys', () => {
  const invalid: [string, () => Promise<unknown> | unknown][] = [
    [
      'a private key (d present)',
      async () => ({ ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)) }),
    ],
    ['an HMAC oct key', () => ({ kty: 'oct', k: randomBytes(32).toString('base64url') })],
    ['a 1024-bit RSA key', () => rsaPublicJwk(1024)],
    ['an RSA key with e = 1', () => ({ ...rsaPublicJwk(2048), e: 'AQ' })],
    [
      'a garbage EC point',
      () => ({
        kty: 'EC',
        crv: 'P-256',
        x: randomBytes(32).toString('base64url'),
        y: randomBytes(32).toString('base64url'),
      }),
    ],
    ['garbage', () => 'not a key'],
    ['an EC key without x', () => ({ kty: 'EC', crv: 'P-256', y: randomBytes(32).toString('base64url') })],
    [
      'an unsupported curve',
      () => ({
        kty: 'EC',
        crv: 'secp256k1',
        x: randomBytes(32).toString('base64url'),
        y: randomBytes(32).toString('base64url'),
      }),
    ],
    ['an X25519 key (encryption only)', () => publicJwk('ECDH-ES', { crv: 'X25519' })],
    ['use "enc"', async () => ({ ...(await publicJwk('ES256')), use: 'enc' })],
    ['an alg that does not fit the curve', async () => ({ ...(await publicJwk('ES256')), alg: 'ES384' })],
    ['an encryption alg', async () => ({ ...(await publicJwk('ES256')), alg: 'ECDH-ES' })],
  ];
  it.each(invalid)('publicKey: %s → 400 invalid_public_key', async (_name, make) => {
    const message = await expectError(
      await create(`bad-key-${randomBytes(4).toString('hex')}`, { publicKey: await make() }),
      400,
      'invalid_public_key',
    );
    expect(message).toMatch(/^publicKey/);
  });

  const validSigning: [string, () => Promise<JWK> | JWK][] = [
    ['EC P-256', () => publicJwk('ES256')],
    ['EC P-384', () => publicJwk('ES384')],
    ['EC P-521', () => publicJwk('ES512')],
    ['Ed25519', () => publicJwk('EdDSA', { crv: 'Ed25519' })],
    ['RSA 2048 (PS256)', async () => ({ ...rsaPublicJwk(2048), alg: 'PS256', use: 'sig' })],
  ];
  it.each(validSigning)('publicKey: %s is accepted', async (_name, make) => {
    const res = await create(`good-key-${randomBytes(4).toString('hex')}`, { publicKey: await make() });
    expect(res.status).toBe(200);
  });

  const invalidEncryption: [string, () => Promise<JWK> | JWK][] = [
    ['an Ed25519 key (signing only)', () => publicJwk('EdDSA', { crv: 'Ed25519' })],
    ['use "sig"', async () => ({ ...(await publicJwk('ECDH-ES')), use: 'sig' })],
    ['a signing alg', async () => ({ ...rsaPublicJwk(2048), alg: 'RS256' })],
    ['a 1024-bit RSA key', () => rsaPublicJwk(1024)],
  ];
  it.each(invalidEncryption)('encPublicKey: %s → 400 invalid_public_key', async (_name, make) => {
    const message = await expectError(
      await create(`bad-enc-${randomBytes(4).toString('hex')}`, { encPublicKey: await make() }),
      400,
      'invalid_public_key',
    );
    expect(message).toMatch(/^encPublicKey/);
  });
});

describe('redirect URIs, ACRs and other fields', () => {
  const badRedirects = [
    'https://health.example.org/*',
    'https://*.example.org/callback',
    'https://health.example.org/callback#frag',
    'https://health.example.org/callback#',
    'javascript:alert(1)',
    '/relative/callback',
    ' https://health.example.org/callback',
    'ws://health.example.org/callback',
    'wss://health.example.org/callback',
    'ftp://health.example.org/callback',
    'https://user:pass@health.example.org/callback',
    'https://user@health.example.org/callback',
    'https://@health.example.org/callback',
    'org.example.health://user@callback/',
    'myapp:/callback',
    'http://health.example.org/callback',
    'http://127.0.0.1.health.example.org/callback',
    'http://localhost.health.example.org/callback',
  ];
  it.each(badRedirects)('redirect URI %j → 400 invalid_input', async (uri) => {
    const message = await expectError(
      await create(`bad-redirect-${randomBytes(4).toString('hex')}`, { redirectUris: [uri] }),
      400,
      'invalid_input',
    );
    expect(message).toMatch(/^Invalid request:\n✖ .+\n {2}→ at request\.redirectUris\[0\]$/);
  });

  it('accepts https, private-use schemes (native apps, RFC 8252) and loopback http on any port', async () => {
    const res = await create('native-app', {
      redirectUris: [
        'org.example.health:/callback',
        'org.example.health://callback',
        'http://127.0.0.1:8080/cb?tenant=a',
        'http://127.8.9.10/cb',
        'http://[::1]:9000/cb',
        'http://localhost:3000/cb',
        'https://health.example.org:8443/cb?x=1',
      ],
    });
    expect(res.status).toBe(200);
  });

  it('says why plain http to another host is refused, in create, PUT and PATCH', async () => {
    const message = await expectError(
      await create('plain-http', {
        redirectUris: ['https://health.example.org/callback', 'http://health.example.org/callback'],
      }),
      400,
      'invalid_input',
    );
    expect(message).toContain('→ at request.redirectUris[1]');
    expect(message).toContain('plain http only on a loopback address');
    expect((await create('plain-http', {})).status).toBe(200);
    const { clientId: _id, ...update } = clientRequest('plain-http', {
      redirectUris: ['http://health.example.org/callback'],
    });
    await expectError(
      await server.call('PUT', `${CLIENTS}/plain-http`, { body: envelope(update) }),
      400,
      'invalid_input',
    );
    await expectError(
      await server.call('PATCH', `${CLIENTS}/plain-http`, {
        body: envelope({ redirectUris: ['http://health.example.org/callback'] }),
      }),
      400,
      'invalid_input',
    );
  });

  it('accepts plain http to any host in demo mode', async () => {
    const demo = await startAdminTestServer({ demo: true });
    try {
      const res = await demo.call('POST', CLIENTS, {
        body: envelope(clientRequest('demo-http', { redirectUris: ['http://rp.demo.example/callback'] })),
      });
      expect(res.status).toBe(200);
    } finally {
      await demo.close();
    }
  });

  it.each(['mosip:idp:acr:unknown', 'constructor', '__proto__'])('unknown ACR %j → 400 invalid_input', async (acr) => {
    const message = await expectError(
      await create(`bad-acr-${randomBytes(4).toString('hex')}`, { authContextRefs: [acr] }),
      400,
      'invalid_input',
    );
    expect(message).toContain('unknown ACR value');
  });

  it('a javascript: logo URI → 400 invalid_input', async () => {
    await expectError(await create('bad-logo', { logoUri: 'javascript:alert(1)' }), 400, 'invalid_input');
  });

  it('a signing alg the server has no key for → 400 invalid_input', async () => {
    const res = await create('bad-alg', { additionalConfig: { id_token_signed_response_alg: 'EdDSA' } });
    expect(await expectError(res, 400, 'invalid_input')).toContain('EdDSA is not enabled');
  });

  it.each(['require_pushed_authorization_requests', 'dpop_bound_access_tokens'])(
    '%s: true (not enforced here) → 400 invalid_input naming it; false is fine',
    async (setting) => {
      const message = await expectError(
        await create(`not-enforced-${randomBytes(4).toString('hex')}`, { additionalConfig: { [setting]: true } }),
        400,
        'invalid_input',
      );
      expect(message).toContain(`additionalConfig.${setting}`);
      expect(message).toContain('not enforced by this server');
      const id = `enforced-false-${randomBytes(4).toString('hex')}`;
      expect((await create(id, { additionalConfig: { [setting]: false } })).status).toBe(200);
      const { clientId: _id, ...update } = clientRequest(id, { additionalConfig: { [setting]: true } });
      expect(
        await expectError(
          await server.call('PUT', `${CLIENTS}/${id}`, { body: envelope(update) }),
          400,
          'invalid_input',
        ),
      ).toContain(setting);
      expect(
        await expectError(
          await server.call('PATCH', `${CLIENTS}/${id}`, { body: envelope({ additionalConfig: { [setting]: true } }) }),
          400,
          'invalid_input',
        ),
      ).toContain(setting);
    },
  );

  it('an unknown field → 400 invalid_input', async () => {
    await expectError(await create('extra-field', { client_secret: 'nope' }), 400, 'invalid_input');
  });
});

describe('update (PUT) and patch (PATCH)', () => {
  beforeAll(async () => {
    expect(
      (
        await create('upd-1', {
          userClaims: ['name', 'email', 'phone_number'],
          additionalConfig: { consent_expire_in_mins: 30 },
        })
      ).status,
    ).toBe(200);
  });

  it('PATCH sets encPublicKey and leaves every other field as it was', async () => {
    const before = (await server.call('GET', `${CLIENTS}/upd-1`)).json.response as Record<string, unknown>;
    const encKey = await publicJwk('RSA-OAEP-256');
    const res = await server.call('PATCH', `${CLIENTS}/upd-1`, { body: envelope({ encPublicKey: encKey }) });
    expect(res.status).toBe(200);
    expect(res.json.response).toEqual({ clientId: 'upd-1', status: 'ACTIVE' });
    const after = (await server.call('GET', `${CLIENTS}/upd-1`)).json.response as Record<string, unknown>;
    expect(after).toEqual({ ...before, encPublicKey: encKey, updatedAt: after.updatedAt });
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'client-patch',
        outcome: 'success',
        clientId: 'upd-1',
        changed: ['encPublicKey'],
      }),
    );
  });

  it('PATCH accepts EC and X25519 encryption keys', async () => {
    for (const key of [await publicJwk('ECDH-ES'), await publicJwk('ECDH-ES', { crv: 'X25519' })]) {
      expect((await server.call('PATCH', `${CLIENTS}/upd-1`, { body: envelope({ encPublicKey: key }) })).status).toBe(
        200,
      );
    }
  });

  it('PATCH merges additionalConfig key by key', async () => {
    const res = await server.call('PATCH', `${CLIENTS}/upd-1`, {
      body: envelope({ additionalConfig: { userinfo_response_type: 'JWE' } }),
    });
    expect(res.status).toBe(200);
    const after = (await server.call('GET', `${CLIENTS}/upd-1`)).json.response as {
      additionalConfig: Record<string, unknown>;
      userClaims: string[];
    };
    expect(after.additionalConfig).toMatchObject({ userinfo_response_type: 'JWE', consent_expire_in_mins: 30 });
    expect(after.userClaims).toEqual(['name', 'email', 'phone_number']);
  });

  it('PATCH encPublicKey: null removes it; an empty PATCH → invalid_input', async () => {
    expect((await server.call('PATCH', `${CLIENTS}/upd-1`, { body: envelope({ encPublicKey: null }) })).status).toBe(
      200,
    );
    const after = (await server.call('GET', `${CLIENTS}/upd-1`)).json.response as Record<string, unknown>;
    expect(after).not.toHaveProperty('encPublicKey');
    await expectError(await server.call('PATCH', `${CLIENTS}/upd-1`, { body: envelope({}) }), 400, 'invalid_input');
  });

  it('PATCH with an invalid encPublicKey → invalid_public_key, client unchanged', async () => {
    await expectError(
      await server.call('PATCH', `${CLIENTS}/upd-1`, { body: envelope({ encPublicKey: rsaPublicJwk(1024) }) }),
      400,
      'invalid_public_key',
    );
    const after = (await server.call('GET', `${CLIENTS}/upd-1`)).json.response as Record<string, unknown>;
    expect(after).not.toHaveProperty('encPublicKey');
  });

  it('PUT replaces the fields (defaults for those left out) and keeps the keys when eSignet’s body omits them', async () => {
    const {
      clientId: _id,
      publicKey: _pk,
      relyingPartyId: _rp,
      ...esignetUpdate
    } = clientRequest('upd-1', { clientName: 'Health portal v2', userClaims: ['name'] });
    const res = await server.call('PUT', `${CLIENTS}/upd-1`, {
      body: envelope({ ...esignetUpdate, status: 'INACTIVE' }),
    });
    expect(res.status).toBe(200);
    expect(res.json.response).toEqual({ clientId: 'upd-1', status: 'INACTIVE' });
    const after = (await server.call('GET', `${CLIENTS}/upd-1`)).json.response as Record<string, unknown>;
    expect(after).toMatchObject({
      clientName: 'Health portal v2',
      userClaims: ['name'],
      status: 'INACTIVE',
      publicKey: ecKey,
      relyingPartyId: 'health-rp',
    });
    expect(after.additionalConfig).toMatchObject({ userinfo_response_type: 'JWS', consent_expire_in_mins: 0 });
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'client-update', outcome: 'success', clientId: 'upd-1' }),
    );
  });

  it('PUT with a new publicKey replaces it; a short RSA key → invalid_public_key', async () => {
    const { clientId: _id, ...update } = clientRequest('upd-1', { publicKey: await publicJwk('ES384') });
    expect((await server.call('PUT', `${CLIENTS}/upd-1`, { body: envelope(update) })).status).toBe(200);
    const { clientId: _id2, ...weak } = clientRequest('upd-1', { publicKey: rsaPublicJwk(1024) });
    await expectError(
      await server.call('PUT', `${CLIENTS}/upd-1`, { body: envelope(weak) }),
      400,
      'invalid_public_key',
    );
  });

  it('refuses a relyingPartyId under urn:signet-kiosk: (the server keys its own hashes of IDs there) → invalid_input', async () => {
    for (const relyingPartyId of ['urn:signet-kiosk:operator', 'URN:Signet-Kiosk:attempt-limits']) {
      expect(
        await expectError(await create(`reserved-${relyingPartyId.length}`, { relyingPartyId }), 400, 'invalid_input'),
      ).toContain('relyingPartyId');
    }
  });

  it('relyingPartyId cannot change (PUT or PATCH) → invalid_input', async () => {
    const { clientId: _id, ...update } = clientRequest('upd-1', { relyingPartyId: 'other-rp' });
    expect(
      await expectError(await server.call('PUT', `${CLIENTS}/upd-1`, { body: envelope(update) }), 400, 'invalid_input'),
    ).toContain('relyingPartyId');
    await expectError(
      await server.call('PATCH', `${CLIENTS}/upd-1`, { body: envelope({ relyingPartyId: 'other-rp' }) }),
      400,
      'invalid_input',
    );
  });

  it('PUT or PATCH of an unknown client → 404 invalid_client', async () => {
    const { clientId: _id, ...update } = clientRequest('nobody');
    await expectError(await server.call('PUT', `${CLIENTS}/nobody`, { body: envelope(update) }), 404, 'invalid_client');
    await expectError(
      await server.call('PATCH', `${CLIENTS}/nobody`, { body: envelope({ clientName: 'x' }) }),
      404,
      'invalid_client',
    );
  });
});

describe('bad requests, always in the envelope, never 5xx', () => {
  it('a requestTime off by more than 2 minutes → 400 request_time_skew', async () => {
    const body = { requestTime: new Date(Date.now() - 10 * 60_000).toISOString(), request: clientRequest('skewed') };
    await expectError(await server.call('POST', CLIENTS, { body }), 400, 'request_time_skew');
  });

  it('no envelope → 400 request_time_skew (requestTime is missing); an envelope without request → 400 invalid_input', async () => {
    await expectError(await server.call('POST', CLIENTS, { body: clientRequest('bare') }), 400, 'request_time_skew');
    await expectError(
      await server.call('POST', CLIENTS, { body: { requestTime: esignetTime() } }),
      400,
      'invalid_input',
    );
  });

  it('malformed JSON → 400 invalid_input', async () => {
    await expectError(await server.call('POST', CLIENTS, { rawBody: '{"requestTime": ' }), 400, 'invalid_input');
  });

  it('a non-JSON content type → 415 unsupported_media_type', async () => {
    await expectError(
      await server.call('POST', CLIENTS, {
        rawBody: 'clientId=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'unsupported_media_type',
    );
  });

  it('a body over the limit → 413 payload_too_large', async () => {
    const big = clientRequest('big', { clientName: 'x'.repeat(server.config.limits.bodyBytes) });
    await expectError(await server.call('POST', CLIENTS, { body: envelope(big) }), 413, 'payload_too_large');
  });

  it('an unknown path or method under the prefix → 404 not_found', async () => {
    await expectError(await server.call('GET', '/v1/esignet/client-mgmt/nothing'), 404, 'not_found');
    await expectError(await server.call('POST', `${CLIENTS}/crud-1`, { body: envelope({}) }), 404, 'not_found');
  });

  it.each([
    ['POST', CLIENTS],
    ['PUT', `${CLIENTS}/crud-1`],
    ['PATCH', `${CLIENTS}/crud-1`],
  ])('%s %s: random bodies → 4xx in the envelope, never 5xx, client unchanged', async (method, route) => {
    const before = await server.ctx.registry.clients.get('crud-1');
    const bodies = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ requestTime: fc.constant(esignetTime()), request: fc.jsonValue() }).map((v) => JSON.stringify(v)),
      fc
        .record({ publicKey: fc.jsonValue(), redirectUris: fc.array(fc.string()) })
        .map((fuzzed) => JSON.stringify(envelope({ ...clientRequest('fuzz'), ...fuzzed }))),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (rawBody) => {
        const res = await server.call(method, route, { rawBody });
        expect(res.status, rawBody).toBeGreaterThanOrEqual(400);
        expect(res.status, rawBody).toBeLessThan(500);
        expect(res.json.response).toBeNull();
        expect(res.json.errors[0]?.errorCode).toMatch(/^[a-z_]+$/);
      }),
      { numRuns: 60 },
    );
    expect(await server.ctx.registry.clients.get('crud-1')).toEqual(before);
  });
});
