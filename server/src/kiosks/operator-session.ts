// Operator sessions: opened by the token endpoint when it issues tokens to a kiosk's client, kept in
// the transactions store under the access token's hash for the token's life, locked when idle, and
// listed per kiosk so that disabling the kiosk or removing an operator ends them at once. The
// audit names the operator by their `sub` at the kiosk's client.
import { OAuthError } from '../errors.js';
import { sha256 } from '../oidc/authorization-code.js';
import { revokeAccessToken } from '../oidc/access-token.js';
import type { ServerContext } from '../context.js';
import { kioskIdOfClient } from '@signet-kiosk/shared/kiosk';

export interface OperatorSession {
  kioskId: string;
  /** The operator's individual id in the ID system (what the kiosk's operator list holds). */
  operatorIndividualId: string;
  /** The `sub` of the operator's ID token at the kiosk's client. */
  operatorSub: string;
  /** Milliseconds since epoch of the last call the session made (its opening, at first). */
  lastUsedAt: number;
}

/** One entry of a kiosk's list of sessions: enough to end it without reading it. */
interface KioskSessionEntry {
  accessTokenHash: string;
  operatorIndividualId: string;
  /** Milliseconds since epoch when the session (its token) expires: the list drops it then. */
  expiresAt: number;
}

/** Keyed by the token's hash, as access tokens are (oidc/access-token.ts): the store never holds a bearer token. */
export const operatorSessionKey = (accessTokenHash: string) => `kiosk-operator:${accessTokenHash}`;
const kioskSessionsKey = (kioskId: string) => `kiosk-operator-sessions:${kioskId}`;

/** Tries of a compare-and-set update of a kiosk's list before giving up (only racing sign-ins at one kiosk lose). */
const CAS_TRIES = 8;

/**
 * Opens an operator session for a token just issued to a kiosk's client; does nothing for other
 * clients. Whether the kiosk is registered, enabled and the operator allowed is checked at each use;
 * a kiosk disabled while its operator signed in refuses the token request (invalid_client), the
 * token revoked.
 */
export async function openOperatorSession(
  ctx: ServerContext,
  issued: { accessToken: string; expiresIn: number; clientId: string; individualId: string; sub: string },
): Promise<void> {
  const kioskId = kioskIdOfClient(issued.clientId);
  if (kioskId === undefined) return;
  const session: OperatorSession = {
    kioskId,
    operatorIndividualId: issued.individualId,
    operatorSub: issued.sub,
    lastUsedAt: Date.now(),
  };
  const accessTokenHash = sha256(issued.accessToken);
  await ctx.transactions.put(operatorSessionKey(accessTokenHash), session, issued.expiresIn);
  const entry: KioskSessionEntry = {
    accessTokenHash,
    operatorIndividualId: issued.individualId,
    expiresAt: Date.now() + issued.expiresIn * 1000,
  };
  // The list lives as long as its newest session.
  const listed = await updateKioskSessions(
    ctx,
    kioskId,
    (live) => ({ kept: [...live, entry], ended: [] }),
    issued.expiresIn,
  );
  // Listed first, checked after: a disable that read the list before this entry was in it wrote the
  // kiosk's state before that, so this read sees it, and the session ends here (no later re-enable
  // revives it). A session the list could not take is ended too: nothing could end it later.
  const kiosk = await ctx.registry.kiosks.get(kioskId);
  // (A kiosk-named client with no kiosk behind it keeps its token: each call answers kiosk_unknown.)
  if (listed === undefined || (kiosk !== undefined && !kiosk.enabled)) {
    await revokeAccessToken(ctx, accessTokenHash);
    await ctx.transactions.delete(operatorSessionKey(accessTokenHash));
    if (listed !== undefined)
      await updateKioskSessions(ctx, kioskId, (live) => ({
        kept: live.filter((e) => e.accessTokenHash !== accessTokenHash),
        ended: [],
      }));
    if (listed === undefined)
      throw new Error(`kiosk ${kioskId}: its operator session list could not take a new session`);
    throw new OAuthError('invalid_client', 'the kiosk is disabled');
  }
  ctx.audit.record({
    action: 'kiosk-operator-sign-in',
    outcome: 'success',
    clientId: issued.clientId,
    kioskId,
    operator: issued.sub,
  });
}

/**
 * Ends one operator session (the kiosk signed out or locked, through token revocation); true when
 * there was one. The access token itself is the caller's to revoke.
 */
export async function endOperatorSession(ctx: ServerContext, accessTokenHash: string): Promise<boolean> {
  const session = await ctx.transactions.consume<OperatorSession>(operatorSessionKey(accessTokenHash));
  if (!session) return false;
  ctx.audit.record({
    action: 'kiosk-operator-sign-out',
    outcome: 'success',
    kioskId: session.kioskId,
    operator: session.operatorSub,
  });
  return true;
}

/**
 * Ends a kiosk's live operator sessions at once, with their access tokens: all of them (the kiosk
 * was disabled), or those of operators no longer on its list. Returns how many it ended.
 * @example await endKioskOperatorSessions(ctx, kioskId, (operator) => !kiosk.operators.includes(operator));
 */
export async function endKioskOperatorSessions(
  ctx: ServerContext,
  kioskId: string,
  ends: (operatorIndividualId: string) => boolean = () => true,
): Promise<number> {
  const ended =
    (await updateKioskSessions(ctx, kioskId, (live) => ({
      kept: live.filter((e) => !ends(e.operatorIndividualId)),
      ended: live.filter((e) => ends(e.operatorIndividualId)),
    }))) ??
    // Every try lost a race with sign-ins: the sessions listed now are ended all the same (ending is
    // idempotent); their entries stay in the list until they expire.
    ((await ctx.transactions.get<KioskSessionEntry[]>(kioskSessionsKey(kioskId))) ?? []).filter((e) =>
      ends(e.operatorIndividualId),
    );
  for (const e of ended) {
    await revokeAccessToken(ctx, e.accessTokenHash);
    await ctx.transactions.delete(operatorSessionKey(e.accessTokenHash));
  }
  if (ended.length > 0)
    ctx.audit.record({ action: 'kiosk-operator-sessions-ended', outcome: 'success', kioskId, count: ended.length });
  return ended.length;
}

/**
 * Moves a kiosk's list of sessions on atomically (compare-and-set): `change` sees the live entries
 * and says which to keep; returns those it ended, undefined when every try lost a race (logged).
 * `ttlSeconds` restarts the list's expiry.
 */
async function updateKioskSessions(
  ctx: ServerContext,
  kioskId: string,
  change: (live: KioskSessionEntry[]) => { kept: KioskSessionEntry[]; ended: KioskSessionEntry[] },
  ttlSeconds?: number,
): Promise<KioskSessionEntry[] | undefined> {
  const key = kioskSessionsKey(kioskId);
  for (let i = 0; i < CAS_TRIES; i++) {
    const stored = await ctx.transactions.get<KioskSessionEntry[]>(key);
    const now = Date.now();
    const { kept, ended } = change((stored ?? []).filter((e) => e.expiresAt > now));
    if (!stored && kept.length === 0) return ended;
    const saved = stored
      ? await ctx.transactions.compareAndSet(key, stored, kept, ttlSeconds)
      : await ctx.transactions.putIfAbsent(key, kept, ttlSeconds ?? ctx.config.ttl.accessToken);
    if (saved) return ended;
  }
  ctx.logger.warn({ kioskId }, "a kiosk's operator session list changed under every try; left as it was");
  return undefined;
}
