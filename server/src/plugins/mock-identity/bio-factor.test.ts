import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hashChain,
  buildIsoRecord,
  readIsoRecord,
  createSelfSignedTestCertificate,
  type TestKeyPair,
  certificateThumbprint,
} from '@signet-kiosk/shared/sbi/crypto';
import type { BioChallengeItem } from '@signet-kiosk/shared/sbi';
import { seededRandom, syntheticIsoRecord } from '@signet-kiosk/shared/sbi/testing';
import type { AuthChallenge, KycAuthResult } from '@signet-kiosk/server/plugin';
import { MAX_BIO_CAPTURES } from './bio-factor.js';
import { ENROLLED_BIOMETRICS } from './bio-templates.js';
import {
  bioChallenge,
  createTestDevice,
  deviceCaptures,
  payloadOf,
  signData,
  type TestCapture,
  type TestDevice,
} from './bio-test-device.js';
import { DATABASE_FILE } from './database.js';
import { createMockIdentity, type MockIdentity } from './index.js';
import { readSeed } from './seed.js';
import { FAST_SCRYPT, serve, tempContext, TEST_ADMIN_TOKEN } from './test-context.js';

const [sokha, dara] = readSeed();
const SOKHA = sokha!.individualId;
const DARA = dara!.individualId;
const SBI_TXN = 'aB3dE5fG7h';
const AUTH_FAILED = {
  ok: false,
  errorCode: 'auth_failed',
  message: 'Authentication failed: the ID or the credential is not correct.',
};

describe('mock-identity BIO factor', () => {
  let ctx: ReturnType<typeof tempContext>;
  let plugin: MockIdentity;
  let device: TestDevice;
  let stranger: TestKeyPair;

  beforeAll(async () => {
    ctx = tempContext();
    plugin = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT });
    [device, stranger] = await Promise.all([
      createTestDevice(),
      createSelfSignedTestCertificate({ subject: 'CN=Another ID System', use: 'encrypt' }),
    ]);
  });
  afterAll(async () => {
    await plugin?.close?.();
    ctx?.cleanup();
  });

  const auth = (individualId: string, ...challenges: AuthChallenge[]): Promise<KycAuthResult> =>
    plugin.kycAuth({ transactionId: 'tx-bio', clientId: 'client-1', relyingPartyId: 'rp-1', individualId, challenges });

  const capture = async (
    captures: TestCapture[],
    over: { thumbprint?: string; timestamp?: string; to?: TestKeyPair } = {},
  ) =>
    deviceCaptures(
      device,
      {
        transactionId: SBI_TXN,
        encryptionCertificate: over.to?.certificate ?? (await plugin.encryptionCertificate()),
        thumbprint: over.thumbprint,
        timestamp: over.timestamp,
      },
      captures,
    );

  const finger = (seed: string, subType = 'Left IndexFinger', quality?: number): TestCapture => ({
    seed,
    type: 'Finger',
    subType,
    quality,
  });

  describe('genuine captures', () => {
    it('accepts a finger of the resident at the default quality, with the same subject id as a PIN sign-in', async () => {
      const { items } = await capture([finger(SOKHA)]);
      const bio = await auth(SOKHA, bioChallenge(items));
      const pin = await auth(SOKHA, { authFactorType: 'PIN', challenge: sokha!.pin, format: 'number' });
      expect(bio).toMatchObject({ ok: true, kycToken: expect.any(String) });
      if (!bio.ok || !pin.ok) throw new Error('expected success');
      expect(bio.subjectId).toBe(pin.subjectId);
    });

    it('accepts every finger, both irises and the face', async () => {
      for (const { type, subType } of ENROLLED_BIOMETRICS) {
        const { items } = await capture([{ seed: DARA, type, subType }]);
        expect(await auth(DARA, bioChallenge(items)), `${type} ${subType}`).toMatchObject({ ok: true });
      }
    });

    it("matches an UNKNOWN finger or eye against all of the resident's (any one presented)", async () => {
      const random = seededRandom('unknown-subtypes');
      for (let i = 0; i < 6; i++) {
        const { items } = await capture([
          { ...finger(SOKHA, 'UNKNOWN'), random },
          { seed: SOKHA, type: 'Iris', subType: 'UNKNOWN', random },
        ]);
        expect(await auth(SOKHA, bioChallenge(items))).toMatchObject({ ok: true });
      }
      // The clean synthetic record of an UNKNOWN finger (what the simulator sent before the noise model) matches too.
      const { items } = await capture([
        { ...finger(SOKHA, 'UNKNOWN'), iso: syntheticIsoRecord(SOKHA, 'Finger', 'UNKNOWN', 80) },
      ]);
      expect(await auth(SOKHA, bioChallenge(items))).toMatchObject({ ok: true });
    });

    it('accepts several captures in one list (two fingers, two irises, a face), in base64 and base64url', async () => {
      const { items } = await capture([
        finger(DARA, 'Left Thumb'),
        finger(DARA, 'Right Thumb'),
        { seed: DARA, type: 'Iris', subType: 'Left' },
        { seed: DARA, type: 'Iris', subType: 'Right' },
        { seed: DARA, type: 'Face', subType: '' },
      ]);
      expect(await auth(DARA, bioChallenge(items, 'base64'))).toMatchObject({ ok: true });
      expect(await auth(DARA, bioChallenge(items, 'base64url'))).toMatchObject({ ok: true });
    });

    it('combines with other factors as an AND-set', async () => {
      const { items } = await capture([finger(SOKHA)]);
      expect(
        await auth(SOKHA, bioChallenge(items), { authFactorType: 'PIN', challenge: sokha!.pin, format: 'number' }),
      ).toMatchObject({ ok: true });
      expect(
        await auth(SOKHA, bioChallenge(items), { authFactorType: 'PIN', challenge: '000000', format: 'number' }),
      ).toEqual(AUTH_FAILED);
    });
  });

  describe('refusals', () => {
    it('a capture of another resident → auth_failed, as for an unknown individual', async () => {
      const { items } = await capture([finger(DARA)]);
      expect(await auth(SOKHA, bioChallenge(items))).toEqual(AUTH_FAILED);
      expect(await auth('2804199999', bioChallenge(items))).toEqual(AUTH_FAILED);
      const unknown = await capture([finger(SOKHA, 'UNKNOWN')]);
      expect(await auth(DARA, bioChallenge(unknown.items))).toEqual(AUTH_FAILED);
    });

    it("all captures must be the resident's: one finger of another resident spoils the list", async () => {
      const { items } = await capture([finger(SOKHA, 'Left Thumb'), finger(DARA, 'Right Thumb')]);
      expect(await auth(SOKHA, bioChallenge(items))).toEqual(AUTH_FAILED);
    });

    it('a capture too poor to match (quality 0) → auth_failed', async () => {
      const { items } = await capture([{ ...finger(SOKHA, 'Left Thumb', 0), random: seededRandom('poor') }]);
      expect(await auth(SOKHA, bioChallenge(items))).toEqual(AUTH_FAILED);
    });

    it('a tampered bioValue (data re-signed by the device) → auth_failed: cannot be decrypted', async () => {
      const { items } = await capture([finger(SOKHA)]);
      const payload = payloadOf(items[0]!);
      const raw = Buffer.from(payload.bioValue as string, 'base64url');
      raw[100] = raw[100]! ^ 0x01;
      const tampered = {
        ...items[0]!,
        data: await signData(device, { ...payload, bioValue: raw.toString('base64url') }),
      };
      expect(await auth(SOKHA, bioChallenge([tampered]))).toEqual({
        ok: false,
        errorCode: 'auth_failed',
        message: expect.stringMatching(
          /^Capture #1 could not be decrypted: it was not encrypted for this ID system, or its bioValue/,
        ),
      });
    });

    it('a changed timestamp or transactionId (the AES-GCM AAD and IV) → auth_failed', async () => {
      const { items } = await capture([finger(SOKHA)], { timestamp: '2026-11-21T10:15:29Z' });
      for (const change of [{ timestamp: '2026-11-21T10:15:30Z' }, { transactionId: 'aB3dE5fG7X' }]) {
        const item = { ...items[0]!, data: await signData(device, { ...payloadOf(items[0]!), ...change }) };
        expect(await auth(SOKHA, bioChallenge([item]))).toMatchObject({
          ok: false,
          errorCode: 'auth_failed',
          message: expect.stringMatching(/could not be decrypted/),
        });
      }
    });

    it("encrypted for another ID system's certificate → auth_failed: not encrypted for this ID system", async () => {
      const other = await capture([finger(SOKHA)], { to: stranger });
      expect(await auth(SOKHA, bioChallenge(other.items))).toEqual({
        ok: false,
        errorCode: 'auth_failed',
        message: expect.stringMatching(
          /^Capture #1 was not encrypted for this ID system: its thumbprint names another certificate .*GET \/v1\/mock-identity-system\/sbi\/encryption-certificate/,
        ),
      });
      // Our thumbprint, but the session key wrapped for the other key.
      const ours = await plugin.encryptionCertificate();
      const lying = await capture([finger(SOKHA)], { to: stranger, thumbprint: certificateThumbprint(ours) });
      expect(await auth(SOKHA, bioChallenge(lying.items))).toMatchObject({
        ok: false,
        errorCode: 'auth_failed',
        message: expect.stringMatching(/not encrypted for this ID system/),
      });
    });

    it('a broken hash chain (altered, reordered, dropped, or chained after a previousHash) → invalid_challenge', async () => {
      const { items, isos } = await capture([
        finger(SOKHA, 'Left Thumb'),
        finger(SOKHA, 'Right Thumb'),
        finger(SOKHA, 'Left IndexFinger'),
      ]);
      const refused = (list: BioChallengeItem[], at: number) =>
        expect(auth(SOKHA, bioChallenge(list))).resolves.toEqual({
          ok: false,
          errorCode: 'invalid_challenge',
          message: expect.stringContaining(`hash chain is broken at capture #${at}`),
        });
      await refused([items[0]!, { ...items[1]!, hash: items[2]!.hash }, items[2]!], 2);
      await refused([items[1]!, items[0]!, items[2]!], 1);
      await refused([items[0]!, items[2]!], 2);
      // As if continuing an earlier capture's chain: validators start from SHA-256("") whatever the device was told.
      const afterPrevious = hashChain(isos, items[2]!.hash);
      await refused(
        items.map((item, i) => ({ ...item, hash: afterPrevious[i]! })),
        1,
      );
      expect(await auth(SOKHA, bioChallenge(items))).toMatchObject({ ok: true });
    });

    it('a record that is not the biometric its signed data names, or not an ISO record → invalid_challenge', async () => {
      const thumb = await capture([
        { ...finger(SOKHA, 'Left Thumb'), iso: syntheticIsoRecord(SOKHA, 'Finger', 'Right Thumb', 80) },
      ]);
      expect(await auth(SOKHA, bioChallenge(thumb.items))).toEqual({
        ok: false,
        errorCode: 'invalid_challenge',
        message: 'Capture #1: its record holds Finger "Right Thumb" but its signed data says Finger "Left Thumb".',
      });
      const iris = await capture([
        { ...finger(SOKHA, 'Left Thumb'), iso: syntheticIsoRecord(SOKHA, 'Iris', 'Left', 80) },
      ]);
      expect(await auth(SOKHA, bioChallenge(iris.items))).toMatchObject({
        ok: false,
        errorCode: 'invalid_challenge',
        message: expect.stringMatching(/record holds Iris "Left"/),
      });
      const junk = await capture([{ ...finger(SOKHA), iso: Buffer.from('not a biometric record at all') }]);
      expect(await auth(SOKHA, bioChallenge(junk.items))).toMatchObject({
        ok: false,
        errorCode: 'invalid_challenge',
        message: expect.stringMatching(/not an ISO\/IEC 19794/),
      });
    });

    it('data that is not a JWS over capture data, a challenge that is not captures, too many captures → invalid_challenge', async () => {
      const { items } = await capture([finger(SOKHA)]);
      expect(await auth(SOKHA, bioChallenge([{ ...items[0]!, data: 'a.b.c' }]))).toMatchObject({
        ok: false,
        errorCode: 'invalid_challenge',
        message: expect.stringMatching(/^Capture #1: its data is not a compact JWS/),
      });
      const notCaptures = Buffer.from(JSON.stringify({ hello: 'x'.repeat(600) })).toString('base64');
      expect(
        await auth(SOKHA, { authFactorType: 'BIO', challenge: notCaptures, format: 'encoded-json' }),
      ).toMatchObject({ ok: false, errorCode: 'invalid_challenge' });
      expect(await auth(SOKHA, { ...bioChallenge(items), format: 'base64url-encoded-json' })).toMatchObject({
        ok: false,
        errorCode: 'invalid_challenge',
      });
      const many = Array.from({ length: MAX_BIO_CAPTURES + 1 }, () => items[0]!);
      expect(await auth(SOKHA, bioChallenge(many))).toMatchObject({
        ok: false,
        errorCode: 'invalid_challenge',
        message: expect.stringMatching(/At most 13 biometrics/),
      });
    });

    it('an image this ID system cannot match → auth_failed, saying why', async () => {
      const iso = syntheticIsoRecord(SOKHA, 'Finger', 'Left Thumb', 80);
      const big = await capture([{ ...finger(SOKHA, 'Left Thumb'), iso: withFingerImage(iso, 8, 8) }]);
      expect(await auth(SOKHA, bioChallenge(big.items))).toMatchObject({
        ok: false,
        errorCode: 'auth_failed',
        message: expect.stringMatching(/cannot match its image/),
      });
    });
  });

  describe('templates', () => {
    it('are enrolled at seeding for every demo resident: 10 fingers, 2 irises, a face', () => {
      const db = new Database(path.join(ctx.dataDir, DATABASE_FILE), { readonly: true });
      const rows = db
        .prepare('SELECT individual_id AS id, count(*) AS n FROM bio_templates GROUP BY individual_id')
        .all() as { id: string; n: number }[];
      db.close();
      expect(rows).toEqual(readSeed().map((r) => ({ id: r.individualId, n: 13 })));
    });

    it('are made for residents created through the admin API, and dropped with them', async () => {
      const api = await serve(plugin.routes!());
      const call = (method: string, url: string, request?: unknown) =>
        fetch(`${api.url}/v1/mock-identity-system/${url}`, {
          method,
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: request === undefined ? undefined : JSON.stringify({ requestTime: new Date().toISOString(), request }),
        });
      try {
        const id = '5550001234';
        expect(
          (
            await call('POST', 'identity', {
              individualId: id,
              pin: '121212',
              fullName: [{ language: 'eng', value: 'New Resident' }],
            })
          ).status,
        ).toBe(200);
        const { items } = await capture([finger(id, 'Right Thumb'), { seed: id, type: 'Face', subType: '' }]);
        expect(await auth(id, bioChallenge(items))).toMatchObject({ ok: true });
        expect((await call('DELETE', `identity/${id}`)).status).toBe(200);
        expect(await auth(id, bioChallenge(items))).toEqual(AUTH_FAILED);
        const db = new Database(path.join(ctx.dataDir, DATABASE_FILE), { readonly: true });
        expect(db.prepare('SELECT count(*) AS n FROM bio_templates WHERE individual_id = ?').get(id)).toEqual({ n: 0 });
        db.close();
      } finally {
        await api.close();
      }
    });
  });
});

/** A finger record with a width×height image in place of the synthetic 64×64 one. */
function withFingerImage(iso: Buffer, width: number, height: number): Buffer {
  return buildIsoRecord({ ...readIsoRecord(iso), image: { width, height, data: Buffer.alloc(width * height, 7) } });
}
