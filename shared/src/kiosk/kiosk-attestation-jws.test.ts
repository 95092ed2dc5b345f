// The kiosk attestation's signing: digests as Node computes them, claims within the contract,
// a JWS that verifies under the kiosk's public key with its typ.
import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { KIOSK_ATTESTATION_MAX_LIFETIME_S, KIOSK_ATTESTATION_TYP } from './kiosk-attestation.js';
import { kioskAttestationClaims, sha256Base64url, signKioskAttestation } from './kiosk-attestation-jws.js';

const input = {
  kioskId: 'kiosk-central-post-office',
  operatorSub: 'operator-sub',
  audience: 'https://id.example.org',
  linkTransactionId: 'ltx-1',
  accessToken: 'access-token-1',
  individualId: '2804 195602',
  challenges: ['challenge-one', 'challenge-two'],
};

describe('kiosk attestation signing', () => {
  it('digests text as base64url SHA-256', async () => {
    for (const text of ['', 'access-token-1', 'ឈ្មោះ'])
      expect(await sha256Base64url(text)).toBe(createHash('sha256').update(text).digest('base64url'));
  });

  it('builds the claims: digests of the token, of the normalised individual ID and of each challenge in order, iat now, a short exp, a fresh jti', async () => {
    const claims = await kioskAttestationClaims({ ...input, now: 1_800_000_000 });
    expect(claims).toMatchObject({
      iss: input.kioskId,
      sub: input.operatorSub,
      aud: input.audience,
      ltx: input.linkTransactionId,
      ath: createHash('sha256').update(input.accessToken).digest('base64url'),
      idh: createHash('sha256').update('2804195602').digest('base64url'),
      captures: input.challenges.map((c) => createHash('sha256').update(c).digest('base64url')),
      iat: 1_800_000_000,
      exp: 1_800_000_030,
    });
    expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await kioskAttestationClaims(input)).jti).not.toBe(claims.jti);
  });

  it(`never lets an attestation live longer than ${KIOSK_ATTESTATION_MAX_LIFETIME_S} s`, async () => {
    const claims = await kioskAttestationClaims({ ...input, lifetimeSeconds: 3600 });
    expect(claims.exp - claims.iat).toBe(KIOSK_ATTESTATION_MAX_LIFETIME_S);
  });

  it('signs ES256 with the typ, verifiable with the kiosk’s public key only', async () => {
    const kiosk = await generateKeyPair('ES256', { extractable: true });
    const other = await generateKeyPair('ES256');
    const claims = await kioskAttestationClaims(input);
    const jws = await signKioskAttestation(claims, kiosk.privateKey, 'kid-1');
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'ES256', typ: KIOSK_ATTESTATION_TYP, kid: 'kid-1' });
    const verified = await compactVerify(jws, kiosk.publicKey);
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(claims);
    await expect(compactVerify(jws, other.publicKey)).rejects.toThrow();
    expect((await exportJWK(kiosk.publicKey)).crv).toBe('P-256');
  });
});
