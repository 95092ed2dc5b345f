import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockIdentity, type MockIdentity } from './index.js';
import { FAST_SCRYPT, OWN_RESIDENT, serve, tempContext, TEST_ADMIN_TOKEN, writeSeedFile } from './test-context.js';

const BASE = '/v1/mock-identity-system/identity';
const now = () => new Date().toISOString();

const newResident = {
  individualId: '7700112233',
  pin: '246810',
  password: 'Tonle-Sap-2026',
  fullName: [
    { language: 'eng', value: 'Bopha Meas' },
    { language: 'khm', value: 'មាស បុប្ផា' },
  ],
  givenName: [{ language: 'eng', value: 'Bopha' }],
  familyName: [{ language: 'eng', value: 'Meas' }],
  gender: [{ language: 'eng', value: 'Female' }],
  dateOfBirth: '1995/07/19',
  email: 'bopha.meas@example.org',
  phone: '+85511223344',
  streetAddress: [{ language: 'eng', value: 'No. 7, Street 360' }],
  locality: [{ language: 'eng', value: 'Boeng Keng Kang' }],
  region: [{ language: 'eng', value: 'Phnom Penh' }],
  postalCode: '120102',
  country: [{ language: 'eng', value: 'Cambodia' }],
  preferredLang: 'km',
  nickName: [{ language: 'eng', value: 'ignored eSignet field' }],
};

describe('mock identity admin API', () => {
  let ctx: ReturnType<typeof tempContext>;
  let plugin: MockIdentity;
  let server: Awaited<ReturnType<typeof serve>>;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    init: { token?: string | null; contentType?: string; raw?: string } = {},
  ) => {
    const headers: Record<string, string> = {};
    const token = init.token === undefined ? TEST_ADMIN_TOKEN : init.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined || init.raw !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const res = await fetch(server.url + path, {
      method,
      headers,
      body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      json: text
        ? (JSON.parse(text) as {
            response: Record<string, unknown> | null;
            errors: { errorCode: string; errorMessage: string }[];
          })
        : undefined,
    };
  };
  const envelope = (request: unknown) => ({ requestTime: now(), request });
  const pinAuth = (individualId: string, pin: string) =>
    plugin.kycAuth({
      transactionId: 't',
      clientId: 'c',
      relyingPartyId: 'r',
      individualId,
      challenges: [{ authFactorType: 'PIN', challenge: pin, format: 'number' }],
    });

  beforeEach(async () => {
    ctx = tempContext();
    plugin = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT });
    server = await serve(plugin.routes!());
  });
  afterEach(async () => {
    await server.close();
    await plugin.close?.();
    ctx.cleanup();
  });

  it('creates, reads, updates and deletes an identity', async () => {
    const created = await call('POST', BASE, envelope(newResident));
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ response: { status: 'mock identity data created successfully' }, errors: [] });
    expect((await pinAuth(newResident.individualId, '246810')).ok).toBe(true);

    const read = await call('GET', `${BASE}/${newResident.individualId}`);
    expect(read.status).toBe(200);
    expect(read.json!.response).toMatchObject({
      individualId: '7700112233',
      dateOfBirth: '1995-07-19',
      preferredLang: 'khm',
      fullName: newResident.fullName,
    });
    expect(read.json!.response).not.toHaveProperty('nickName');

    const updated = await call(
      'PUT',
      BASE,
      envelope({ individualId: newResident.individualId, pin: '135790', email: 'bopha@example.org' }),
    );
    expect(updated.status).toBe(200);
    expect(updated.json!.response).toEqual({ status: 'mock identity data updated successfully' });
    expect((await pinAuth(newResident.individualId, '246810')).ok).toBe(false);
    expect((await pinAuth(newResident.individualId, '135790')).ok).toBe(true);
    const reread = (await call('GET', `${BASE}/${newResident.individualId}`)).json!.response!;
    expect(reread.email).toBe('bopha@example.org');
    expect(reread.fullName).toEqual(newResident.fullName);

    const deleted = await call('DELETE', `${BASE}/${newResident.individualId}`);
    expect(deleted.status).toBe(200);
    expect((await call('GET', `${BASE}/${newResident.individualId}`)).status).toBe(404);
    expect((await pinAuth(newResident.individualId, '135790')).ok).toBe(false);
  });

  it('never returns PIN, password or their hashes', async () => {
    const read = await call('GET', `${BASE}/2804195601`);
    expect(read.status).toBe(200);
    expect(read.json!.response).toMatchObject({ individualId: '2804195601', email: 'sokha.chan@example.org' });
    for (const secret of ['482915', 'Mekong#Sokha2026', 'Kampong Cham', 'scrypt$', 'pin', 'password', 'knowledge'])
      expect(read.text).not.toContain(secret);
  });

  it('refuses a duplicate individual id with 409 duplicate_individual_id', async () => {
    const dup = await call('POST', BASE, envelope({ ...newResident, individualId: '2804195601' }));
    expect(dup.status).toBe(409);
    expect(dup.json!.errors).toEqual([
      { errorCode: 'duplicate_individual_id', errorMessage: 'An identity with this individualId already exists.' },
    ]);
  });

  it('answers 404 identity_not_found for unknown identities', async () => {
    for (const [method, path, body] of [
      ['GET', `${BASE}/1234567`, undefined],
      ['DELETE', `${BASE}/1234567`, undefined],
      ['PUT', BASE, envelope({ individualId: '1234567', email: 'x@example.org' })],
    ] as const) {
      const res = await call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json!.errors[0]!.errorCode).toBe('identity_not_found');
    }
  });

  it('requires the admin token', async () => {
    for (const token of [null, 'wrong-token-wrong-token']) {
      for (const [method, path, body] of [
        ['POST', BASE, envelope(newResident)],
        ['PUT', BASE, envelope({ individualId: '2804195601', pin: '000000' })],
        ['GET', `${BASE}/2804195601`, undefined],
        ['DELETE', `${BASE}/2804195601`, undefined],
      ] as const) {
        const res = await call(method, path, body, { token });
        expect(res.status, `${method} ${path} with ${token}`).toBe(401);
        expect(res.json!.errors[0]!.errorCode).toBe('unauthorized');
      }
    }
    expect((await call('GET', `${BASE}/2804195601`)).status).toBe(200); // nothing was deleted
    expect((await pinAuth('2804195601', '482915')).ok).toBe(true); // nor changed
  });

  it('is closed (403) when no admin token is configured', async () => {
    const closed = await createMockIdentity(tempContext({ dataDir: ctx.dataDir, adminToken: undefined }), {
      scrypt: FAST_SCRYPT,
    });
    const s = await serve(closed.routes!());
    try {
      const res = await fetch(`${s.url}${BASE}/2804195601`, {
        headers: { authorization: 'Bearer anything-at-all-here' },
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { errors: { errorCode: string }[] }).errors[0]!.errorCode).toBe('forbidden');
    } finally {
      await s.close();
      await closed.close?.();
    }
  });

  it('validates the envelope and the identity with zod', async () => {
    const cases: [unknown, string][] = [
      [{ request: newResident }, 'request_time_skew'],
      [envelope({ ...newResident, pin: '1234' }), 'invalid_input'],
      [envelope({ ...newResident, fullName: [] }), 'invalid_input'],
      [envelope({ ...newResident, fullName: [{ language: 'english!', value: 'x' }] }), 'invalid_input'],
      [envelope({ ...newResident, dateOfBirth: '1995-02-30' }), 'invalid_input'],
      [envelope({ ...newResident, email: 'not-an-email' }), 'invalid_input'],
      [envelope({ ...newResident, individualId: '../../etc' }), 'invalid_input'],
      [envelope({ ...newResident, password: 'short' }), 'invalid_input'],
      [envelope(null), 'invalid_input'],
      [[1, 2, 3], 'invalid_input'],
    ];
    for (const [body, code] of cases) {
      const res = await call('POST', BASE, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json!.errors[0]!.errorCode).toBe(code);
    }
  });

  it('answers malformed JSON, wrong content types and oversized bodies in the envelope', async () => {
    const bad = await call('POST', BASE, undefined, { raw: '{"requestTime": ' });
    expect([bad.status, bad.json!.errors[0]!.errorCode]).toEqual([400, 'invalid_input']);
    const text = await call('POST', BASE, undefined, { raw: 'individualId=1', contentType: 'text/plain' });
    expect([text.status, text.json!.errors[0]!.errorCode]).toEqual([415, 'unsupported_media_type']);
    const huge = await call('POST', BASE, envelope({ ...newResident, encodedPhoto: 'A'.repeat(600 * 1024) }));
    expect([huge.status, huge.json!.errors[0]!.errorCode]).toEqual([413, 'payload_too_large']);
    const unknown = await call('PATCH', BASE, envelope(newResident));
    expect([unknown.status, unknown.json!.errors[0]!.errorCode]).toEqual([404, 'not_found']);
  });

  it('leaves the rest of the app alone: no body parsing or error envelope outside its paths', async () => {
    const app = express();
    app.use(plugin.routes!());
    app.post('/echo', express.text(), (req, res) => {
      res.type('text/plain').send(`got ${String(req.body)}`);
    });
    const s = await serve(app);
    try {
      const echo = await fetch(`${s.url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hello',
      });
      expect(await echo.text()).toBe('got hello');
      const missing = await fetch(`${s.url}/v1/esignet/something-else`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).not.toContain('errorCode');
    } finally {
      await s.close();
    }
  });
});

describe('dev outbox', () => {
  it('exists in demo mode and shows the latest OTPs, newest last', async () => {
    const ctx = tempContext({ demo: true });
    const plugin = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT });
    const server = await serve(plugin.routes!());
    try {
      expect(plugin.outbox).toBeDefined();
      await plugin.sendOtp({ transactionId: 't1', individualId: '2804195601', otpChannels: ['email'] });
      await plugin.sendOtp({ transactionId: 't1', individualId: '2804195601', otpChannels: ['phone'] });
      const res = await fetch(`${server.url}/v1/esignet/dev/outbox?individualId=2804195601`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as {
        response: { individualId: string; messages: { channel: string; to: string; otp: string; text: string }[] };
      };
      expect(body.response.individualId).toBe('2804195601');
      expect(body.response.messages.map((m) => [m.channel, m.to])).toEqual([
        ['email', 'soXXXXXXXX@example.org'],
        ['phone', '+XXXXXXXX601'],
      ]);
      const latest = body.response.messages.at(-1)!;
      expect(latest.otp).toMatch(/^\d{6}$/);
      expect(latest.text).toContain(latest.otp);
      const auth = await plugin.kycAuth({
        transactionId: 't1',
        clientId: 'c',
        relyingPartyId: 'r',
        individualId: '2804195601',
        challenges: [{ authFactorType: 'OTP', challenge: latest.otp, format: 'alpha-numeric' }],
      });
      expect(auth.ok).toBe(true);

      const empty = (await (await fetch(`${server.url}/v1/esignet/dev/outbox?individualId=2804195602`)).json()) as {
        response: { messages: unknown[] };
      };
      expect(empty.response.messages).toEqual([]);
      const bad = await fetch(`${server.url}/v1/esignet/dev/outbox`);
      expect(bad.status).toBe(400);
    } finally {
      await server.close();
      await plugin.close?.();
      ctx.cleanup();
    }
  });

  it('does not exist outside demo mode, where OTPs are only logged, without the code', async () => {
    const lines: string[] = [];
    const { pino } = await import('pino');
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const ctx = tempContext({ demo: false, logger });
    const plugin = await createMockIdentity(ctx, {
      scrypt: FAST_SCRYPT,
      seedFile: writeSeedFile(ctx.dataDir, [OWN_RESIDENT]),
    });
    const server = await serve(plugin.routes!());
    try {
      expect(plugin.outbox).toBeUndefined();
      const sent = await plugin.sendOtp({
        transactionId: 't1',
        individualId: OWN_RESIDENT.individualId,
        otpChannels: ['email', 'phone'],
      });
      expect(sent.ok).toBe(true);
      const res = await fetch(`${server.url}/v1/esignet/dev/outbox?individualId=${OWN_RESIDENT.individualId}`);
      expect(res.status).toBe(404);
      const otpLines = lines.filter((l) => l.includes('OTP message sent'));
      expect(otpLines).toHaveLength(2);
      const log = otpLines.join('\n');
      expect(log).toContain('boXXXXXXXX@example.org');
      expect(log).not.toContain(OWN_RESIDENT.email);
      expect(log).not.toContain(OWN_RESIDENT.phone);
      expect(log).not.toMatch(/\b\d{6}\b/);
    } finally {
      await server.close();
      await plugin.close?.();
      ctx.cleanup();
    }
  });
});
