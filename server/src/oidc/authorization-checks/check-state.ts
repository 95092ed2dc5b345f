// What the authorization checks share: the request as received, what the checks before have
// established (the client, the redirect URI, the parsed parameters), and the one way a check
// fails — an error page until the redirect URI is known, a redirect to it from then on.
import type { AuthFactor, Client } from '@signet-kiosk/shared/esignet';
import type { ClaimsRequest } from '@signet-kiosk/shared/oidc';
import type { ServerContext } from '../../context.js';
import type { EsignetErrorCode, OAuthErrorCode } from '../../errors.js';
import type { AuthorizationParams } from '../authorization-params.js';
import { AuthorizationRequestError } from '../authorization-request-error.js';

export interface AuthorizationCheckState {
  readonly ctx: ServerContext;
  readonly params: AuthorizationParams;
  /** Set by the client check. */
  client?: Client;
  /** Set by the redirect-uri check; from then on errors are sent back to it. */
  redirectUri?: string;
  /** Set by the checks of their parameter; empty (or undefined) until then. */
  scopes: string[];
  codeChallenge: string;
  prompt: string[];
  maxAge: number | undefined;
  claims: ClaimsRequest | undefined;
  acrValues: string[];
  authFactors: AuthFactor[][];
}

/** One named check: throws an AuthorizationRequestError (see `reject`), or records what it parsed. */
export type AuthorizationCheck = (state: AuthorizationCheckState) => void | Promise<void>;

/** The state before any check ran. */
export function initialCheckState(ctx: ServerContext, params: AuthorizationParams): AuthorizationCheckState {
  return {
    ctx,
    params,
    scopes: [],
    codeChallenge: '',
    prompt: [],
    maxAge: undefined,
    claims: undefined,
    acrValues: [],
    authFactors: [],
  };
}

/**
 * The error a check throws: redirected (with the request's state) once the redirect URI is known.
 * @example throw reject(state, 'invalid_scope', 'scope is missing', 'invalid_scope');
 */
export function reject(
  state: AuthorizationCheckState,
  error: OAuthErrorCode,
  description: string,
  esignetCode: EsignetErrorCode,
): AuthorizationRequestError {
  const { redirectUri } = state;
  if (redirectUri === undefined) return new AuthorizationRequestError(error, description, esignetCode, false);
  return new AuthorizationRequestError(error, description, esignetCode, true, redirectUri, state.params.state);
}

/**
 * What an earlier check established, for the checks listed after it.
 * @example const client = established(state, 'client');
 */
export function established<K extends 'client' | 'redirectUri'>(
  state: AuthorizationCheckState,
  key: K,
): NonNullable<AuthorizationCheckState[K]> {
  const value = state[key];
  if (value === undefined) throw new Error(`the check that sets ${key} must be listed before this one`);
  return value as NonNullable<AuthorizationCheckState[K]>;
}
