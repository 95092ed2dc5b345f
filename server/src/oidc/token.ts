// The token endpoint: a pipeline of named checks (client authentication, grant type, code,
// redirect URI, PKCE), then the access and ID tokens. Codes are consumed atomically; a replayed
// code revokes the tokens issued from it.
import { hash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Client } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { OAuthError } from '../errors.js';
import { openOperatorSession } from '../kiosks/operator-session.js';
import { codeKey, usedCodeKey, type CodeGrant } from './authorization-code.js';
import { issueAccessToken, revokeGrant } from './access-token.js';
import { authenticateFormClient } from './client-assertion.js';
import { issueIdToken } from './id-token.js';
import { param } from './oauth-errors.js';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

function checkGrantType(body: Record<string, unknown>): void {
  const grantType = param(body, 'grant_type');
  if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is missing');
  if (grantType !== 'authorization_code')
    throw new OAuthError('unsupported_grant_type', 'only authorization_code is supported');
}

async function consumeCode(ctx: ServerContext, code: string): Promise<CodeGrant> {
  const grant = await ctx.transactions.consume<CodeGrant>(codeKey(code));
  if (grant) {
    await ctx.transactions.put(usedCodeKey(code), grant.grantId, ctx.config.ttl.accessToken);
    return grant;
  }
  const usedBy = await ctx.transactions.get<string>(usedCodeKey(code));
  if (usedBy) {
    await revokeGrant(ctx, usedBy);
    throw new OAuthError(
      'invalid_grant',
      'the authorization code has already been used; tokens issued from it are revoked',
    );
  }
  throw new OAuthError('invalid_grant', 'the authorization code is invalid or has expired');
}

function checkCodeBinding(grant: CodeGrant, client: Client, redirectUri: string | undefined): void {
  if (grant.clientId !== client.clientId)
    throw new OAuthError('invalid_grant', 'the authorization code was issued to another client');
  if (redirectUri !== grant.redirectUri)
    throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
}

function checkPkce(grant: CodeGrant, verifier: string | undefined): void {
  if (verifier === undefined) throw new OAuthError('invalid_grant', 'code_verifier is missing');
  if (!VERIFIER.test(verifier)) throw new OAuthError('invalid_grant', 'code_verifier is malformed');
  const computed = Buffer.from(hash('sha256', verifier, 'base64url'));
  const expected = Buffer.from(grant.codeChallenge);
  if (computed.length !== expected.length || !timingSafeEqual(computed, expected))
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
}

export function tokenEndpoint(ctx: ServerContext, audiences: string[]) {
  return async (req: Request, res: Response): Promise<void> => {
    const started = Date.now();
    const body = (req.body ?? {}) as Record<string, unknown>;
    let clientId: string | undefined;
    try {
      const client = await authenticateFormClient(ctx, body, audiences);
      clientId = client.clientId;
      checkGrantType(body);
      const code = param(body, 'code');
      if (code === undefined || code.length > 200) throw new OAuthError('invalid_request', 'code is missing');
      const grant = await consumeCode(ctx, code);
      checkCodeBinding(grant, client, param(body, 'redirect_uri'));
      checkPkce(grant, param(body, 'code_verifier'));

      const { token, expiresIn } = await issueAccessToken(ctx, grant);
      const idToken = await issueIdToken(ctx, client, grant, token);
      await openOperatorSession(ctx, {
        accessToken: token,
        expiresIn,
        clientId: client.clientId,
        individualId: grant.individualId,
        sub: grant.sub,
      });
      res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
      res.json({
        access_token: token,
        token_type: 'Bearer',
        expires_in: expiresIn,
        id_token: idToken,
        scope: grant.scopes.join(' '),
      });
      ctx.audit.record({ action: 'token', outcome: 'success', clientId, durationMs: Date.now() - started });
    } catch (e) {
      ctx.audit.record({
        action: 'token',
        outcome: 'failure',
        clientId,
        errorCode: e instanceof OAuthError ? e.error : 'server_error',
        durationMs: Date.now() - started,
      });
      throw e;
    }
  };
}
