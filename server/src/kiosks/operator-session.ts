// Operator sessions: opened by the token endpoint when it issues tokens to a kiosk's client, kept in
// the transactions store under the access token's hash for the token's life, locked when idle. The
// audit names the operator by their `sub` at the kiosk's client.
import { sha256 } from '../oidc/authorization-code.js';
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

/** Keyed by the token's hash, as access tokens are (oidc/access-token.ts): the store never holds a bearer token. */
export const operatorSessionKey = (accessTokenHash: string) => `kiosk-operator:${accessTokenHash}`;

/**
 * Opens an operator session for a token just issued to a kiosk's client; does nothing for other
 * clients. Whether the kiosk is registered, enabled and the operator allowed is checked at each use.
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
  await ctx.transactions.put(operatorSessionKey(sha256(issued.accessToken)), session, issued.expiresIn);
  ctx.audit.record({
    action: 'kiosk-operator-sign-in',
    outcome: 'success',
    clientId: issued.clientId,
    kioskId,
    operator: issued.sub,
  });
}
