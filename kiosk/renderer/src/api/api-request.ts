// How the login app's requests to the UI transaction API are made (headers, eSignet's request
// envelope, the CSRF header), with nothing else imported: the page's first request is sent with it
// before the rest of the app's code runs (early-oauth-details.ts).

/** The shape of the browser's CSRF token (the server's csrf.ts makes 32 random bytes, base64url). */
export const CSRF_TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export const OAUTH_DETAILS_PATH = '/v1/esignet/authorization/v3/oauth-details';

/** The transaction's key and the hash of its oauth-details answer, carried by every later call. */
export interface TransactionHeaders {
  transactionId: string;
  detailsHash: string;
}

export function apiRequestInit(
  method: 'GET' | 'POST',
  csrf: string,
  request: unknown,
  transaction?: TransactionHeaders,
): RequestInit {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json';
    headers['X-XSRF-TOKEN'] = csrf;
    body = JSON.stringify({ requestTime: new Date().toISOString(), request });
  }
  if (transaction?.transactionId) {
    headers['oauth-details-key'] = transaction.transactionId;
    headers['oauth-details-hash'] = transaction.detailsHash;
  }
  return { method, headers, body, credentials: 'same-origin', cache: 'no-store', redirect: 'error' };
}
