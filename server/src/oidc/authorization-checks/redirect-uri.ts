// redirect_uri is one the client registered, compared as an exact string (query included, no
// wildcards, no normalisation); it may be left out when the client registered only one. Refused
// on an error page: an unregistered URI is never redirected to.
import { established, reject, type AuthorizationCheckState } from './check-state.js';

export function checkRedirectUri(state: AuthorizationCheckState): void {
  const client = established(state, 'client');
  let redirectUri = state.params.redirect_uri;
  if (redirectUri === undefined) {
    if (client.redirectUris.length !== 1)
      throw reject(
        state,
        'invalid_request',
        'redirect_uri is missing and the client has several registered',
        'invalid_redirect_uri',
      );
    redirectUri = client.redirectUris[0]!;
  }
  if (!client.redirectUris.includes(redirectUri))
    throw reject(state, 'invalid_request', 'redirect_uri is not registered for this client', 'invalid_redirect_uri');
  state.redirectUri = redirectUri;
}
