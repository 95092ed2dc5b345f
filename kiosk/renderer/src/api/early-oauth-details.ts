// The page's first request, sent while this module is evaluated: main.tsx imports it before
// anything else, so oauth-details is on its way while the rest of the app's code (zod's schemas,
// Preact, the screens) is still being set up. Sent only when the server's page carried the CSRF
// token and the URL carries a sign-in request; otherwise the app opens the transaction itself.
import { apiRequestInit, CSRF_TOKEN_FORMAT, OAUTH_DETAILS_PATH } from './api-request.js';
import { oauthDetailsRequest } from './oauth-details-request.js';

function sendEarly(): Promise<Response> | undefined {
  if (typeof document === 'undefined' || typeof location === 'undefined') return undefined;
  const csrf = document.body?.dataset.csrf;
  const params = new URLSearchParams(location.search);
  if (!csrf || !CSRF_TOKEN_FORMAT.test(csrf) || !params.get('client_id') || location.hash) return undefined;
  const sent = fetch(OAUTH_DETAILS_PATH, apiRequestInit('POST', csrf, oauthDetailsRequest(params)));
  // Awaited later by the app (which reports a failure); this keeps an early failure from being unhandled meanwhile.
  sent.catch(() => undefined);
  return sent;
}

/** The oauth-details answer on its way, for TransactionApi.oauthDetails; undefined when not sent. */
export const earlyOauthDetails: Promise<Response> | undefined = sendEarly();
