// The kiosk status request's signing: a JWS that verifies under the key its header carries (and
// only the public half of it), typed, with the claims of the contract and a short life.
import { compactVerify, EmbeddedJWK, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { KIOSK_STATUS_TYP, KioskStatusClaimsSchema, signKioskStatusRequest } from './kiosk-status.js';

describe('kiosk status request signing', () => {
  it('signs the claims with the kiosk key and carries its public JWK, nothing private', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const { kty, crv, x, y } = await exportJWK(publicKey);
    const publicJwk = { kty: 'EC' as const, crv: 'P-256' as const, x: x!, y: y!, kid: 'k1' };
    expect({ kty, crv }).toEqual({ kty: 'EC', crv: 'P-256' });
    const jws = await signKioskStatusRequest(
      { kioskId: 'central-post', audience: 'https://id.example.org', publicJwk, now: 1_800_000_000 },
      privateKey,
    );
    const verified = await compactVerify(jws, EmbeddedJWK, { algorithms: ['ES256'] });
    expect(verified.protectedHeader).toEqual({ alg: 'ES256', typ: KIOSK_STATUS_TYP, jwk: { kty, crv, x, y } });
    const claims = KioskStatusClaimsSchema.parse(JSON.parse(new TextDecoder().decode(verified.payload)));
    expect(claims).toMatchObject({ iss: 'central-post', aud: 'https://id.example.org', iat: 1_800_000_000 });
    expect(claims.exp - claims.iat).toBe(30);
    expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
