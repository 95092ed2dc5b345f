// The error of an authorization request: an OAuth error that also says which eSignet errorCode
// the login UI's oauth-details answers, and whether it may be sent back to the redirect URI.
import { OAuthError, type EsignetErrorCode, type OAuthErrorCode } from '../errors.js';

/** An error found while validating; `redirectable` false means: show a page, never redirect. */
export class AuthorizationRequestError extends OAuthError {
  constructor(
    error: OAuthErrorCode,
    description: string,
    readonly esignetCode: EsignetErrorCode,
    readonly redirectable: boolean,
    /** Set when redirectable: where to send the error, and the state to echo. */
    readonly redirectUri?: string,
    readonly state?: string,
  ) {
    super(error, description);
  }
}
