// The check every kiosk-side call makes first (docs/assisted-flow.md, "Parties and credentials"):
// the operator's bearer token is live and a kiosk's, the kiosk registered and enabled, the operator
// session not idle-locked, the operator on the kiosk's list now. Each refusal is audited, naming the
// operator by their `sub` at the kiosk's client, never by their individual ID.
import type { Kiosk } from '@signet-kiosk/shared/kiosk';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { findAccessToken } from '../oidc/access-token.js';
import { sha256 } from '../oidc/authorization-code.js';
import { operatorSessionKey, type OperatorSession } from './operator-session.js';

export interface KioskOperator {
  /** The kiosk as registered now, with the public key its attestations must verify under. */
  kiosk: Kiosk;
  /**
   * The `sub` of the operator's ID token at the kiosk's client: the attestation's `sub`, and the
   * audit's name for the operator (their individual ID stays out of the audit).
   */
  operatorSub: string;
  /** base64url SHA-256 of the access token (the attestation's `ath`). */
  accessTokenHash: string;
}

// RFC 6750 §2.1's b64token.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

/** What a refusal knows of who was refused, for the audit. */
interface Refused {
  kioskId?: string;
  operator?: string;
}

/**
 * Authenticates the operator behind a kiosk's call and refreshes the session's idle clock.
 * Throws EsignetError `invalid_token`, `kiosk_unknown`, `kiosk_disabled`, `operator_session_expired`
 * (the session is then ended) or `operator_not_allowed`.
 * @example const { kiosk, operatorSub } = await authenticateKioskOperator(ctx, req.get('authorization'));
 */
export async function authenticateKioskOperator(
  ctx: ServerContext,
  authorizationHeader: string | undefined,
): Promise<KioskOperator> {
  let refused: Refused = {};
  try {
    const token = authorizationHeader === undefined ? undefined : BEARER.exec(authorizationHeader)?.[1];
    if (token === undefined)
      throw new EsignetError('invalid_token', 'The request carries no operator access token (Authorization: Bearer).');
    const accessTokenHash = sha256(token);
    const key = operatorSessionKey(accessTokenHash);
    const record = await findAccessToken(ctx, token);
    const session = await ctx.transactions.get<OperatorSession>(key);
    // A revoked or expired token, or one a relying party's client holds: no kiosk session.
    if (!record || record.exp <= Math.floor(Date.now() / 1000) || !session) throw new EsignetError('invalid_token');
    refused = { kioskId: session.kioskId, operator: session.operatorSub };

    const kiosk = await ctx.registry.kiosks.get(session.kioskId);
    if (!kiosk) throw new EsignetError('kiosk_unknown');
    // Sessions are keyed by the kiosk the token's client names; a mismatch means the registry changed under it.
    if (record.clientId !== kiosk.clientId) throw new EsignetError('invalid_token');
    if (!kiosk.enabled) throw new EsignetError('kiosk_disabled');

    const now = Date.now();
    if (now - session.lastUsedAt > ctx.config.kiosks.operatorIdleSeconds * 1000) {
      await ctx.transactions.delete(key);
      throw new EsignetError('operator_session_expired');
    }
    if (!kiosk.operators.includes(session.operatorIndividualId)) throw new EsignetError('operator_not_allowed');

    // Of two calls at once that read the same session, one moves the clock on; the other's time
    // is as recent, so losing the race costs nothing.
    await ctx.transactions.compareAndSet(key, session, { ...session, lastUsedAt: now } satisfies OperatorSession);
    return {
      kiosk,
      operatorSub: session.operatorSub,
      accessTokenHash,
    };
  } catch (e) {
    ctx.audit.record({
      action: 'kiosk-operator-auth',
      outcome: 'failure',
      errorCode: e instanceof EsignetError ? e.errorCode : 'unknown_error',
      ...refused,
    });
    throw e;
  }
}
