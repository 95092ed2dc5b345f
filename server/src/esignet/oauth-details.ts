// `POST v3/oauth-details` (and v2): the login UI opens the transaction with the authorization
// request it was handed. Validation is /authorize's own; the answer tells the UI what to show, and
// its hash is kept so that later calls can prove they come from the holder of this answer.
import {
  OAuthDetailsRequestSchema,
  type OAuthDetailsRequest,
  type OAuthDetailsResponse,
  type Client,
} from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { invalidInput, parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { AuthorizationParamsSchema, type AuthorizationParams } from '../oidc/authorization-params.js';
import { AuthorizationRequestError } from '../oidc/authorization-request-error.js';
import { validateAuthorizationRequest, type AuthorizationRequest } from '../oidc/authorization-request.js';
import { browserBindingDigest, ensureBrowserBinding } from '../oidc/browser-binding.js';
import { createTransaction, saveTransaction, type Transaction } from '../oidc/transaction.js';
import type { StepHandler } from './audited-step.js';
import { uiConfigs } from './ui-configs.js';
import { oauthDetailsHash } from './ui-transaction.js';

/** The UI's camelCase request → the parameters /authorize validates (absent and null both mean "not sent"). */
export function toAuthorizationParams(r: OAuthDetailsRequest): AuthorizationParams {
  const text = (v: string | null | undefined) => v ?? undefined;
  return {
    client_id: r.clientId,
    scope: r.scope,
    response_type: r.responseType,
    redirect_uri: r.redirectUri,
    display: text(r.display),
    prompt: text(r.prompt),
    nonce: text(r.nonce),
    state: text(r.state),
    acr_values: text(r.acrValues),
    max_age: r.maxAge === null || r.maxAge === undefined ? undefined : String(r.maxAge),
    claims:
      r.claims === null || r.claims === undefined
        ? undefined
        : typeof r.claims === 'string'
          ? r.claims
          : JSON.stringify(r.claims),
    claims_locales: text(r.claimsLocales),
    ui_locales: text(r.uiLocales),
    code_challenge: text(r.codeChallenge),
    code_challenge_method: text(r.codeChallengeMethod),
    id_token_hint: text(r.idTokenHint),
  };
}

/**
 * Sorts object keys at every depth (arrays keep their order). eSignet's UIs hash the response
 * either as received or with keys sorted deep; a response already sorted hashes the same both ways.
 */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => sortKeysDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeysDeep((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}

/** Builds the answer for a new transaction, keys sorted (see sortKeysDeep). */
export function oauthDetailsResponse(ctx: ServerContext, client: Client, txn: Transaction): OAuthDetailsResponse {
  return sortKeysDeep({
    transactionId: txn.transactionId,
    clientName: { '@none': client.clientName, ...client.clientNameLangMap },
    logoUrl: client.logoUri,
    authFactors: txn.authFactors.map((set) => set.map((f) => ({ type: f.type, count: f.count, subTypes: f.subTypes }))),
    authorizeScopes: txn.authorizeScopes,
    credentialScopes: txn.credentialScopes,
    essentialClaims: txn.essentialClaims,
    voluntaryClaims: txn.voluntaryClaims,
    configs: uiConfigs(ctx),
    redirectUri: txn.redirectUri,
  });
}

/** /authorize's validation; its errors keep their eSignet errorCode (4xx: the UI shows its error page). */
async function validate(ctx: ServerContext, request: OAuthDetailsRequest): Promise<AuthorizationRequest> {
  try {
    // The same limits as /authorize (e.g. claims ≤ 10,000 characters): the UI may send claims as
    // an object, which its own schema cannot bound.
    const params = AuthorizationParamsSchema.safeParse(toAuthorizationParams(request));
    if (!params.success) throw invalidInput(params.error);
    return await validateAuthorizationRequest(ctx, params.data);
  } catch (e) {
    if (e instanceof AuthorizationRequestError)
      throw new EsignetError(e.esignetCode, `Invalid authorization request: ${e.message}.`);
    throw e;
  }
}

export function oauthDetails(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const request = parseEnvelope(OAuthDetailsRequestSchema, req.body);
    audit.clientId = request.clientId;
    const validated = await validate(ctx, request);
    const client = await ctx.registry.clients.get(validated.clientId);
    if (!client) throw new EsignetError('invalid_client_id');
    const txn = await createTransaction(ctx, validated, browserBindingDigest(ensureBrowserBinding(ctx, req, res)));
    audit.transactionId = txn.transactionId;
    const response = oauthDetailsResponse(ctx, client, txn);
    txn.oauthDetailsHash = oauthDetailsHash(response);
    if (!(await saveTransaction(ctx, txn))) throw new EsignetError('invalid_transaction');
    sendEnvelope(res, response);
  };
}
