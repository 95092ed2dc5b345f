// claims: JSON that is a valid OIDC claims request (which claims go to userinfo and the ID token,
// which are essential).
import { ClaimsRequestSchema } from '@signet-kiosk/shared/oidc';
import { reject, type AuthorizationCheckState } from './check-state.js';

export function checkClaims(state: AuthorizationCheckState): void {
  const text = state.params.claims;
  if (text === undefined) return;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw reject(state, 'invalid_request', 'claims is not valid JSON', 'invalid_claim');
  }
  const parsed = ClaimsRequestSchema.safeParse(json);
  if (!parsed.success)
    throw reject(
      state,
      'invalid_request',
      `claims is not a valid claims request: ${parsed.error.issues[0]!.message}`,
      'invalid_claim',
    );
  state.claims = parsed.data;
}
