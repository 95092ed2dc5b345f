// The kiosk's registration status: a kiosk asks the server whether it is registered and enabled
// with a short compact JWS (ES256, typ KIOSK_STATUS_TYP) signed by its kiosk key and carrying that
// key's public JWK in its header, so that even a kiosk not registered yet proves it holds the key;
// the server answers for that key only (`POST /v1/signet/kiosk/status`, eSignet envelope).
import { CompactSign, type CryptoKey } from 'jose';
import { z } from 'zod';
import { newJti } from './kiosk-attestation-jws.js';
import { KioskPublicJwkSchema, type KioskPublicJwk } from './kiosk-registration.js';

/** Where a kiosk asks for its status. */
export const KIOSK_STATUS_PATH = '/v1/signet/kiosk/status';
/** The JWS `typ` header value. */
export const KIOSK_STATUS_TYP = 'signet-kiosk-status+jwt';
/** Longest life of a status request (exp − iat), seconds. */
export const KIOSK_STATUS_MAX_LIFETIME_S = 60;

export const KioskStatusClaimsSchema = z.object({
  /** The kiosk's id, as in its registration request. */
  iss: z.string().min(1).max(100),
  /** The server's issuer URL. */
  aud: z.string().min(1).max(2000),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(16).max(100),
});
export type KioskStatusClaims = z.infer<typeof KioskStatusClaimsSchema>;

/** The request body (inside the eSignet envelope's `request`). */
export const KioskStatusRequestSchema = z.object({ statusRequest: z.string().min(1).max(4096) }).strict();
export type KioskStatusRequest = z.infer<typeof KioskStatusRequestSchema>;

/**
 * The answer: registered with the key that signed the request (and then enabled or not, its name as
 * registered, how many operators it lists), or not (no such kiosk, or registered with another key).
 */
export const KioskStatusSchema = z.discriminatedUnion('registered', [
  z.object({ registered: z.literal(false) }),
  z.object({
    registered: z.literal(true),
    enabled: z.boolean(),
    name: z.string(),
    operatorCount: z.number().int().nonnegative(),
  }),
]);
export type KioskStatus = z.infer<typeof KioskStatusSchema>;

/**
 * Signs a status request: iat now, exp shortly after, a fresh jti, the kiosk's public JWK in the header.
 * @example body.request = { statusRequest: await signKioskStatusRequest({ kioskId, audience: issuer, publicJwk }, key) };
 */
export async function signKioskStatusRequest(
  input: { kioskId: string; audience: string; publicJwk: KioskPublicJwk; now?: number },
  privateKey: CryptoKey,
): Promise<string> {
  const iat = input.now ?? Math.floor(Date.now() / 1000);
  const claims = KioskStatusClaimsSchema.parse({
    iss: input.kioskId,
    aud: input.audience,
    iat,
    exp: iat + 30,
    jti: newJti(),
  } satisfies KioskStatusClaims);
  const { kty, crv, x, y } = KioskPublicJwkSchema.parse(input.publicJwk);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'ES256', typ: KIOSK_STATUS_TYP, jwk: { kty, crv, x, y } })
    .sign(privateKey);
}
