// The plugin SPI: the only way the server reaches an ID system. A plugin module's default export
// (or named export `createAuthenticator`) is a factory `(context, options?) => Authenticator | Promise<…>`.
import type { Router } from 'express';
import type { JWK } from 'jose';
import type { Logger } from 'pino';
import type { AuthFactorType } from '@signet-kiosk/shared/esignet';

export interface AuthChallenge {
  authFactorType: AuthFactorType;
  challenge: string;
  format: string;
}

export interface KycAuthRequest {
  /** The server's transaction id (opaque to the plugin). */
  transactionId: string;
  clientId: string;
  relyingPartyId: string;
  individualId: string;
  challenges: AuthChallenge[];
}

export type KycAuthResult =
  | {
      ok: true;
      /** Handle for kycExchange; valid at least for the SSO session lifetime, reusable. */
      kycToken: string;
      /** A stable id of the person (not the presented individual id, which may be a VID); the server derives pairwise `sub` from it. */
      subjectId: string;
    }
  | {
      ok: false;
      /**
       * An eSignet error code: auth_failed, invalid_challenge, individual_id_blocked, …;
       * otp_expired when every other check passed but the one-time code sent in this transaction
       * ran out of time — never for a code sent in another transaction, which would tell a stranger
       * that the ID exists and was sent a code (the login UI then asks for a new code instead of
       * saying it is wrong; counted as a failure);
       * service_busy when the ID system refuses work it has no room for (not counted as a failure).
       */
      errorCode:
        | 'auth_failed'
        | 'otp_expired'
        | 'invalid_challenge'
        | 'invalid_individual_id'
        | 'unsupported_auth_factor'
        | 'individual_id_blocked'
        | 'service_busy';
      message?: string;
    };

export interface KycExchangeRequest {
  kycToken: string;
  individualId: string;
  clientId: string;
  /** Values the signed userinfo must carry for the relying party to accept it. */
  iss: string;
  aud: string;
  sub: string;
  acceptedClaims: string[];
  /** Languages asked for; with several, localised claims are keyed `name#eng`, `name#khm`. */
  claimsLocales: string[];
}

export interface KycExchangeResult {
  /** The userinfo claims as a JWS signed by the plugin's key (published in the server's JWKS). */
  userinfoJws: string;
  /** The same claims, unsigned (the server reads the few it needs, e.g. for the ID token). */
  claims: Record<string, unknown>;
}

export interface SendOtpRequest {
  transactionId: string;
  individualId: string;
  otpChannels: string[];
}

export type SendOtpResult =
  | { ok: true; maskedEmail?: string; maskedMobile?: string }
  | { ok: false; errorCode: 'send_otp_failed' | 'invalid_otp_channel' | 'invalid_individual_id'; message?: string };

/** A knowledge question the ID system asks (KBI): the key of its answer in the challenge JSON, and how to ask it. */
export interface KbiField {
  id: string;
  type: 'text' | 'date';
  /** Dates: the date-fns format the answer is written in, e.g. `yyyy-MM-dd`. */
  format?: string;
  /** A pattern the answer must match, readable by JavaScript and Java. */
  regex?: string;
  /** The question in English, e.g. `Date of birth`. */
  label?: string;
}

/** What a login UI's form should accept, published to eSignet's UI in the oauth-details `configs`. */
export interface LoginFormHints {
  /** The individual IDs this ID system knows: a pattern (JavaScript and Java syntax) and the longest one. */
  individualId: { regex: string; maxLength: number };
  /** Its knowledge questions; empty when it does not verify KBI. */
  kbiFields: KbiField[];
}

export interface AuthenticatorContext {
  dataDir: string;
  demo: boolean;
  issuer: string;
  adminToken: string | undefined;
  logger: Logger;
}

export interface Authenticator {
  readonly name: string;
  kycAuth(req: KycAuthRequest): Promise<KycAuthResult>;
  /**
   * Rejects with an error whose `errorCode` is `'invalid_kyc_token'` when the token no longer leads
   * to a resident (expired, or the resident was removed): the relying party gets 401 invalid_token.
   * Any other rejection is a failure of the ID system (500 server_error).
   */
  kycExchange(req: KycExchangeRequest): Promise<KycExchangeResult>;
  sendOtp(req: SendOtpRequest): Promise<SendOtpResult>;
  /** OTP channels this ID system can send to, e.g. ['email', 'phone']. */
  supportedOtpChannels(): string[];
  /** Auth factors this ID system can verify. */
  supportedAuthFactors(): AuthFactorType[];
  /** The public keys that sign userinfo (published in the server's JWKS, each with kid/use/alg). */
  signingKeys(): Promise<JWK[]>;
  /** Claims this ID system can release. */
  supportedClaims(): string[];
  /** Optional: the login form's rules; without it a UI accepts any ID of up to 100 characters and shows no KBI form. */
  loginFormHints?(): LoginFormHints;
  /** Optional HTTP routes (e.g. an admin API), mounted at the server's root. */
  routes?(): Router;
  close?(): Promise<void>;
}

/**
 * `options` come only from code that embeds the server (`startServer(config, { authenticatorOptions })`,
 * e.g. a test asking for a cheap hash cost), never from configuration: a plugin parses them with
 * its own schema, and the server's own start passes none.
 */
export type AuthenticatorFactory = (
  context: AuthenticatorContext,
  options?: unknown,
) => Authenticator | Promise<Authenticator>;
