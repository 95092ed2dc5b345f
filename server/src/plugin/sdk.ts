// `@signet-kiosk/server/plugin`, the plugin SDK: everything of the server an ID-system plugin may
// use, and nothing else. The built-in mock-identity imports the server only through this module
// (lint rule signet/part-boundaries), so an external plugin can do all that it does.
// How to write one: docs/writing-a-plugin.md.

// The SPI: what a plugin implements and what the server hands it.
export type {
  /** The interface a plugin's factory returns: kycAuth, kycExchange, sendOtp, its factors, channels, keys and claims, optional routes. */
  Authenticator,
  /** The factory a plugin module exports (default export or `createAuthenticator`): `(context, options?) => Authenticator`. */
  AuthenticatorFactory,
  /** What the server hands the factory: data folder, demo flag, issuer, admin token, logger. */
  AuthenticatorContext,
  /** One credential of a kycAuth request: factor type, challenge, format. */
  AuthChallenge,
  /** kycAuth's input: the individual ID and the challenges, all of which must pass. */
  KycAuthRequest,
  /** kycAuth's answer: a KYC token and a stable subject id, or an eSignet error code. */
  KycAuthResult,
  /** kycExchange's input: the KYC token, the accepted claims and the values the signed userinfo must carry. */
  KycExchangeRequest,
  /** kycExchange's answer: the userinfo as a JWS signed by the plugin's key, and the same claims unsigned. */
  KycExchangeResult,
  /** sendOtp's input: the individual ID and the channels to send to. */
  SendOtpRequest,
  /** sendOtp's answer: masked addresses, or an eSignet error code. */
  SendOtpResult,
  /** A knowledge question (KBI) the login form asks. */
  KbiField,
  /** What the login form should accept: the individual ID's pattern and length, the KBI questions. */
  LoginFormHints,
} from './authenticator.js';

/** Loads a plugin exactly as the server does (`builtin:<name>`, a file path or a package name): for a plugin's own tests. */
export { loadAuthenticator } from './load-authenticator.js';
/** What loadAuthenticator throws when a plugin does not load, start or satisfy the interface. */
export { PluginLoadError } from './load-authenticator.js';

// The server's eSignet error catalogue: the codes kycAuth and sendOtp answer, and the errors a plugin's routes throw.
/** Every eSignet error code with its HTTP status and human message, e.g. `ESIGNET_ERRORS.auth_failed.message`. */
export { ESIGNET_ERRORS } from '../errors.js';
/** A code of ESIGNET_ERRORS. */
export type { EsignetErrorCode } from '../errors.js';
/** An error of the catalogue; thrown in a route wrapped by `handle`, it is answered in the envelope with its status. */
export { EsignetError } from '../errors.js';

// The eSignet envelope `{requestTime, request}` → `{responseTime, response, errors}`, for a plugin's HTTP routes.
/** Parses a request envelope with the endpoint's zod schema (±2 min clock window); throws EsignetError invalid_input or request_time_skew. */
export { parseEnvelope } from '../http/esignet-envelope.js';
/** Answers a successful envelope. */
export { sendEnvelope } from '../http/esignet-envelope.js';
/** Answers an EsignetError in the envelope, with its catalogue status. */
export { sendEnvelopeError } from '../http/esignet-envelope.js';
/** Wraps an async route handler so that what it throws reaches the envelope error handler. */
export { handle } from '../http/esignet-envelope.js';
/** The error middleware closing a plugin's router: EsignetError and body-parser errors in the envelope, anything else as unknown_error (reported to its callback, never leaked). */
export { envelopeErrorHandler } from '../http/esignet-envelope.js';
/** Refuses a request with a body that is not `application/json` (415 unsupported_media_type). */
export { requireJson } from '../http/esignet-envelope.js';

/** Guards admin routes with `Authorization: Bearer <the context's adminToken>` (constant-time; 403 forbidden without a token, 401 unauthorized when wrong). */
export { requireAdminToken } from '../http/admin-auth.js';
