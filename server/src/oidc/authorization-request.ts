// Validates an authorization request (from GET/POST /authorize or from the UI's oauth-details)
// before any UI is shown: a list of named checks (authorization-checks/), each with its own
// errors, then the request as the transaction keeps it. Errors say whether they may be sent back
// to the redirect URI or must be shown on a page.
import type { AuthFactor, Client } from '@signet-kiosk/shared/esignet';
import { SCOPE_CLAIMS, type ClaimsRequest } from '@signet-kiosk/shared/oidc';
import type { ServerContext } from '../context.js';
import { checkAcr } from './authorization-checks/acr.js';
import { established, initialCheckState, type AuthorizationCheck } from './authorization-checks/check-state.js';
import { checkClaims } from './authorization-checks/claims.js';
import { checkClientSettings } from './authorization-checks/client-settings.js';
import { checkClient } from './authorization-checks/client.js';
import { checkDisplay } from './authorization-checks/display.js';
import { checkMaxAge } from './authorization-checks/max-age.js';
import { checkPkce } from './authorization-checks/pkce.js';
import { checkPrompt } from './authorization-checks/prompt.js';
import { checkRedirectUri } from './authorization-checks/redirect-uri.js';
import { checkRequestObject } from './authorization-checks/request-object.js';
import { checkResponseType } from './authorization-checks/response-type.js';
import { checkScope } from './authorization-checks/scope.js';
import { spaceSeparated, type AuthorizationParams } from './authorization-params.js';

/** A validated authorization request. */
export interface AuthorizationRequest {
  clientId: string;
  relyingPartyId: string;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
  prompt: string[];
  maxAge: number | undefined;
  acrValues: string[];
  authFactors: AuthFactor[][];
  claims: ClaimsRequest | undefined;
  claimsLocales: string[];
  uiLocales: string[];
  display: string | undefined;
  loginHint: string | undefined;
  idTokenHint: string | undefined;
  /** Claims the resident must release, and those they may. */
  essentialClaims: string[];
  voluntaryClaims: string[];
  /** Scopes other than openid and the standard claim scopes (shown for consent). */
  authorizeScopes: string[];
  credentialScopes: string[];
}

/** The checks, in the order they run; the first failure is the answer. */
export const AUTHORIZATION_CHECKS: readonly AuthorizationCheck[] = [
  checkClient,
  checkRedirectUri,
  checkClientSettings,
  checkRequestObject,
  checkResponseType,
  checkScope,
  checkPkce,
  checkPrompt,
  checkMaxAge,
  checkDisplay,
  checkClaims,
  checkAcr,
];

/**
 * Claims the resident is asked for: voluntary from the scopes, essential or voluntary from the
 * claims parameter; only those the client may receive.
 */
function requestedClaims(
  client: Client,
  scopes: string[],
  claims: ClaimsRequest | undefined,
): { essential: string[]; voluntary: string[] } {
  const essential = new Set<string>();
  const voluntary = new Set<string>();
  for (const s of scopes) for (const c of SCOPE_CLAIMS[s] ?? []) voluntary.add(c);
  for (const [name, entry] of Object.entries({ ...claims?.userinfo, ...claims?.id_token })) {
    if (entry?.essential) essential.add(name);
    else voluntary.add(name);
  }
  for (const c of essential) voluntary.delete(c);
  const allowed = new Set(client.userClaims);
  const keep = (set: Set<string>) => [...set].filter((c) => allowed.has(c));
  return { essential: keep(essential), voluntary: keep(voluntary) };
}

/**
 * Runs every check in order. Throws AuthorizationRequestError.
 * @example const req = await validateAuthorizationRequest(ctx, AuthorizationParamsSchema.parse(query));
 */
export async function validateAuthorizationRequest(
  ctx: ServerContext,
  params: AuthorizationParams,
): Promise<AuthorizationRequest> {
  const state = initialCheckState(ctx, params);
  for (const check of AUTHORIZATION_CHECKS) await check(state);

  const client = established(state, 'client');
  const { essential, voluntary } = requestedClaims(client, state.scopes, state.claims);
  return {
    clientId: client.clientId,
    relyingPartyId: client.relyingPartyId,
    redirectUri: established(state, 'redirectUri'),
    scopes: state.scopes,
    state: params.state,
    nonce: params.nonce,
    codeChallenge: state.codeChallenge,
    codeChallengeMethod: 'S256',
    prompt: state.prompt,
    maxAge: state.maxAge,
    acrValues: state.acrValues,
    authFactors: state.authFactors,
    claims: state.claims,
    claimsLocales: spaceSeparated(params.claims_locales),
    uiLocales: spaceSeparated(params.ui_locales),
    display: params.display,
    loginHint: params.login_hint,
    idTokenHint: params.id_token_hint,
    essentialClaims: essential,
    voluntaryClaims: voluntary,
    authorizeScopes: state.scopes.filter((s) => s !== 'openid' && !(s in SCOPE_CLAIMS)),
    credentialScopes: [],
  };
}
