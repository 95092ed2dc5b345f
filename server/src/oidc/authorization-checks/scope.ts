// scope: present, only scopes this server knows, openid among them; kept once each, in order.
import { OIDC_SCOPES } from '@signet-kiosk/shared/oidc';
import { spaceSeparated } from '../authorization-params.js';
import { reject, type AuthorizationCheckState } from './check-state.js';

export function checkScope(state: AuthorizationCheckState): void {
  const scopes = [...new Set(spaceSeparated(state.params.scope))];
  if (scopes.length === 0) throw reject(state, 'invalid_scope', 'scope is missing', 'invalid_scope');
  const unknown = scopes.filter((s) => !(OIDC_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw reject(state, 'invalid_scope', `unsupported scope: ${unknown.join(' ')}`, 'invalid_scope');
  if (!scopes.includes('openid')) throw reject(state, 'invalid_scope', 'scope must include openid', 'invalid_scope');
  state.scopes = scopes;
}
