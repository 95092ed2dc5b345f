// The server's error catalogue: every error it raises has a stable code, an HTTP status and a
// human message. OAuth errors follow RFC 6749; transaction-API errors use eSignet's errorCode names.

/**
 * OAuth 2.0 / OIDC error codes the server sends (RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6,
 * RFC 9101 §6.2, RFC 6750 §3.1), with the HTTP status of a direct answer (an authorization error
 * is redirected instead) and a default description.
 */
export const OAUTH_ERRORS = {
  invalid_request: { status: 400, description: 'the request is missing a parameter, repeats one, or is malformed' },
  invalid_client: { status: 401, description: 'client authentication failed' },
  invalid_grant: {
    status: 400,
    description: 'the authorization code is invalid, expired, already used or not issued for this request',
  },
  unauthorized_client: { status: 400, description: 'the client is not allowed this request as registered' },
  unsupported_grant_type: { status: 400, description: 'only the authorization_code grant is supported' },
  unsupported_response_type: { status: 400, description: 'response_type must be code' },
  invalid_scope: { status: 400, description: 'the scope is missing, unknown or lacks openid' },
  access_denied: { status: 400, description: 'the resident declined the request' },
  login_required: { status: 400, description: 'prompt=none, but the resident must sign in' },
  consent_required: { status: 400, description: 'prompt=none, but the resident must consent' },
  request_not_supported: { status: 400, description: 'the request parameter is not supported' },
  request_uri_not_supported: { status: 400, description: 'the request_uri parameter is not supported' },
  invalid_token: { status: 401, description: 'the access token is invalid, revoked or expired' },
  server_error: { status: 500, description: 'unexpected server error' },
  temporarily_unavailable: { status: 503, description: 'the server is busy; try again in a moment' },
} as const satisfies Record<string, { status: number; description: string }>;

export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;

/** OAuth 2.0 / OIDC protocol error (token, authorize, userinfo). */
export class OAuthError extends Error {
  readonly status: number;
  constructor(
    readonly error: OAuthErrorCode,
    description: string = OAUTH_ERRORS[error].description,
  ) {
    // RFC 6749: error_description is ASCII without CR/LF or quotes.
    super(description.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, ' '));
    this.status = OAUTH_ERRORS[error].status;
  }
  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

/** eSignet-compatible error codes of the UI transaction API, with their human message and status. */
export const ESIGNET_ERRORS = {
  invalid_request: { status: 400, message: 'The request is malformed.' },
  invalid_csrf_token: {
    status: 403,
    message: 'The request was refused: missing or wrong CSRF token. Reload the page and try again.',
  },
  invalid_transaction: {
    status: 401,
    message: 'This sign-in session is unknown or has expired. Please start again from the application.',
  },
  invalid_oauth_details_hash: {
    status: 401,
    message: 'The sign-in session check failed. Please start again from the application.',
  },
  invalid_client_id: { status: 400, message: 'The application is not registered or is not active.' },
  invalid_redirect_uri: { status: 400, message: 'The redirect URI is not registered for this application.' },
  invalid_scope: { status: 400, message: 'The requested scope is not allowed for this application.' },
  invalid_acr: { status: 400, message: 'The requested authentication context is not supported.' },
  invalid_response_type: { status: 400, message: 'Only response_type=code is supported.' },
  invalid_claim: { status: 400, message: 'The claims request is malformed.' },
  unsupported_pkce_challenge_method: { status: 400, message: 'Only the S256 PKCE method is supported.' },
  invalid_pkce_challenge: { status: 400, message: 'The PKCE code challenge is malformed.' },
  use_pkce: { status: 400, message: 'PKCE (S256) is required.' },
  auth_factor_mismatch: {
    status: 200,
    message: 'The authentication factors do not match what this application requires.',
  },
  invalid_challenge: { status: 200, message: 'The credential supplied is not in the expected format.' },
  invalid_otp_channel: { status: 200, message: 'That OTP channel is not available.' },
  invalid_individual_id: { status: 200, message: 'The ID entered is not in the expected format.' },
  auth_failed: { status: 200, message: 'Authentication failed: the ID or the credential is not correct.' },
  otp_expired: { status: 200, message: 'The one-time code has expired. Ask for a new code.' },
  send_otp_failed: { status: 200, message: 'The OTP could not be sent. Please try again later.' },
  no_attempts_left: { status: 200, message: 'No attempts left for this sign-in. Please start again later.' },
  individual_id_blocked: {
    status: 200,
    message: 'Too many failed attempts: this ID is blocked for a while. Please try again later.',
  },
  unsupported_auth_factor: { status: 200, message: 'This authentication factor is not supported yet.' },
  invalid_accepted_claim: { status: 200, message: 'An accepted claim was not requested.' },
  invalid_permitted_scope: { status: 200, message: 'A permitted scope was not requested.' },
  invalid_transaction_state: { status: 200, message: 'This step is not allowed at this point of the sign-in.' },
  // The linked (cross-device) sign-in (server/src/linked/).
  invalid_link_code: { status: 400, message: 'The link code is unknown, expired or already used.' },
  response_timeout: { status: 200, message: 'Nothing happened while waiting. Please try again.' },
  invalid_kiosk_attestation: {
    status: 401,
    message: 'The kiosk attestation is missing, not signed by this kiosk, or does not match the request.',
  },
  kiosk_attestation_replayed: { status: 401, message: 'This kiosk attestation was already used.' },
  individual_id_mismatch: {
    status: 200,
    message: 'The ID entered at the kiosk is not the one the resident entered on their own device.',
  },
  request_time_skew: { status: 400, message: 'requestTime is missing or too far from the server clock (±2 minutes).' },
  too_many_requests: { status: 429, message: 'Too many requests. Please slow down.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'The request body must be application/json.' },
  unauthorized: { status: 401, message: 'Missing or wrong admin bearer token.' },
  forbidden: { status: 403, message: 'This admin API is disabled: no admin token is configured.' },
  duplicate_client_id: { status: 409, message: 'A client with this clientId already exists.' },
  invalid_client: { status: 404, message: 'No client with this clientId.' },
  invalid_public_key: { status: 400, message: 'The public key is not a valid asymmetric public JWK.' },
  invalid_input: { status: 400, message: 'The request does not match the expected format.' },
  not_found: { status: 404, message: 'Not found.' },
  // BIO captures, checked by the server before the ID system sees them (server/src/biometrics/).
  bio_malformed: { status: 200, message: 'The biometric capture is not in the expected format.' },
  bio_incomplete: { status: 200, message: 'A biometric capture lacks its session key, encrypted value or timestamp.' },
  bio_signature_invalid: { status: 200, message: 'A biometric capture carries a signature that does not verify.' },
  bio_device_untrusted: {
    status: 200,
    message: 'The biometric device is not certified by a trusted device provider for this environment.',
  },
  bio_ftm_untrusted: {
    status: 200,
    message: 'The biometric device key is not certified by a trusted FTM provider for this environment.',
  },
  bio_certificate_expired: { status: 200, message: 'The biometric device certificate has expired.' },
  bio_certificate_not_yet_valid: { status: 200, message: 'The biometric device certificate is not valid yet.' },
  bio_timestamp_format: {
    status: 200,
    message: 'A biometric capture timestamp is not yyyy-MM-ddTHH:mm:ssZ (no milliseconds).',
  },
  bio_timestamp_stale: { status: 200, message: 'The biometric capture is too old. Please capture again.' },
  bio_timestamp_future: { status: 200, message: 'A biometric capture is dated in the future; check the device clock.' },
  bio_timestamp_order: { status: 200, message: 'The biometric captures are out of order or too far apart.' },
  bio_transaction_mismatch: {
    status: 200,
    message: 'The biometric capture was not made for this sign-in. Please capture again.',
  },
  bio_purpose_mismatch: { status: 200, message: 'The biometric capture was not made by an authentication device.' },
  bio_domain_mismatch: { status: 200, message: 'The biometric capture was made for another site (domainUri).' },
  bio_env_mismatch: {
    status: 200,
    message: 'The biometric device is registered in an environment this server does not accept.',
  },
  bio_type_invalid: { status: 200, message: 'A biometric capture has an unknown type or subtype for its device.' },
  bio_too_many: { status: 200, message: 'Too many biometrics of one type (at most 10 fingers, 2 irises, 1 face).' },
  bio_duplicate: { status: 200, message: 'The same biometric was submitted more than once.' },
  bio_digital_id_invalid: { status: 200, message: 'The device digital ID is incomplete.' },
  bio_replayed: { status: 200, message: 'This biometric capture was already submitted. Please capture again.' },
  bio_digital_id_outside_window: {
    status: 200,
    message: 'The device digital ID is not dated within the capture window.',
  },
  bio_device_serial_mismatch: {
    status: 200,
    message: 'The biometric capture was signed by a certificate of another device than the one its digital ID names.',
  },
  bio_device_provider_mismatch: {
    status: 200,
    message:
      'The biometric capture was signed by a certificate of another device provider than the one its digital ID names.',
  },
  bio_device_not_registered: {
    status: 200,
    message: 'The biometric device its digital ID names is not registered with this server.',
  },
  bio_device_type_mismatch: {
    status: 200,
    message: 'The biometric device is registered with this server for another biometric type.',
  },
  bio_device_certificate_mismatch: {
    status: 200,
    message: 'The biometric capture was signed by another certificate than the one registered for its device.',
  },
  bio_device_provider_untrusted: {
    status: 200,
    message:
      'The biometric device certificate comes from a CA that is not trusted for the device provider its digital ID names.',
  },
  // The biometric trust store admin API.
  invalid_certificate: { status: 400, message: 'The certificate is not a valid, current CA certificate in PEM.' },
  duplicate_trusted_ca: {
    status: 409,
    message: 'This CA certificate is already trusted for that kind and environment.',
  },
  duplicate_registered_device: {
    status: 409,
    message: 'A device with this provider and serial number is already registered.',
  },
  // Kiosks and their operators (server/src/kiosks/, docs/assisted-flow.md).
  duplicate_kiosk_id: { status: 409, message: 'A kiosk with this kioskId is already registered.' },
  invalid_token: {
    status: 401,
    message: "The access token is missing, unknown or expired, or is not an operator's token at a kiosk.",
  },
  kiosk_unknown: { status: 403, message: 'This kiosk is not registered with this server.' },
  kiosk_disabled: { status: 403, message: 'This kiosk is disabled. Ask an administrator to enable it.' },
  operator_not_allowed: { status: 403, message: 'This operator is not allowed at this kiosk.' },
  operator_session_expired: {
    status: 401,
    message: 'The operator session has locked after a time without use. Please sign in again.',
  },
  invalid_kiosk_status_request: {
    status: 401,
    message: 'The kiosk status request is not a fresh, unused JWS signed by the key it carries.',
  },
  service_busy: { status: 503, message: 'The service is busy. Please try again in a moment.' },
  unknown_error: { status: 500, message: 'Something went wrong on the server.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type EsignetErrorCode = keyof typeof ESIGNET_ERRORS;

/**
 * Our own fields beside errorCode and errorMessage, for the attempt limits (esignet/attempt-limits.ts):
 * how many attempts are left, and until when (ISO time) a block or a wait holds.
 */
export interface AttemptFields {
  attemptsLeft?: number;
  blockedUntil?: string;
}

/**
 * An error of the eSignet-style APIs, answered as `{responseTime, response: null, errors: [{errorCode, errorMessage}]}`
 * (plus `attempts`' fields, when given, in that error object).
 */
export class EsignetError extends Error {
  readonly status: number;
  constructor(
    readonly errorCode: EsignetErrorCode,
    message?: string,
    readonly attempts?: AttemptFields,
  ) {
    super(message ?? ESIGNET_ERRORS[errorCode].message);
    this.status = ESIGNET_ERRORS[errorCode].status;
  }
}
