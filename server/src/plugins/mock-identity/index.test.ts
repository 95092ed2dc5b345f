import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAuthenticator, type AuthChallenge, type KycAuthResult } from '@signet-kiosk/server/plugin';
import { DATABASE_FILE } from './database.js';
import { createMockIdentity, type MockIdentity } from './index.js';
import type { Notifier, OtpMessage } from './notifier.js';
import { SECRET_FILE } from './plugin-secret.js';
import { DEFAULT_SCRYPT, hashSecret, MAX_WAITING_CHECKS, verifySecret } from './secret-hash.js';
import { readSeed } from './seed.js';
import { SIGNING_KEY_FILE } from './signing-key.js';
import { FAST_SCRYPT, OWN_RESIDENT, serve, tempContext, TEST_ADMIN_TOKEN, writeSeedFile } from './test-context.js';

const seed = readSeed();
const sokha = seed[0]!;
const dara = seed[1]!;
const kbi = (answers: Record<string, string>) => Buffer.from(JSON.stringify(answers)).toString('base64url');
const sokhaKbi = { fullName: 'Sokha Chan', dob: '1990-04-12', birthPlace: 'Kampong Cham' };

const PIN = (challenge: string): AuthChallenge => ({ authFactorType: 'PIN', challenge, format: 'number' });
const PWD = (challenge: string): AuthChallenge => ({ authFactorType: 'PWD', challenge, format: 'alpha-numeric' });
const OTP = (challenge: string): AuthChallenge => ({ authFactorType: 'OTP', challenge, format: 'alpha-numeric' });
const KBI = (challenge: string): AuthChallenge => ({
  authFactorType: 'KBI',
  challenge,
  format: 'base64url-encoded-json',
});

const AUTH_FAILED = {
  ok: false,
  errorCode: 'auth_failed',
  message: 'Authentication failed: the ID or the credential is not correct.',
};

class CapturingNotifier implements Notifier {
  readonly sent: OtpMessage[] = [];
  async send(m: OtpMessage) {
    this.sent.push(m);
  }
}

describe('mock-identity', () => {
  let ctx: ReturnType<typeof tempContext>;
  let notifier: CapturingNotifier;
  let plugin: MockIdentity;
  let clock: number;

  beforeEach(async () => {
    ctx = tempContext();
    notifier = new CapturingNotifier();
    clock = Date.now();
    plugin = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT, notifier, now: () => clock });
  });
  afterEach(async () => {
    await plugin.close?.();
    ctx.cleanup();
  });

  const auth = (individualId: string, ...challenges: AuthChallenge[]): Promise<KycAuthResult> =>
    plugin.kycAuth({ transactionId: 'tx-1', clientId: 'client-1', relyingPartyId: 'rp-1', individualId, challenges });

  const sendOtp = async (individualId: string, otpChannels = ['email', 'phone'], transactionId = 'tx-1') => {
    const result = await plugin.sendOtp({ transactionId, individualId, otpChannels });
    return { result, otp: notifier.sent.at(-1)?.otp };
  };

  describe('seed and storage', () => {
    it('seeds at least 6 residents on first start, in several languages', () => {
      expect(seed.length).toBeGreaterThanOrEqual(6);
      for (const r of seed) expect(r.fullName.length).toBeGreaterThanOrEqual(2);
      expect(seed.some((r) => r.fullName.some((n) => n.language === 'khm' && /[\u1780-\u17ff]/.test(n.value)))).toBe(
        true,
      );
      const db = new Database(path.join(ctx.dataDir, DATABASE_FILE), { readonly: true });
      expect((db.prepare('SELECT count(*) AS n FROM residents').get() as { n: number }).n).toBe(seed.length);
      db.close();
    });

    it('keeps PINs, passwords and knowledge answers only as scrypt hashes', () => {
      const bytes = readFileSync(path.join(ctx.dataDir, DATABASE_FILE));
      for (const r of seed) {
        for (const secret of [r.pin, r.password!, r.knowledgeAnswers!.birthPlace!])
          expect(bytes.includes(Buffer.from(secret))).toBe(false);
      }
      const db = new Database(path.join(ctx.dataDir, DATABASE_FILE), { readonly: true });
      const row = db
        .prepare('SELECT pin_hash, password_hash, knowledge_hashes FROM residents WHERE individual_id = ?')
        .get(sokha.individualId) as { pin_hash: string; password_hash: string; knowledge_hashes: string };
      db.close();
      expect(row.pin_hash).toMatch(/^scrypt\$/);
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(JSON.parse(row.knowledge_hashes).birthPlace).toMatch(/^scrypt\$/);
    });

    it('keeps its secret and signing key in 0600 files, reused on restart; does not seed twice', async () => {
      for (const f of [SECRET_FILE, SIGNING_KEY_FILE])
        expect(statSync(path.join(ctx.dataDir, f)).mode & 0o777).toBe(0o600);
      const before = await auth(sokha.individualId, PIN(sokha.pin));
      const [keyBefore] = await plugin.signingKeys();
      const residentsBefore = new Database(path.join(ctx.dataDir, DATABASE_FILE))
        .prepare('DELETE FROM residents WHERE individual_id = ?')
        .run(dara.individualId);
      expect(residentsBefore.changes).toBe(1);
      await plugin.close?.();
      plugin = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT, notifier });
      const after = await auth(sokha.individualId, PIN(sokha.pin));
      expect(await plugin.signingKeys()).toEqual([keyBefore]);
      expect(after.ok && before.ok && after.subjectId === before.subjectId).toBe(true);
      expect(await auth(dara.individualId, PIN(dara.pin))).toEqual(AUTH_FAILED); // deleted residents stay deleted
    });
  });

  describe('kycAuth', () => {
    it('accepts the right PIN, password and knowledge answers', async () => {
      for (const challenge of [
        PIN(sokha.pin),
        PWD(sokha.password!),
        KBI(kbi(sokhaKbi)),
        KBI(kbi({ fullName: 'ចាន់ សុខា', dob: '12/04/1990', birthPlace: 'kampong  cham' })),
      ]) {
        const result = await auth(sokha.individualId, challenge);
        expect(result, challenge.authFactorType).toMatchObject({
          ok: true,
          kycToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        });
      }
    });

    it('accepts every factor of an AND-set together', async () => {
      const { otp } = await sendOtp(sokha.individualId);
      expect((await auth(sokha.individualId, PIN(sokha.pin), PWD(sokha.password!), OTP(otp!))).ok).toBe(true);
    });

    it('refuses a wrong PIN, password or knowledge answer with auth_failed', async () => {
      expect(await auth(sokha.individualId, PIN(dara.pin))).toEqual(AUTH_FAILED);
      expect(await auth(sokha.individualId, PWD(dara.password!))).toEqual(AUTH_FAILED);
      expect(await auth(sokha.individualId, KBI(kbi({ ...sokhaKbi, birthPlace: 'Phnom Penh' })))).toEqual(AUTH_FAILED);
      expect(await auth(sokha.individualId, KBI(kbi({ ...sokhaKbi, dob: '1990-04-13' })))).toEqual(AUTH_FAILED);
      expect(await auth(sokha.individualId, KBI(kbi({ ...sokhaKbi, fullName: 'Dara Lim' })))).toEqual(AUTH_FAILED);
      // One wrong factor in an AND-set fails the whole set.
      expect(await auth(sokha.individualId, PIN(sokha.pin), PWD('wrong-password'))).toEqual(AUTH_FAILED);
    });

    it('answers an unknown individual exactly like a wrong secret', async () => {
      expect(await auth('9999999999', PIN(sokha.pin))).toEqual(AUTH_FAILED);
      expect(await auth('9999999999', PWD(sokha.password!))).toEqual(AUTH_FAILED);
      expect(await auth('9999999999', KBI(kbi(sokhaKbi)))).toEqual(AUTH_FAILED);
      expect(await auth('9999999999', OTP('123456'))).toEqual(AUTH_FAILED);
    });

    it('checks an unknown individual against a hash like a known one: both wait for the same bounded line, and both are refused when it is full', async () => {
      const slow = await hashSecret('000000', DEFAULT_SCRYPT);
      const flood = Array.from({ length: 2 + MAX_WAITING_CHECKS }, () => verifySecret('111111', slow));
      const BUSY = {
        ok: false,
        errorCode: 'service_busy',
        message: 'The service is busy. Please try again in a moment.',
      };
      expect(await auth('9999999999', PIN('123456'))).toEqual(BUSY);
      expect(await auth(sokha.individualId, PIN('123456'))).toEqual(BUSY);
      await Promise.all(flood);
      expect(await auth('9999999999', PIN('123456'))).toEqual(AUTH_FAILED);
    });

    it('rejects malformed challenges with invalid_challenge', async () => {
      const cases: AuthChallenge[][] = [
        [],
        [PIN('12345')],
        [PIN('12a456')],
        [{ ...PIN(sokha.pin), format: 'alpha-numeric' }],
        [PWD('short')],
        [OTP('12345')],
        [KBI('not base64url json!')],
        [KBI(Buffer.from('{"fullName":').toString('base64url'))],
        [KBI(kbi({ fullName: 'Sokha Chan', dob: '1990-04-12' }))],
        [PIN(sokha.pin), PIN(sokha.pin)],
      ];
      for (const challenges of cases) {
        expect(await auth(sokha.individualId, ...challenges), JSON.stringify(challenges)).toMatchObject({
          ok: false,
          errorCode: 'invalid_challenge',
          message: expect.any(String),
        });
      }
    });

    it('rejects a malformed individual id with invalid_individual_id', async () => {
      expect(await auth('../etc', PIN(sokha.pin))).toMatchObject({ ok: false, errorCode: 'invalid_individual_id' });
    });

    it('verifies BIO (see bio-factor.test.ts) and refuses the factors it does not offer with unsupported_auth_factor', async () => {
      const bio = await auth(sokha.individualId, {
        authFactorType: 'BIO',
        challenge: 'A'.repeat(600),
        format: 'encoded-json',
      });
      expect(bio).toMatchObject({
        ok: false,
        errorCode: 'invalid_challenge',
        message: expect.stringMatching(/biometrics\[\]/),
      });
      expect(
        await auth(sokha.individualId, { authFactorType: 'WLA', challenge: 'a.b.c', format: 'jwt' }),
      ).toMatchObject({ ok: false, errorCode: 'unsupported_auth_factor' });
      expect(plugin.supportedAuthFactors()).toEqual(['OTP', 'PIN', 'PWD', 'KBI', 'BIO']);
    });

    it('gives a stable subject id that is not the individual id', async () => {
      const a = await auth(sokha.individualId, PIN(sokha.pin));
      const b = await auth(sokha.individualId, PWD(sokha.password!));
      const c = await auth(dara.individualId, PIN(dara.pin));
      if (!a.ok || !b.ok || !c.ok) throw new Error('expected success');
      expect(a.subjectId).toBe(b.subjectId);
      expect(a.subjectId).not.toBe(c.subjectId);
      expect(a.subjectId).not.toContain(sokha.individualId);
      expect(a.kycToken).not.toBe(b.kycToken);
    });
  });

  describe('OTP', () => {
    it('sends 6 digits to email and phone, answering masked addresses', async () => {
      const { result, otp } = await sendOtp(sokha.individualId);
      expect(result).toEqual({ ok: true, maskedEmail: 'XXXXXXXX@XXXXXXXX', maskedMobile: 'XXXXXXXX01' });
      expect(otp).toMatch(/^\d{6}$/);
      expect(notifier.sent.map((m) => [m.channel, m.to])).toEqual([
        ['email', 'sokha.chan@example.org'],
        ['phone', '+85512345601'],
      ]);
      expect(notifier.sent[0]!.text).toContain(otp);
      expect((await sendOtp(sokha.individualId, ['phone'])).result).toEqual({ ok: true, maskedMobile: 'XXXXXXXX01' });
    });

    it('refuses unknown channels', async () => {
      expect((await sendOtp(sokha.individualId, ['fax'])).result).toMatchObject({
        ok: false,
        errorCode: 'invalid_otp_channel',
      });
      expect((await sendOtp(sokha.individualId, [])).result).toMatchObject({
        ok: false,
        errorCode: 'invalid_otp_channel',
      });
      expect(notifier.sent).toHaveLength(0);
      expect(plugin.supportedOtpChannels()).toEqual(['email', 'phone']);
    });

    it('answers an unknown individual like a known one: masked addresses of the same shape, the same at each send, nothing delivered', async () => {
      const known = (await sendOtp(sokha.individualId)).result;
      notifier.sent.length = 0;
      const unknown = (await sendOtp('9999999999')).result;
      expect(notifier.sent).toHaveLength(0);
      // Everybody's mask: nothing of the email; 8 X and the last 2 digits of the phone (see below).
      const shape = { ok: true, maskedEmail: 'XXXXXXXX@XXXXXXXX', maskedMobile: expect.stringMatching(/^X{8}\d{2}$/) };
      expect(known).toEqual(shape);
      expect(unknown).toEqual(shape);
      expect(Object.keys(unknown)).toEqual(Object.keys(known));
      expect((await sendOtp('9999999999')).result).toEqual(unknown);
      expect((await sendOtp('9999999999', ['phone'])).result).toEqual({
        ok: true,
        maskedMobile: (unknown as { maskedMobile: string }).maskedMobile,
      });
      // The code made for an unknown ID is not one anybody can sign in with.
      expect(await auth('9999999999', OTP('123456'))).toEqual(AUTH_FAILED);
    });

    it('accepts the OTP once', async () => {
      const { otp } = await sendOtp(sokha.individualId);
      expect((await auth(sokha.individualId, OTP(otp!))).ok).toBe(true);
      expect(await auth(sokha.individualId, OTP(otp!))).toEqual(AUTH_FAILED);
    });

    it('refuses a wrong OTP, and the right one after 3 wrong tries', async () => {
      const { otp } = await sendOtp(sokha.individualId);
      const wrong = String((Number(otp) + 1) % 1_000_000).padStart(6, '0');
      for (let i = 0; i < 3; i++) expect(await auth(sokha.individualId, OTP(wrong))).toEqual(AUTH_FAILED);
      expect(await auth(sokha.individualId, OTP(otp!))).toEqual(AUTH_FAILED);
    });

    it('refuses an expired OTP (3 minutes) with otp_expired, not as a wrong one', async () => {
      const { otp } = await sendOtp(sokha.individualId);
      clock += 3 * 60 * 1000 - 1;
      expect(await auth(sokha.individualId, OTP('000000'))).toEqual(AUTH_FAILED);
      clock += 1;
      expect(await auth(sokha.individualId, OTP(otp!))).toEqual({
        ok: false,
        errorCode: 'otp_expired',
        message: 'The one-time code has expired. Ask for a new code.',
      });
      // With another factor of the set wrong, the answer is the wrong credential's, as always.
      expect(await auth(sokha.individualId, PIN('000000'), OTP(otp!))).toEqual(AUTH_FAILED);
    });

    it('says otp_expired only to the transaction the code was sent in: another transaction learns nothing of a code sent to that ID', async () => {
      // The resident's own sign-in (another application's, say) sent a code that has since expired.
      await sendOtp(sokha.individualId, ['email'], 'tx-resident');
      clock += 3 * 60 * 1000;
      // An attacker's transaction trying that ID with any code is told what a wrong code is told.
      expect(await auth(sokha.individualId, OTP('123456'))).toEqual(AUTH_FAILED);
    });

    it('refuses an OTP sent for another individual or transaction', async () => {
      const { otp } = await sendOtp(sokha.individualId, ['email'], 'tx-other');
      expect(await auth(sokha.individualId, OTP(otp!))).toEqual(AUTH_FAILED);
      expect(await auth(dara.individualId, OTP(otp!))).toEqual(AUTH_FAILED);
    });

    it('does not consume the OTP when another factor of the set is wrong', async () => {
      const { otp } = await sendOtp(sokha.individualId);
      expect(await auth(sokha.individualId, PIN(dara.pin), OTP(otp!))).toEqual(AUTH_FAILED);
      expect((await auth(sokha.individualId, PIN(sokha.pin), OTP(otp!))).ok).toBe(true);
    });
  });

  describe('kycExchange', () => {
    const exchange = async (
      kycToken: string,
      individualId: string,
      acceptedClaims: string[],
      claimsLocales: string[] = [],
    ) =>
      plugin.kycExchange({
        kycToken,
        individualId,
        clientId: 'client-1',
        iss: 'http://127.0.0.1:8088',
        aud: 'client-1',
        sub: 'pairwise-sub-1',
        acceptedClaims,
        claimsLocales,
      });

    const tokenFor = async (individualId: string, pin: string) => {
      const r = await auth(individualId, PIN(pin));
      if (!r.ok) throw new Error('auth failed');
      return r.kycToken;
    };

    it('returns the accepted claims and a userinfo JWS that verifies with signingKeys()', async () => {
      const token = await tokenFor(sokha.individualId, sokha.pin);
      const { userinfoJws, claims } = await exchange(token, sokha.individualId, ['name', 'email', 'birthdate'], ['en']);
      expect(claims).toEqual({ name: 'Sokha Chan', email: 'sokha.chan@example.org', birthdate: '1990-04-12' });
      const keys = await plugin.signingKeys();
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256', kid: expect.any(String) });
      expect(keys[0]).not.toHaveProperty('d');
      expect(decodeProtectedHeader(userinfoJws)).toEqual({ alg: 'ES256', kid: keys[0]!.kid, typ: 'JWT' });
      const { payload } = await jwtVerify(userinfoJws, createLocalJWKSet({ keys }), {
        issuer: 'http://127.0.0.1:8088',
        audience: 'client-1',
        algorithms: ['ES256'],
        currentDate: new Date(clock),
      });
      expect(payload).toMatchObject({
        ...claims,
        iss: 'http://127.0.0.1:8088',
        aud: 'client-1',
        sub: 'pairwise-sub-1',
      });
      expect(payload.exp! - payload.iat!).toBe(600);
      expect((await compactVerify(userinfoJws, createLocalJWKSet({ keys }))).protectedHeader.kid).toBe(keys[0]!.kid);
    });

    it('gives localised claims with several claims_locales', async () => {
      const token = await tokenFor(sokha.individualId, sokha.pin);
      const { claims } = await exchange(token, sokha.individualId, ['name', 'given_name'], ['en', 'km']);
      expect(claims).toEqual({
        'name#eng': 'Sokha Chan',
        'name#khm': 'ចាន់ សុខា',
        'given_name#eng': 'Sokha',
        'given_name#khm': 'សុខា',
      });
    });

    it('lets the KYC token be reused within 30 minutes, and refuses it after, or for another individual', async () => {
      const token = await tokenFor(sokha.individualId, sokha.pin);
      await exchange(token, sokha.individualId, ['name']);
      await exchange(token, sokha.individualId, ['email']);
      await expect(exchange(token, dara.individualId, ['name'])).rejects.toMatchObject({
        errorCode: 'invalid_kyc_token',
      });
      await expect(exchange('made-up-token', sokha.individualId, ['name'])).rejects.toMatchObject({
        errorCode: 'invalid_kyc_token',
      });
      clock += 30 * 60 * 1000;
      await expect(exchange(token, sokha.individualId, ['name'])).rejects.toMatchObject({
        errorCode: 'invalid_kyc_token',
      });
    });

    it('supports the documented claims', () => {
      expect(plugin.supportedClaims()).toEqual([
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
      ]);
    });
  });
});

describe('send-otp masks: one shape for every ID, known or not', () => {
  // Residents whose addresses differ from the demo residents' in every way a mask could show:
  // phone length and prefix, email domain, local-part length and first letters, a missing channel.
  const varied = [
    {
      individualId: '7700112201',
      pin: '246810',
      fullName: [{ language: 'eng', value: 'Ravi Kumar' }],
      email: 'rk@gmail.com',
      phone: '0612345605',
    },
    {
      individualId: '7700112202',
      pin: '246810',
      fullName: [{ language: 'eng', value: 'Long Name' }],
      email: 'a.very.long.local.part.for.a.name@ministry.gov.kh',
      phone: '+123456',
    },
    {
      individualId: '7700112203',
      pin: '246810',
      fullName: [{ language: 'eng', value: 'Mail Only' }],
      email: 'zz@Example.ORG',
    },
    {
      individualId: '7700112204',
      pin: '246810',
      fullName: [{ language: 'eng', value: 'Phone Only' }],
      phone: '+999123456789012',
    },
  ];
  const unknown = ['9999999999', '1234567890', '5550001112', '8000000000', '2804195699'];
  let ctx: ReturnType<typeof tempContext>;
  let plugin: MockIdentity;
  beforeEach(async () => {
    ctx = tempContext();
    plugin = await createMockIdentity(ctx, {
      scrypt: FAST_SCRYPT,
      notifier: { send: async () => {} },
      seedFile: writeSeedFile(ctx.dataDir, [...seed, ...varied]),
    });
  });
  afterEach(async () => {
    await plugin.close?.();
    ctx.cleanup();
  });
  const send = async (individualId: string) =>
    plugin.sendOtp({ transactionId: 'tx-mask', individualId, otpChannels: ['email', 'phone'] });
  /** The answer with every digit written D: what differs by shape. */
  const shapeOf = (answer: unknown) => JSON.stringify(answer).replace(/[0-9]/g, 'D');

  it('gives every demo resident, every other resident and every unknown ID the same mask shape', async () => {
    const known = [...seed.map((r) => r.individualId), ...varied.map((r) => r.individualId)];
    const answers = new Map<string, unknown>();
    for (const id of [...known, ...unknown]) answers.set(id, await send(id));
    expect(new Set([...answers.values()].map(shapeOf))).toEqual(
      new Set([shapeOf({ ok: true, maskedEmail: 'XXXXXXXX@XXXXXXXX', maskedMobile: 'XXXXXXXX00' })]),
    );
    for (const [id, answer] of answers) {
      expect(answer, id).toEqual({
        ok: true,
        maskedEmail: expect.stringMatching(/^X{8}@X{8}$/),
        maskedMobile: expect.stringMatching(/^X{8}[0-9]{2}$/),
      });
    }
  });

  it('shows a resident the last two digits of their phone, and an unknown ID two digits of its own, the same at every send', async () => {
    expect(await send(sokha.individualId)).toMatchObject({ maskedMobile: 'XXXXXXXX01' });
    expect(await send('7700112201')).toMatchObject({ maskedMobile: 'XXXXXXXX05' });
    for (const id of [...unknown, '7700112203']) expect(await send(id)).toEqual(await send(id));
    // Two digits from a keyed hash of each ID: they vary from ID to ID as phone numbers do.
    const digits = new Set<string>();
    for (let i = 0; i < 200; i++)
      digits.add(((await send(String(6000000000 + i))) as { maskedMobile: string }).maskedMobile.slice(-2));
    expect(digits.size).toBeGreaterThan(50);
  });
});

describe('OTP delivery', () => {
  it('is not awaited: a notifier that hangs or fails changes neither the answer nor its time', async () => {
    const ctx = tempContext();
    const hanging: Notifier = { send: () => new Promise<void>(() => {}) };
    const failing: Notifier = {
      send: () => {
        throw new Error('gateway down');
      },
    };
    try {
      for (const notifier of [hanging, failing]) {
        const plugin = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT, notifier });
        const result = await plugin.sendOtp({
          transactionId: 't',
          individualId: sokha.individualId,
          otpChannels: ['email'],
        });
        expect(result).toEqual({ ok: true, maskedEmail: 'XXXXXXXX@XXXXXXXX' });
        await plugin.close?.();
      }
    } finally {
      ctx.cleanup();
    }
  });
});

describe('loading through the server', () => {
  it('loads as builtin:mock-identity with the real defaults (scrypt cost, notifier)', async () => {
    const ctx = tempContext({ demo: false });
    try {
      const plugin = await loadAuthenticator('builtin:mock-identity', ctx);
      expect(plugin.name).toBe('mock-identity');
      // Outside demo mode it starts empty: residents come through its admin API.
      const admin = await serve(plugin.routes!());
      try {
        const created = await fetch(`${admin.url}/v1/mock-identity-system/identity`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ requestTime: new Date().toISOString(), request: OWN_RESIDENT }),
        });
        expect(created.status).toBe(200);
      } finally {
        await admin.close();
      }
      const db = new Database(path.join(ctx.dataDir, DATABASE_FILE), { readonly: true });
      const { pin_hash } = db
        .prepare('SELECT pin_hash FROM residents WHERE individual_id = ?')
        .get(OWN_RESIDENT.individualId) as { pin_hash: string };
      db.close();
      expect(pin_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      const result = await plugin.kycAuth({
        transactionId: 't',
        clientId: 'c',
        relyingPartyId: 'r',
        individualId: OWN_RESIDENT.individualId,
        challenges: [PIN(OWN_RESIDENT.pin)],
      });
      expect(result.ok).toBe(true);
      expect(
        (await plugin.sendOtp({ transactionId: 't', individualId: OWN_RESIDENT.individualId, otpChannels: ['email'] }))
          .ok,
      ).toBe(true);
      await plugin.close?.();
    } finally {
      ctx.cleanup();
    }
  });

  it('takes a cheaper hash cost from the options an embedder hands the factory, and refuses other options', async () => {
    const ctx = tempContext();
    try {
      const plugin = await loadAuthenticator('builtin:mock-identity', ctx, { scrypt: FAST_SCRYPT });
      const db = new Database(path.join(ctx.dataDir, DATABASE_FILE), { readonly: true });
      const { pin_hash } = db
        .prepare('SELECT pin_hash FROM residents WHERE individual_id = ?')
        .get(sokha.individualId) as { pin_hash: string };
      db.close();
      expect(pin_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
      await plugin.close?.();
      for (const options of [{ scrypt: { N: 1000, r: 8, p: 1 } }, { scrypt: FAST_SCRYPT, notifier: {} }, 'fast']) {
        await expect(loadAuthenticator('builtin:mock-identity', ctx, options)).rejects.toThrow(
          /failed to start: mock-identity options/,
        );
      }
    } finally {
      ctx.cleanup();
    }
  });
});

describe('outside demo mode', () => {
  const residentCount = (dataDir: string): number => {
    const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM residents').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('seeds no demo residents: their published PINs sign nobody in', async () => {
    const ctx = tempContext({ demo: false });
    try {
      const plugin = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT });
      expect(residentCount(ctx.dataDir)).toBe(0);
      expect(
        await plugin.kycAuth({
          transactionId: 't',
          clientId: 'c',
          relyingPartyId: 'r',
          individualId: sokha.individualId,
          challenges: [PIN(sokha.pin)],
        }),
      ).toEqual(AUTH_FAILED);
      await plugin.close?.();
    } finally {
      ctx.cleanup();
    }
  });

  it('refuses a data folder that still holds the demo residents, naming the folder and the way out', async () => {
    const ctx = tempContext();
    try {
      await (await createMockIdentity(ctx, { scrypt: FAST_SCRYPT })).close?.();
      const refused = createMockIdentity({ ...ctx, demo: false }, { scrypt: FAST_SCRYPT });
      await expect(refused).rejects.toMatchObject({ errorCode: 'demo_residents_present' });
      await expect(refused).rejects.toThrow(`${path.join(ctx.dataDir, DATABASE_FILE)} holds the demo residents`);
      // Once they are removed, the same folder starts (and they do not come back).
      const db = new Database(path.join(ctx.dataDir, DATABASE_FILE));
      db.prepare('DELETE FROM residents').run();
      db.close();
      const plugin = await createMockIdentity({ ...ctx, demo: false }, { scrypt: FAST_SCRYPT });
      expect(residentCount(ctx.dataDir)).toBe(0);
      await plugin.close?.();
    } finally {
      ctx.cleanup();
    }
  });

  it('seeds the residents of a seed file it is given', async () => {
    const ctx = tempContext({ demo: false });
    try {
      const plugin = await createMockIdentity(ctx, {
        scrypt: FAST_SCRYPT,
        seedFile: writeSeedFile(ctx.dataDir, [OWN_RESIDENT]),
      });
      expect(
        (
          await plugin.kycAuth({
            transactionId: 't',
            clientId: 'c',
            relyingPartyId: 'r',
            individualId: OWN_RESIDENT.individualId,
            challenges: [PIN(OWN_RESIDENT.pin)],
          })
        ).ok,
      ).toBe(true);
      await plugin.close?.();
    } finally {
      ctx.cleanup();
    }
  });
});
