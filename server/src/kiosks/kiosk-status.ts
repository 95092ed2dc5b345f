// `POST /v1/signet/kiosk/status` (shared kiosk-status.ts): a kiosk asks whether it is registered and
// enabled, with a short JWS signed by its kiosk key and carrying that key. The server verifies the
// signature under the carried key, the claims and the jti, then answers for that key only: a kiosk
// id registered with another key is "not registered" to whoever asks with this one.
import { compactVerify, EmbeddedJWK } from 'jose';
import {
  KIOSK_STATUS_MAX_LIFETIME_S,
  KIOSK_STATUS_TYP,
  KioskPublicJwkSchema,
  KioskStatusClaimsSchema,
  KioskStatusRequestSchema,
  type KioskPublicJwk,
  type KioskStatus,
  type KioskStatusClaims,
} from '@signet-kiosk/shared/kiosk';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import type { StepHandler } from '../esignet/audited-step.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';

/** Clock difference tolerated between kiosk and server, seconds. */
const CLOCK_LEEWAY_S = 5;

const refuse = (why: string) => new EsignetError('invalid_kiosk_status_request', `The kiosk status request ${why}.`);

/** The claims and the key of a status request whose signature verifies under the key it carries. */
async function verifiedRequest(jws: string): Promise<{ claims: KioskStatusClaims; key: KioskPublicJwk }> {
  let verified;
  try {
    verified = await compactVerify(jws, EmbeddedJWK, { algorithms: ['ES256'] });
  } catch {
    throw refuse('is not an ES256 JWS signed by the key in its header');
  }
  if (verified.protectedHeader.typ !== KIOSK_STATUS_TYP) throw refuse(`is not typed ${KIOSK_STATUS_TYP}`);
  const key = KioskPublicJwkSchema.safeParse(verified.protectedHeader.jwk);
  if (!key.success) throw refuse('does not carry a P-256 public key');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    throw refuse('payload is not JSON');
  }
  const claims = KioskStatusClaimsSchema.safeParse(json);
  if (!claims.success) throw refuse('claims are malformed');
  return { claims: claims.data, key: key.data };
}

function checkClaims(ctx: ServerContext, claims: KioskStatusClaims, now: number): void {
  if (claims.aud !== ctx.config.issuer) throw refuse('is for another server (aud)');
  if (claims.exp <= claims.iat || claims.exp - claims.iat > KIOSK_STATUS_MAX_LIFETIME_S)
    throw refuse(`lives longer than ${KIOSK_STATUS_MAX_LIFETIME_S} seconds`);
  if (claims.iat > now + CLOCK_LEEWAY_S) throw refuse('is dated in the future (iat)');
  if (claims.exp <= now - CLOCK_LEEWAY_S) throw refuse('has expired (exp)');
}

const sameKey = (a: KioskPublicJwk, b: KioskPublicJwk) =>
  a.kty === b.kty && a.crv === b.crv && a.x === b.x && a.y === b.y;

/** What the registry says of the kiosk the request names, for the key that signed it. */
export async function kioskStatus(ctx: ServerContext, kioskId: string, key: KioskPublicJwk): Promise<KioskStatus> {
  const kiosk = await ctx.registry.kiosks.get(kioskId);
  if (!kiosk || !sameKey(kiosk.publicJwk, key)) return { registered: false };
  return { registered: true, enabled: kiosk.enabled, name: kiosk.name, operatorCount: kiosk.operators.length };
}

export function kioskStatusEndpoint(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const { statusRequest } = parseEnvelope(KioskStatusRequestSchema, req.body);
    const { claims, key } = await verifiedRequest(statusRequest);
    const now = Math.floor(Date.now() / 1000);
    checkClaims(ctx, claims, now);
    const remember = Math.max(1, claims.exp + CLOCK_LEEWAY_S - now);
    if (!(await ctx.replay.putIfAbsent(`kiosk-status-jti:${claims.iss}:${claims.jti}`, 1, remember)))
      throw refuse('was already used (jti)');
    const status = await kioskStatus(ctx, claims.iss, key);
    // Anyone can sign such a request with a key of their own, naming any kiosk: the audit names the
    // kiosk only when the registered key signed it.
    audit.registered = status.registered;
    if (status.registered) audit.kioskId = claims.iss;
    sendEnvelope(res, status);
  };
}
