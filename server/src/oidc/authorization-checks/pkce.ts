// PKCE for every client, S256 only: a challenge of 43 base64url characters (a SHA-256).
import { reject, type AuthorizationCheckState } from './check-state.js';

const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function checkPkce(state: AuthorizationCheckState): void {
  const { code_challenge: challenge, code_challenge_method: method } = state.params;
  if (challenge === undefined)
    throw reject(state, 'invalid_request', 'PKCE is required: code_challenge is missing', 'use_pkce');
  if (method !== 'S256')
    throw reject(state, 'invalid_request', 'code_challenge_method must be S256', 'unsupported_pkce_challenge_method');
  if (!S256_CHALLENGE.test(challenge))
    throw reject(state, 'invalid_request', 'code_challenge must be 43 base64url characters', 'invalid_pkce_challenge');
  state.codeChallenge = challenge;
}
