// Signing the kiosk attestation (kiosk-attestation.ts) as a compact JWS, ES256 with the kiosk key,
// and the digests it names. Web Crypto and jose only, so the kiosk's main process, a browser
// stand-in and the tests sign it the same way; the server verifies it (server/src/linked/).
import { CompactSign, type CryptoKey } from 'jose';
import { normaliseIndividualId } from '../esignet/individual-id.js';
import {
  KIOSK_ATTESTATION_MAX_LIFETIME_S,
  KIOSK_ATTESTATION_TYP,
  KioskAttestationClaimsSchema,
  type KioskAttestationClaims,
} from './kiosk-attestation.js';

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * SHA-256 (base64url) of a text: a capture's digest (of its challenge string) and the access
 * token's `ath`.
 * @example await sha256Base64url(challenge) // '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU' for ''
 */
export async function sha256Base64url(text: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

/** A fresh 128-bit `jti` from the CSPRNG, base64url. */
export function newJti(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

/** What the kiosk knows when it submits; the rest (digests, times, jti) is computed here. */
export interface KioskAttestationInput {
  kioskId: string;
  /** The operator's `sub` at the kiosk's client. */
  operatorSub: string;
  /** The server's issuer URL. */
  audience: string;
  linkTransactionId: string;
  /** The bearer token sent with the request. */
  accessToken: string;
  /** The individualId the request names (digested in its normal form). */
  individualId: string;
  /** The challenge strings of challengeList, in order. */
  challenges: readonly string[];
  /** Seconds until exp, at most KIOSK_ATTESTATION_MAX_LIFETIME_S (default 30). */
  lifetimeSeconds?: number;
  /** Seconds since epoch; default now. */
  now?: number;
}

/**
 * The claims of one attestation: a fresh 128-bit `jti` (CSPRNG), `iat` now, `exp` shortly after.
 * @example const claims = await kioskAttestationClaims({ kioskId, operatorSub, audience, linkTransactionId, accessToken, individualId, challenges });
 */
export async function kioskAttestationClaims(input: KioskAttestationInput): Promise<KioskAttestationClaims> {
  const iat = input.now ?? Math.floor(Date.now() / 1000);
  const lifetime = Math.min(input.lifetimeSeconds ?? 30, KIOSK_ATTESTATION_MAX_LIFETIME_S);
  return KioskAttestationClaimsSchema.parse({
    iss: input.kioskId,
    sub: input.operatorSub,
    aud: input.audience,
    ltx: input.linkTransactionId,
    ath: await sha256Base64url(input.accessToken),
    idh: await sha256Base64url(normaliseIndividualId(input.individualId)),
    captures: await Promise.all(input.challenges.map((c) => sha256Base64url(c))),
    iat,
    exp: iat + lifetime,
    jti: newJti(),
  } satisfies KioskAttestationClaims);
}

/**
 * Signs attestation claims with the kiosk's P-256 private key: the compact JWS that goes in the
 * `signet-kiosk-attestation` header. The claims are signed as given (tests sign wrong ones too).
 * @example headers[KIOSK_ATTESTATION_HEADER] = await signKioskAttestation(claims, kioskKey);
 */
export async function signKioskAttestation(
  claims: KioskAttestationClaims,
  privateKey: CryptoKey,
  kid?: string,
): Promise<string> {
  return new CompactSign(encoder.encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'ES256', typ: KIOSK_ATTESTATION_TYP, ...(kid === undefined ? {} : { kid }) })
    .sign(privateKey);
}
