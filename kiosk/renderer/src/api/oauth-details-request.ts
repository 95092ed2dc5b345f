// The oauth-details request, built from the authorization parameters /authorize validated and put
// in this page's URL (as eSignet's login UI reads them).
import type { OAuthDetailsRequest } from '@signet-kiosk/shared/esignet';

export function oauthDetailsRequest(params: URLSearchParams): OAuthDetailsRequest {
  const get = (k: string) => params.get(k) ?? undefined;
  let claims: unknown = get('claims');
  if (typeof claims === 'string') {
    try {
      claims = JSON.parse(claims);
    } catch {
      // Left as text: the server refuses it with its own code.
    }
  }
  const maxAge = get('max_age');
  return {
    clientId: get('client_id') ?? '',
    scope: get('scope') ?? '',
    responseType: get('response_type') ?? '',
    redirectUri: get('redirect_uri') ?? '',
    display: get('display'),
    prompt: get('prompt'),
    nonce: get('nonce'),
    state: get('state'),
    acrValues: get('acr_values'),
    maxAge: maxAge !== undefined && /^\d{1,9}$/.test(maxAge) ? Number(maxAge) : maxAge,
    claims: claims as OAuthDetailsRequest['claims'],
    claimsLocales: get('claims_locales'),
    uiLocales: get('ui_locales'),
    codeChallenge: get('code_challenge'),
    codeChallengeMethod: get('code_challenge_method'),
    idTokenHint: get('id_token_hint'),
  };
}
