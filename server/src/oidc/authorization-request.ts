// Validates an authorization request (from GET/POST /authorize or from the UI's oauth-details)
// before any UI is shown: client, redirect URI (exact match), response type, scope, PKCE, prompt,
// claims. Errors say whether they may be sent back to the redirect URI or must be shown on a page.
import { z } from 'zod';
import { ACR_FACTORS, type AuthFactor, type Client } from '@signet-kiosk/shared/esignet';
import { ClaimsRequestSchema, OIDC_SCOPES, SCOPE_CLAIMS, type ClaimsRequest } from '@signet-kiosk/shared/oidc';
import type { ServerContext } from '../context.js';
import { OAuthError, type EsignetErrorCode } from '../errors.js';

/** The raw parameters, as /authorize receives them (snake_case, all strings). */
export const AuthorizationParamsSchema = z
  .object({
    client_id: z.string().max(200).optional(),
    redirect_uri: z.string().max(2000).optional(),
    response_type: z.string().max(100).optional(),
    response_mode: z.string().max(50).optional(),
    scope: z.string().max(2000).optional(),
    state: z.string().max(2000).optional(),
    nonce: z.string().max(500).optional(),
    code_challenge: z.string().max(200).optional(),
    code_challenge_method: z.string().max(20).optional(),
    prompt: z.string().max(100).optional(),
    max_age: z.string().max(20).optional(),
    acr_values: z.string().max(2000).optional(),
    claims: z.string().max(10000).optional(),
    claims_locales: z.string().max(200).optional(),
    ui_locales: z.string().max(200).optional(),
    display: z.string().max(20).optional(),
    login_hint: z.string().max(500).optional(),
    id_token_hint: z.string().max(10000).optional(),
    request: z.string().optional(),
    request_uri: z.string().optional(),
  })
  .loose();
export type AuthorizationParams = z.infer<typeof AuthorizationParamsSchema>;

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

/** An error found while validating; `redirectable` false means: show a page, never redirect. */
export class AuthorizationRequestError extends OAuthError {
  constructor(
    error: OAuthError['error'],
    description: string,
    readonly esignetCode: EsignetErrorCode,
    readonly redirectable: boolean,
    /** Set when redirectable: where to send the error, and the state to echo. */
    readonly redirectUri?: string,
    readonly state?: string,
  ) {
    super(error, description);
  }
}

const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);
const DISPLAYS = new Set(['page', 'popup', 'touch', 'wap']);

const split = (v: string | undefined): string[] => (v ? v.split(' ').filter((s) => s.length > 0) : []);

/** Resolves the client and redirect URI; failures are never redirected. */
export async function resolveClientAndRedirect(ctx: ServerContext, params: AuthorizationParams): Promise<{ client: Client; redirectUri: string }> {
  if (!params.client_id) throw new AuthorizationRequestError('invalid_request', 'client_id is missing', 'invalid_client_id', false);
  const client = await ctx.registry.clients.get(params.client_id);
  if (!client || client.status !== 'ACTIVE') throw new AuthorizationRequestError('invalid_request', 'client_id is not a registered, active client', 'invalid_client_id', false);
  let redirectUri = params.redirect_uri;
  if (redirectUri === undefined) {
    if (client.redirectUris.length !== 1) throw new AuthorizationRequestError('invalid_request', 'redirect_uri is missing and the client has several registered', 'invalid_redirect_uri', false);
    redirectUri = client.redirectUris[0]!;
  }
  // Exact string match, query included: no wildcards, no normalisation.
  if (!client.redirectUris.includes(redirectUri)) throw new AuthorizationRequestError('invalid_request', 'redirect_uri is not registered for this client', 'invalid_redirect_uri', false);
  return { client, redirectUri };
}

/**
 * Validates every parameter. Throws AuthorizationRequestError.
 * @example const req = await validateAuthorizationRequest(ctx, AuthorizationParamsSchema.parse(query));
 */
export async function validateAuthorizationRequest(ctx: ServerContext, params: AuthorizationParams): Promise<AuthorizationRequest> {
  const { client, redirectUri } = await resolveClientAndRedirect(ctx, params);
  const state = params.state;
  const fail = (error: OAuthError['error'], description: string, esignetCode: EsignetErrorCode): never => {
    throw new AuthorizationRequestError(error, description, esignetCode, true, redirectUri, state);
  };

  if (client.additionalConfig.userinfo_response_type === 'JWE' && !client.encPublicKey) {
    fail('unauthorized_client', 'the client asks for encrypted userinfo but has registered no encryption key', 'invalid_client_id');
  }
  if (client.additionalConfig.require_pushed_authorization_requests) fail('unauthorized_client', 'the client requires pushed authorization requests, which this server does not support', 'invalid_client_id');
  if (client.additionalConfig.dpop_bound_access_tokens) fail('unauthorized_client', 'the client requires DPoP-bound access tokens, which this server does not support', 'invalid_client_id');
  if (params.request !== undefined) fail('request_not_supported', 'the request parameter is not supported', 'invalid_request');
  if (params.request_uri !== undefined) fail('request_uri_not_supported', 'the request_uri parameter is not supported', 'invalid_request');
  if (params.response_type !== 'code') fail('unsupported_response_type', 'response_type must be code', 'invalid_response_type');
  if (params.response_mode !== undefined && params.response_mode !== 'query') fail('invalid_request', 'response_mode must be query', 'invalid_request');

  const scopes = [...new Set(split(params.scope))];
  if (scopes.length === 0) fail('invalid_scope', 'scope is missing', 'invalid_scope');
  const unknown = scopes.filter((s) => !(OIDC_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) fail('invalid_scope', `unsupported scope: ${unknown.join(' ')}`, 'invalid_scope');
  if (!scopes.includes('openid')) fail('invalid_scope', 'scope must include openid', 'invalid_scope');

  if (params.code_challenge === undefined) fail('invalid_request', 'PKCE is required: code_challenge is missing', 'use_pkce');
  if (params.code_challenge_method !== 'S256') fail('invalid_request', 'code_challenge_method must be S256', 'unsupported_pkce_challenge_method');
  if (!PKCE_CHALLENGE.test(params.code_challenge!)) fail('invalid_request', 'code_challenge must be 43 base64url characters', 'invalid_pkce_challenge');

  const prompt = split(params.prompt);
  if (prompt.some((p) => !PROMPTS.has(p))) fail('invalid_request', 'prompt has an unknown value', 'invalid_request');
  if (prompt.includes('none') && prompt.length > 1) fail('invalid_request', 'prompt=none cannot be combined with other values', 'invalid_request');

  let maxAge: number | undefined;
  if (params.max_age !== undefined) {
    if (!/^\d{1,9}$/.test(params.max_age)) fail('invalid_request', 'max_age must be a non-negative integer', 'invalid_request');
    maxAge = Number(params.max_age);
  }
  if (params.display !== undefined && !DISPLAYS.has(params.display)) fail('invalid_request', 'display has an unknown value', 'invalid_request');

  let claims: ClaimsRequest | undefined;
  if (params.claims !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(params.claims);
    } catch {
      fail('invalid_request', 'claims is not valid JSON', 'invalid_claim');
    }
    const parsed = ClaimsRequestSchema.safeParse(json);
    if (!parsed.success) fail('invalid_request', `claims is not a valid claims request: ${parsed.error.issues[0]!.message}`, 'invalid_claim');
    claims = parsed.data;
  }

  // ACR: what was asked and the client allows, else the client's own list; only factors the ID system verifies.
  const supported = new Set(ctx.authenticator.supportedAuthFactors());
  const usable = (acr: string) => (ACR_FACTORS[acr] ?? []).some((set) => set.every((f) => supported.has(f.type)));
  const allowedAcrs = client.authContextRefs.filter(usable);
  const requested = split(params.acr_values).filter((a) => allowedAcrs.includes(a));
  const acrValues = requested.length > 0 ? requested : allowedAcrs;
  if (acrValues.length === 0) fail('invalid_request', 'none of the client authentication contexts is supported by the ID system', 'invalid_acr');
  const authFactors = acrValues.flatMap((a) => (ACR_FACTORS[a] ?? []).filter((set) => set.every((f) => supported.has(f.type))));

  // Claims: voluntary from scopes, essential/voluntary from the claims parameter; only what the client may receive.
  const allowedClaims = new Set(client.userClaims);
  const essential = new Set<string>();
  const voluntary = new Set<string>();
  for (const s of scopes) for (const c of SCOPE_CLAIMS[s] ?? []) voluntary.add(c);
  for (const [name, entry] of Object.entries({ ...claims?.userinfo, ...claims?.id_token })) {
    if (entry?.essential) essential.add(name);
    else voluntary.add(name);
  }
  for (const c of essential) voluntary.delete(c);
  const keep = (set: Set<string>) => [...set].filter((c) => allowedClaims.has(c));

  return {
    clientId: client.clientId,
    relyingPartyId: client.relyingPartyId,
    redirectUri,
    scopes,
    state,
    nonce: params.nonce,
    codeChallenge: params.code_challenge!,
    codeChallengeMethod: 'S256',
    prompt,
    maxAge,
    acrValues,
    authFactors,
    claims,
    claimsLocales: split(params.claims_locales),
    uiLocales: split(params.ui_locales),
    display: params.display,
    loginHint: params.login_hint,
    idTokenHint: params.id_token_hint,
    essentialClaims: keep(essential),
    voluntaryClaims: keep(voluntary),
    authorizeScopes: scopes.filter((s) => s !== 'openid' && !(s in SCOPE_CLAIMS)),
    credentialScopes: [],
  };
}
