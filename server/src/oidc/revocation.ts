// Token revocation (RFC 7009): a client, authenticated as at the token endpoint (private_key_jwt),
// revokes an access token it was issued. For a kiosk's client this ends the operator session bound to
// the token: the kiosk calls it when its operator signs out or the kiosk locks.
import type { Request, Response } from 'express';
import type { ServerContext } from '../context.js';
import { OAuthError } from '../errors.js';
import { endOperatorSession } from '../kiosks/operator-session.js';
import { findAccessToken, revokeAccessToken } from './access-token.js';
import { sha256 } from './authorization-code.js';
import { authenticateFormClient } from './client-assertion.js';
import { param } from './oauth-errors.js';

/** Our access tokens are 43 characters; anything far longer is no token of ours. */
const MAX_TOKEN_LENGTH = 512;

export function revocationEndpoint(ctx: ServerContext, audiences: string[]) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    let clientId: string | undefined;
    try {
      const client = await authenticateFormClient(ctx, body, audiences);
      clientId = client.clientId;
      const token = param(body, 'token');
      if (token === undefined || token.length === 0) throw new OAuthError('invalid_request', 'token is missing');
      // token_type_hint is only a hint (RFC 7009 §2.1): access tokens are the only kind there is.
      param(body, 'token_type_hint');
      // Unknown, expired or already revoked: nothing to do, and 200 all the same (RFC 7009 §2.2).
      const record = token.length <= MAX_TOKEN_LENGTH ? await findAccessToken(ctx, token) : undefined;
      let revoked = false;
      if (record) {
        if (record.clientId !== client.clientId)
          throw new OAuthError('invalid_request', 'the token was issued to another client; it is not revoked');
        const tokenHash = sha256(token);
        await revokeAccessToken(ctx, tokenHash);
        await endOperatorSession(ctx, tokenHash);
        revoked = true;
      }
      res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).status(200).end();
      ctx.audit.record({ action: 'token-revocation', outcome: 'success', clientId, revoked });
    } catch (e) {
      ctx.audit.record({
        action: 'token-revocation',
        outcome: 'failure',
        clientId,
        errorCode: e instanceof OAuthError ? e.error : 'server_error',
      });
      throw e;
    }
  };
}
