// The client's stored settings are ones this server can honour: an encryption key when it asks
// for encrypted userinfo, and neither pushed authorization requests nor DPoP, which the server
// does not support (a client stored with them would otherwise get less than it asked for).
import { established, reject, type AuthorizationCheckState } from './check-state.js';

export function checkClientSettings(state: AuthorizationCheckState): void {
  const client = established(state, 'client');
  const settings = client.additionalConfig;
  if (settings.userinfo_response_type === 'JWE' && !client.encPublicKey) {
    throw reject(
      state,
      'unauthorized_client',
      'the client asks for encrypted userinfo but has registered no encryption key',
      'invalid_client_id',
    );
  }
  if (settings.require_pushed_authorization_requests) {
    throw reject(
      state,
      'unauthorized_client',
      'the client requires pushed authorization requests, which this server does not support',
      'invalid_client_id',
    );
  }
  if (settings.dpop_bound_access_tokens)
    throw reject(
      state,
      'unauthorized_client',
      'the client requires DPoP-bound access tokens, which this server does not support',
      'invalid_client_id',
    );
}
