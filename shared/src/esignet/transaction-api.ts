// The eSignet UI transaction API (`/v1/esignet/authorization/*`, `/v1/esignet/csrf/token`): one
// schema per request and response body (the part inside the envelope), shared by server and UI.
// Requests tolerate `null` for absent optional fields, because eSignet's UI sends them that way.
import { z } from 'zod';
import { AUTH_FACTOR_TYPES } from './acr.js';
import { ClaimsRequestSchema } from '../oidc/claims-request.js';

const optionalText = (max: number) => z.string().max(max).nullish();
const name = z.string().min(1).max(100);

/** `GET /v1/esignet/csrf/token` (no envelope: Spring's CsrfToken shape). */
export const CsrfTokenResponseSchema = z.object({
  headerName: z.literal('X-XSRF-TOKEN'),
  parameterName: z.literal('_csrf'),
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type CsrfTokenResponse = z.infer<typeof CsrfTokenResponseSchema>;

/** `POST v2|v3/oauth-details`: the authorization request, camelCased. */
export const OAuthDetailsRequestSchema = z.object({
  clientId: z.string().min(1).max(200),
  scope: z.string().min(1).max(2000),
  responseType: z.string().min(1).max(100),
  redirectUri: z.string().min(1).max(2000),
  display: optionalText(20),
  prompt: optionalText(100),
  nonce: optionalText(500),
  state: optionalText(2000),
  acrValues: optionalText(2000),
  maxAge: z.union([z.number().int().min(0).max(999_999_999), z.string().regex(/^\d{1,9}$/, 'must be a non-negative integer')]).nullish(),
  /** The OIDC claims request, as an object or as its JSON text. */
  claims: z.union([ClaimsRequestSchema, z.string().max(10_000)]).nullish(),
  claimsLocales: optionalText(200),
  uiLocales: optionalText(200),
  codeChallenge: optionalText(200),
  codeChallengeMethod: optionalText(20),
  idTokenHint: optionalText(10_000),
});
export type OAuthDetailsRequest = z.infer<typeof OAuthDetailsRequestSchema>;

export const AuthFactorSchema = z.object({
  type: z.enum(AUTH_FACTOR_TYPES),
  count: z.number().int().min(0),
  subTypes: z.array(z.string()).nullable(),
});

/** UI settings eSignet's login UI reads from `configs` (string, number or boolean values). */
export const UiConfigsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const OAuthDetailsResponseSchema = z.object({
  transactionId: z.string(),
  /** `@none` holds the default name; other keys are language codes. */
  clientName: z.record(z.string(), z.string()),
  logoUrl: z.string(),
  /** Alternatives (outer) of factor sets that are all required (inner). */
  authFactors: z.array(z.array(AuthFactorSchema)),
  authorizeScopes: z.array(z.string()),
  credentialScopes: z.array(z.string()),
  essentialClaims: z.array(z.string()),
  voluntaryClaims: z.array(z.string()),
  configs: UiConfigsSchema,
  redirectUri: z.string(),
});
export type OAuthDetailsResponse = z.infer<typeof OAuthDetailsResponseSchema>;

export const SendOtpRequestSchema = z.object({
  transactionId: z.string().min(1).max(100),
  individualId: name,
  otpChannels: z.array(z.string().min(1).max(20)).min(1).max(5),
  captchaToken: optionalText(5000),
});
export type SendOtpRequest = z.infer<typeof SendOtpRequestSchema>;

export const SendOtpResponseSchema = z.object({
  transactionId: z.string(),
  maskedEmail: z.string().nullable(),
  maskedMobile: z.string().nullable(),
});
export type SendOtpResponse = z.infer<typeof SendOtpResponseSchema>;

export const ChallengeSchema = z.object({
  /** Kept as text: a type the transaction does not offer is `auth_factor_mismatch`, not malformed input. */
  authFactorType: z.string().min(1).max(20),
  challenge: z.string().min(1).max(500_000),
  format: z.string().min(1).max(50),
});
export type Challenge = z.infer<typeof ChallengeSchema>;

export const AuthenticateRequestSchema = z.object({
  transactionId: z.string().min(1).max(100),
  individualId: name,
  challengeList: z.array(ChallengeSchema).min(1).max(5),
  captchaToken: optionalText(5000),
});
export type AuthenticateRequest = z.infer<typeof AuthenticateRequestSchema>;

export const ConsentActionSchema = z.enum(['CAPTURE', 'NOCAPTURE']);
export type ConsentAction = z.infer<typeof ConsentActionSchema>;

export const AuthenticateResponseSchema = z.object({
  transactionId: z.string(),
  consentAction: ConsentActionSchema,
});
export type AuthenticateResponse = z.infer<typeof AuthenticateResponseSchema>;

/** `GET claim-details`: eSignet's shape (claimStatus) plus the lists the consent screen shows. */
export const ClaimDetailsResponseSchema = z.object({
  transactionId: z.string(),
  consentAction: ConsentActionSchema,
  profileUpdateRequired: z.boolean(),
  claimStatus: z.array(z.object({ claim: z.string(), essential: z.boolean(), verified: z.boolean(), available: z.boolean() })),
  essentialClaims: z.array(z.string()),
  voluntaryClaims: z.array(z.string()),
  authorizeScopes: z.array(z.string()),
  credentialScopes: z.array(z.string()),
});
export type ClaimDetailsResponse = z.infer<typeof ClaimDetailsResponseSchema>;

export const AuthCodeRequestSchema = z.object({
  transactionId: z.string().min(1).max(100),
  acceptedClaims: z.array(z.string().min(1).max(100)).max(200).nullish().transform((v) => v ?? []),
  permittedAuthorizeScopes: z.array(z.string().min(1).max(200)).max(100).nullish().transform((v) => v ?? []),
});
export type AuthCodeRequest = z.infer<typeof AuthCodeRequestSchema>;

export const AuthCodeResponseSchema = z.object({
  code: z.string(),
  state: z.string().nullable(),
  nonce: z.string().nullable(),
  redirectUri: z.string(),
  /** The complete callback URL (code, state, iss), built by the server; the UI navigates to it. */
  redirectUrl: z.string(),
});
export type AuthCodeResponse = z.infer<typeof AuthCodeResponseSchema>;

/** `POST cancel` (ours, not eSignet's): the resident declines; the server builds the error callback. */
export const CancelRequestSchema = z.object({
  transactionId: z.string().min(1).max(100),
  /** Why: `consent` when declined on the consent screen, `login` when abandoned before. */
  reason: z.enum(['login', 'consent']).default('login'),
});
export type CancelRequest = z.infer<typeof CancelRequestSchema>;

export const CancelResponseSchema = z.object({
  /** The complete callback URL with error=access_denied, state and iss; the UI navigates to it. */
  redirectUrl: z.string(),
});
export type CancelResponse = z.infer<typeof CancelResponseSchema>;
