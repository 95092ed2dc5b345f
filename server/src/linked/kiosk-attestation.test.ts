// verifyKioskAttestation against a real server's replay store: a good attestation passes once;
// each way one can be wrong is refused with invalid_kiosk_attestation, before its jti is spent.
import { createHash } from 'node:crypto';
import { CompactSign, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kioskAttestationClaims,
  signKioskAttestation,
  type KioskAttestationClaims,
  type KioskPublicJwk,
} from '@signet-kiosk/shared/kiosk';
import { EsignetError } from '../errors.js';
import { makeKioskKeyPair } from '../kiosks/testing/kiosk-operator-sign-in.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { verifyKioskAttestation, type AttestationExpectation } from './kiosk-attestation.js';

const ACCESS_TOKEN = 'operator-access-token';
const CHALLENGES = ['first-capture', 'second-capture'];

let server: TestServer;
let kioskKey: { privateKey: CryptoKey; publicJwk: KioskPublicJwk };
let expected: AttestationExpectation;

beforeAll(async () => {
  server = await startTestServer();
  kioskKey = await makeKioskKeyPair();
  expected = {
    kioskId: 'kiosk-one',
    publicJwk: kioskKey.publicJwk,
    operatorSub: 'operator-sub',
    audience: server.config.issuer,
    linkTransactionId: 'ltx-1',
    accessTokenHash: createHash('sha256').update(ACCESS_TOKEN).digest('base64url'),
    individualId: '2804195602',
    challenges: CHALLENGES,
  };
});
afterAll(async () => {
  await server?.close();
});

const goodClaims = () =>
  kioskAttestationClaims({
    kioskId: expected.kioskId,
    operatorSub: expected.operatorSub,
    audience: expected.audience,
    linkTransactionId: expected.linkTransactionId,
    accessToken: ACCESS_TOKEN,
    individualId: expected.individualId,
    challenges: CHALLENGES,
  });

async function refusal(jws: string | undefined, over: Partial<AttestationExpectation> = {}): Promise<string> {
  try {
    await verifyKioskAttestation(server.ctx, jws, { ...expected, ...over });
    return 'ok';
  } catch (e) {
    if (e instanceof EsignetError) return `${e.errorCode}: ${e.message}`;
    throw e;
  }
}

describe('verifyKioskAttestation', () => {
  it('accepts a good attestation once; its jti again is kiosk_attestation_replayed', async () => {
    const claims = await goodClaims();
    const jws = await signKioskAttestation(claims, kioskKey.privateKey);
    await expect(verifyKioskAttestation(server.ctx, jws, expected)).resolves.toEqual(claims);
    expect(await refusal(jws)).toMatch(/^kiosk_attestation_replayed/);
    // A new attestation with the same jti, too.
    const again = await signKioskAttestation({ ...claims, iat: claims.iat + 1 }, kioskKey.privateKey);
    expect(await refusal(again)).toMatch(/^kiosk_attestation_replayed/);
  });

  it.each<[string, Partial<KioskAttestationClaims>, RegExp]>([
    ['another kiosk', { iss: 'kiosk-two' }, /\(iss\)/],
    ['another operator', { sub: 'someone-else' }, /\(sub\)/],
    ['another server', { aud: 'https://elsewhere.example.org' }, /\(aud\)/],
    ['another link transaction', { ltx: 'ltx-2' }, /\(ltx\)/],
    ['another token', { ath: createHash('sha256').update('other-token').digest('base64url') }, /\(ath\)/],
    ['another individual ID', { idh: createHash('sha256').update('2804195601').digest('base64url') }, /\(idh\)/],
    ['the raw ID, not its digest', { idh: '2804195602' }, /malformed/],
    ['one capture fewer', { captures: [createHash('sha256').update('first-capture').digest('base64url')] }, /captures/],
    [
      'the captures swapped',
      { captures: CHALLENGES.map((c) => createHash('sha256').update(c).digest('base64url')).reverse() },
      /captures/,
    ],
  ])('refuses claims naming %s', async (_what, over, why) => {
    const jws = await signKioskAttestation({ ...(await goodClaims()), ...over }, kioskKey.privateKey);
    const answer = await refusal(jws);
    expect(answer).toMatch(/^invalid_kiosk_attestation/);
    expect(answer).toMatch(why);
  });

  it('refuses a window too long, not begun, or over', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const [iat, exp, why] of [
      [now, now + 61, /longer than 60/],
      [now + 30, now + 20, /longer than 60/],
      [now + 20, now + 40, /future/],
      [now - 70, now - 10, /expired/],
    ] as const) {
      const jws = await signKioskAttestation({ ...(await goodClaims()), iat, exp }, kioskKey.privateKey);
      expect(await refusal(jws)).toMatch(why);
    }
  });

  it('refuses another key, another typ, another algorithm, no header, a non-JWS, malformed claims', async () => {
    const claims = await goodClaims();
    const other = await makeKioskKeyPair();
    expect(await refusal(await signKioskAttestation(claims, other.privateKey))).toMatch(/registered key/);
    const payload = new TextEncoder().encode(JSON.stringify(claims));
    const untyped = await new CompactSign(payload)
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .sign(kioskKey.privateKey);
    expect(await refusal(untyped)).toMatch(/typed/);
    const p384 = await generateKeyPair('ES384');
    const es384 = await new CompactSign(payload)
      .setProtectedHeader({ alg: 'ES384', typ: 'signet-kiosk-attestation+jwt' })
      .sign(p384.privateKey);
    expect(await refusal(es384)).toMatch(/^invalid_kiosk_attestation/);
    expect(await refusal(undefined)).toMatch(/missing/);
    expect(await refusal('not.a.jws')).toMatch(/^invalid_kiosk_attestation/);
    expect(await refusal('x'.repeat(10_000))).toMatch(/too long/);
    const malformed = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...claims, jti: 'short' })))
      .setProtectedHeader({ alg: 'ES256', typ: 'signet-kiosk-attestation+jwt' })
      .sign(kioskKey.privateKey);
    expect(await refusal(malformed)).toMatch(/malformed/);
  });

  it('checks the individual ID in its normal form: spaces or full-width digits at the kiosk still match', async () => {
    const claims = await goodClaims();
    expect(
      await refusal(await signKioskAttestation(claims, kioskKey.privateKey), { individualId: ' 2804 195602' }),
    ).toBe('ok');
    const again = await signKioskAttestation({ ...claims, jti: `${claims.jti}-again` }, kioskKey.privateKey);
    expect(await refusal(again, { individualId: '２８０４１９５６０２' })).toBe('ok');
    const another = await signKioskAttestation({ ...claims, jti: `${claims.jti}-other` }, kioskKey.privateKey);
    expect(await refusal(another, { individualId: '2804195601' })).toMatch(/^invalid_kiosk_attestation.*\(idh\)/);
  });

  it('does not spend the jti of a refused attestation', async () => {
    const claims = await goodClaims();
    const wrong = await signKioskAttestation({ ...claims, ltx: 'ltx-2' }, kioskKey.privateKey);
    expect(await refusal(wrong)).toMatch(/^invalid_kiosk_attestation/);
    expect(await refusal(await signKioskAttestation(claims, kioskKey.privateKey))).toBe('ok');
  });
});
