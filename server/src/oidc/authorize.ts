// The authorization endpoint (GET and form POST): validate everything before any UI is shown,
// then send the resident to the login UI with the validated parameters; prompt=none completes
// from the SSO session or fails with login_required/consent_required. Errors that cannot be
// trusted to a redirect URI are shown on a page, never redirected.
import type { Request, Response } from 'express';
import type { ServerContext } from '../context.js';
import { OAuthError, type EsignetErrorCode } from '../errors.js';
import { pageLanguage } from '../pages/languages.js';
import { sendErrorPage } from '../pages/error-page.js';
import type { ErrorSituation } from '../pages/page-messages.js';
import { AuthorizationParamsSchema } from './authorization-params.js';
import { AuthorizationRequestError } from './authorization-request-error.js';
import { validateAuthorizationRequest, type AuthorizationRequest } from './authorization-request.js';
import { errorCallbackUrl, issueAuthorizationCode } from './authorization-code.js';
import { applicableConsent, decideConsentAction } from './consent.js';
import { ensureBrowserBinding } from './browser-binding.js';
import { readSsoSession } from './sso-session.js';

/** What the resident is told when a request stops on a page: by the eSignet code of its first failed check. */
function situationOf(esignetCode: EsignetErrorCode): ErrorSituation {
  if (esignetCode === 'invalid_client_id') return 'unknown_application';
  if (esignetCode === 'invalid_redirect_uri') return 'unregistered_return_address';
  return 'malformed_request';
}

function redirectWithError(
  ctx: ServerContext,
  res: Response,
  redirectUri: string,
  state: string | undefined,
  err: OAuthError,
): void {
  res.redirect(303, errorCallbackUrl(redirectUri, ctx.config.issuer, err, state));
}

/** prompt=none: complete from the SSO session, or say why not. */
async function completeSilently(ctx: ServerContext, req: Request, request: AuthorizationRequest): Promise<string> {
  const session = await readSsoSession(ctx, req);
  const fail = (error: 'login_required' | 'consent_required', description: string) =>
    new AuthorizationRequestError(error, description, 'invalid_transaction', true, request.redirectUri, request.state);
  if (!session) throw fail('login_required', 'no active sign-in session');
  const now = Math.floor(Date.now() / 1000);
  if (request.maxAge !== undefined && now - session.authTime > request.maxAge)
    throw fail('login_required', 'the sign-in session is older than max_age');
  if (!request.acrValues.includes(session.acr))
    throw fail('login_required', 'the sign-in session does not satisfy the requested acr_values');
  const sub = ctx.subjects.sub(request.relyingPartyId, session.subjectId);
  const known = { ...request, sub };
  if ((await decideConsentAction(ctx, known)) === 'CAPTURE')
    throw fail('consent_required', 'consent for this request has not been given');
  const consent = await applicableConsent(ctx, known);
  const { redirectUrl } = await issueAuthorizationCode(
    ctx,
    {
      ...session,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      nonce: request.nonce,
      scopes: request.scopes,
      sub,
      acceptedClaims: consent?.acceptedClaims ?? [],
      claims: request.claims,
      claimsLocales: request.claimsLocales,
    },
    request.state,
  );
  return redirectUrl;
}

export function authorizeEndpoint(ctx: ServerContext) {
  const loginUi = ctx.config.loginUiUrl ?? `${ctx.config.issuer}/login`;
  return async (req: Request, res: Response): Promise<void> => {
    const source = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown> | undefined;
    const language = pageLanguage(source?.ui_locales, req.get('accept-language'));
    const parsed = AuthorizationParamsSchema.safeParse(source ?? {});
    if (!parsed.success) {
      // Repeated or non-string parameters: nothing can be trusted, so no redirect.
      const description = `the parameter ${String(parsed.error.issues[0]?.path[0] ?? '')} is malformed or repeated`;
      return sendErrorPage(res, 400, {
        language,
        error: 'invalid_request',
        situation: 'malformed_request',
        description,
      });
    }
    const params = parsed.data;
    try {
      const request = await validateAuthorizationRequest(ctx, params);
      if (request.prompt.includes('none')) {
        const url = await completeSilently(ctx, req, request);
        ctx.audit.record({ action: 'authorize', outcome: 'success', clientId: request.clientId, prompt: 'none' });
        return void res.redirect(303, url);
      }
      const target = new URL(loginUi);
      for (const [k, v] of Object.entries(params)) {
        if (typeof v === 'string' && k !== 'request' && k !== 'request_uri') target.searchParams.set(k, v);
      }
      if (!params.redirect_uri) target.searchParams.set('redirect_uri', request.redirectUri);
      // The login UI's transaction will be bound to this browser (oidc/browser-binding.ts).
      ensureBrowserBinding(ctx, req, res);
      ctx.audit.record({ action: 'authorize', outcome: 'success', clientId: request.clientId });
      res.redirect(303, target.toString());
    } catch (e) {
      if (!(e instanceof AuthorizationRequestError)) throw e;
      ctx.audit.record({ action: 'authorize', outcome: 'failure', clientId: params.client_id, errorCode: e.error });
      if (e.redirectable && e.redirectUri) return redirectWithError(ctx, res, e.redirectUri, e.state, e);
      sendErrorPage(res, 400, {
        language,
        error: e.error,
        situation: situationOf(e.esignetCode),
        description: e.message,
      });
    }
  };
}
