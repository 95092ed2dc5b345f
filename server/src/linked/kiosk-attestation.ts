// Verifies the kiosk attestation JWS of a `v2/authenticate` before any biometric check runs: the
// kiosk's registered key signed it (ES256, its typ), it names this kiosk, operator, link transaction,
// bearer token, individual ID and exactly the submitted captures, it is inside its short window, and
// its jti is new.
import { compactVerify, importJWK } from 'jose';
import {
  KIOSK_ATTESTATION_MAX_LIFETIME_S,
  KIOSK_ATTESTATION_TYP,
  KioskAttestationClaimsSchema,
  type KioskAttestationClaims,
  type KioskPublicJwk,
} from '@signet-kiosk/shared/kiosk';
import { normaliseIndividualId } from '@signet-kiosk/shared/esignet';
import { hash } from 'node:crypto';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { constantTimeEqual } from '../esignet/constant-time.js';

/** Clock difference tolerated between kiosk and server, seconds. */
const CLOCK_LEEWAY_S = 5;
/** A compact ES256 JWS of these claims is well under 2 KB; anything far longer is not one. */
const MAX_JWS_LENGTH = 8192;

/** What the request says the attestation must vouch for. */
export interface AttestationExpectation {
  kioskId: string;
  publicJwk: KioskPublicJwk;
  operatorSub: string;
  audience: string;
  linkTransactionId: string;
  /** base64url SHA-256 of the bearer token the request came with. */
  accessTokenHash: string;
  /** The request's individualId (the attestation names the SHA-256 of its normal form). */
  individualId: string;
  /** The challenge strings of challengeList, in order. */
  challenges: readonly string[];
}

const refuse = (why: string) => new EsignetError('invalid_kiosk_attestation', `The kiosk attestation ${why}.`);

async function verifiedClaims(jws: string, publicJwk: KioskPublicJwk): Promise<KioskAttestationClaims> {
  let payload: Uint8Array;
  try {
    const key = await importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256');
    const verified = await compactVerify(jws, key, { algorithms: ['ES256'] });
    if (verified.protectedHeader.typ !== KIOSK_ATTESTATION_TYP) throw refuse(`is not typed ${KIOSK_ATTESTATION_TYP}`);
    payload = verified.payload;
  } catch (e) {
    if (e instanceof EsignetError) throw e;
    throw refuse("is not an ES256 JWS signed by this kiosk's registered key");
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw refuse('payload is not JSON');
  }
  const parsed = KioskAttestationClaimsSchema.safeParse(json);
  if (!parsed.success) throw refuse('claims are malformed');
  return parsed.data;
}

function checkClaims(claims: KioskAttestationClaims, expected: AttestationExpectation, now: number): void {
  if (claims.iss !== expected.kioskId) throw refuse('was issued by another kiosk (iss)');
  if (claims.sub !== expected.operatorSub) throw refuse('names another operator (sub)');
  if (claims.aud !== expected.audience) throw refuse('is for another server (aud)');
  if (claims.ltx !== expected.linkTransactionId) throw refuse('is for another link transaction (ltx)');
  if (!constantTimeEqual(claims.ath, expected.accessTokenHash)) throw refuse('is bound to another access token (ath)');
  if (!constantTimeEqual(claims.idh, hash('sha256', normaliseIndividualId(expected.individualId), 'base64url')))
    throw refuse('names another individual ID (idh)');
  const digests = expected.challenges.map((c) => hash('sha256', c, 'base64url'));
  if (claims.captures.length !== digests.length || claims.captures.some((d, i) => d !== digests[i]))
    throw refuse('names other captures than the ones submitted');
  if (claims.exp <= claims.iat || claims.exp - claims.iat > KIOSK_ATTESTATION_MAX_LIFETIME_S)
    throw refuse(`lives longer than ${KIOSK_ATTESTATION_MAX_LIFETIME_S} seconds`);
  if (claims.iat > now + CLOCK_LEEWAY_S) throw refuse('is dated in the future (iat)');
  if (claims.exp <= now - CLOCK_LEEWAY_S) throw refuse('has expired (exp)');
}

/**
 * Throws invalid_kiosk_attestation unless `jws` is a valid attestation of exactly what
 * `expected` says; then kiosk_attestation_replayed if its jti was seen. The jti is remembered only
 * for an attestation that passed every other check, until it expires.
 * @example await verifyKioskAttestation(ctx, req.get(KIOSK_ATTESTATION_HEADER), expected);
 */
export async function verifyKioskAttestation(
  ctx: ServerContext,
  jws: string | undefined,
  expected: AttestationExpectation,
): Promise<KioskAttestationClaims> {
  if (!jws) throw refuse('header is missing');
  if (jws.length > MAX_JWS_LENGTH) throw refuse('is too long');
  const claims = await verifiedClaims(jws, expected.publicJwk);
  const now = Math.floor(Date.now() / 1000);
  checkClaims(claims, expected, now);
  const remember = Math.max(1, claims.exp + CLOCK_LEEWAY_S - now);
  if (!(await ctx.replay.putIfAbsent(`kiosk-attestation-jti:${claims.iss}:${claims.jti}`, 1, remember)))
    throw new EsignetError('kiosk_attestation_replayed');
  return claims;
}
