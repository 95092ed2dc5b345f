// The errorCode the login UI's API sends for each code of our catalogue. eSignet's login UI
// (oidc-ui 1.8) shows `errors.<errorCode>` from its locale files, and the raw key when it has
// none; so the API sends the nearest code the UI translates and keeps ours as the error's `reason`
// (shared/src/esignet/envelope.ts). The catalogue (errors.ts) stays the one source of our codes.
import type { EsignetErrorCode } from '../errors.js';

/**
 * Our code → the code oidc-ui translates (its en.json `errors` keys; see
 * testing/esignet-1.8/oidc-ui-en-errors.json). `auth_failed` is translated only inside each sign-in
 * form's section (`errors.pin.auth_failed`, …), which is where the UI looks it up: only
 * authenticate raises it.
 */
const OIDC_UI_ERROR_CODES: Partial<Record<EsignetErrorCode, string>> = {
  invalid_request: 'invalid_request',
  invalid_input: 'invalid_input',
  invalid_transaction: 'invalid_transaction',
  // eSignet answers a wrong oauth-details-hash with invalid_request (HeaderValidationFilter).
  invalid_oauth_details_hash: 'invalid_request',
  // eSignet keeps transactions per stage, so a call at the wrong stage finds no transaction; the
  // UI then sends the resident back to the relying party.
  invalid_transaction_state: 'invalid_transaction',
  invalid_csrf_token: 'invalid_request',
  request_time_skew: 'invalid_request',
  payload_too_large: 'invalid_request',
  unsupported_media_type: 'invalid_request',
  not_found: 'invalid_request',
  invalid_client_id: 'invalid_client_id',
  invalid_redirect_uri: 'invalid_redirect_uri',
  invalid_scope: 'invalid_scope',
  invalid_acr: 'invalid_acr',
  invalid_response_type: 'invalid_response_type',
  invalid_claim: 'invalid_claim',
  unsupported_pkce_challenge_method: 'unsupported_pkce_challenge_method',
  invalid_pkce_challenge: 'invalid_pkce_challenge',
  use_pkce: 'invalid_pkce_challenge',
  auth_factor_mismatch: 'auth_factor_mismatch',
  unsupported_auth_factor: 'auth_factor_mismatch',
  invalid_challenge: 'invalid_challenge',
  invalid_otp_channel: 'invalid_otp_channel',
  invalid_individual_id: 'invalid_individual_id',
  auth_failed: 'auth_failed',
  // oidc-ui has no message of its own for an expired code: its wrong-code message, `reason` ours.
  otp_expired: 'auth_failed',
  send_otp_failed: 'send_otp_failed',
  no_attempts_left: 'no_attempts_left',
  individual_id_blocked: 'individual_id_blocked',
  // eSignet's own rate limits answer no_attempts_left ("… Please try again later.").
  too_many_requests: 'no_attempts_left',
  invalid_accepted_claim: 'invalid_accepted_claim',
  invalid_permitted_scope: 'invalid_permitted_scope',
  invalid_link_code: 'invalid_link_code',
  response_timeout: 'response_timeout',
  // "The request took too long to process. Please try again later.": a busy server invites a retry.
  service_busy: 'response_timeout',
  unknown_error: 'unknown_error',
};

/** For a code without an entry: biometric checks ask for a new capture, anything else is unknown_error. */
function fallback(code: string): string {
  return code.startsWith('bio_') ? 'biometric_capture_failed_msg' : 'unknown_error';
}

/**
 * The errorCode to send eSignet's login UI for one of our codes.
 * @example oidcUiErrorCode('invalid_transaction_state') // 'invalid_transaction'
 */
export function oidcUiErrorCode(code: EsignetErrorCode): string {
  return OIDC_UI_ERROR_CODES[code] ?? fallback(code);
}
