// The kiosk attestation: a compact JWS (ES256) the kiosk signs with its kiosk key and sends with
// every `v2/authenticate`, naming the kiosk, the operator, the link transaction and the digests of
// the resident's individual ID and of the captures it vouches for. The server verifies it with the kiosk's registered public key before
// any biometric check runs.
import { z } from 'zod';

/** The HTTP request header that carries the attestation JWS. */
export const KIOSK_ATTESTATION_HEADER = 'signet-kiosk-attestation';
/** The JWS `typ` header value. */
export const KIOSK_ATTESTATION_TYP = 'signet-kiosk-attestation+jwt';
/** Longest life of an attestation (exp − iat), seconds. */
export const KIOSK_ATTESTATION_MAX_LIFETIME_S = 60;

const base64urlSha256 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a base64url SHA-256 digest');

export const KioskAttestationClaimsSchema = z.object({
  /** The kiosk's id in the registry. */
  iss: z.string().min(1).max(100),
  /** The operator: the `sub` of the operator's ID token at this kiosk's client. */
  sub: z.string().min(1).max(200),
  /** The server's issuer URL. */
  aud: z.string().min(1).max(2000),
  /** The link transaction the captures are for (v2/link-transaction's linkTransactionId). */
  ltx: z.string().min(1).max(100),
  /** SHA-256 (base64url) of the operator's access token sent with the request (as DPoP's `ath`). */
  ath: base64urlSha256,
  /** SHA-256 (base64url) of the request's individualId in its normal form (normaliseIndividualId). */
  idh: base64urlSha256,
  /** SHA-256 (base64url) of each challenge string in challengeList, in order. */
  captures: z.array(base64urlSha256).min(1).max(5),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(16).max(100),
});
export type KioskAttestationClaims = z.infer<typeof KioskAttestationClaimsSchema>;
