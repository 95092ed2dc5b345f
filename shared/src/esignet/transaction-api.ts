// The eSignet UI transaction API (`/v1/esignet/authorization/*`, `/v1/esignet/csrf/token`): one
// schema per request and response body (the part inside the envelope), shared by server and UI.
// Requests tolerate `null` for absent optional fields, because eSignet's UI sends them that way.
import { z } from 'zod';
import { AUTH_FACTOR_TYPES } from './acr.js';
import { ClaimsRequestSchema } from '../oidc/claims-request.js';
import { IndividualIdSchema } from './individual-id.js';

const optionalText = (max: number) => z.string().max(max).nullish();

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
  maxAge: z
    .union([z.number().int().min(0).max(999_999_999), z.string().regex(/^\d{1,9}$/, 'must be a non-negative integer')])
    .nullish(),
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

/** One wallet the login UI can show a QR code for (`wallet.config`); the UI reads the first one's logo unconditionally. */
export const WalletConfigSchema = z.object({
  'wallet.name': z.string(),
  'wallet.logo-url': z.string(),
  'wallet.download-uri': z.string(),
  'wallet.deep-link-uri': z.string(),
  'wallet.footer': z.boolean(),
});

/** One kind of ID the resident may sign in with (`login-id.options`), e.g. `vid`; its icon is `<svg>.svg` of the UI. */
export const LoginIdOptionSchema = z.object({
  id: z.string().min(1),
  svg: z.string(),
  prefixes: z.union([
    z.string(),
    z.array(
      z.object({
        label: z.string(),
        value: z.string(),
        regex: z.string().optional(),
        maxLength: z.union([z.number(), z.string()]).optional(),
      }),
    ),
  ]),
  postfix: z.string(),
  maxLength: z.union([z.number().int().positive(), z.literal('')]),
  regex: z.string(),
});

/**
 * The knowledge-based identification form (`auth.factor.kbi.field-details`) in the shape eSignet
 * 1.8 builds for its UI's JSON form builder (KBIFormHelperService.migrateKBIFieldDetails).
 */
export const KbiFormSchema = z.object({
  schema: z.array(
    z.object({
      id: z.string().min(1),
      controlType: z.enum(['textbox', 'date']),
      /** Labels by ISO 639-3 language (`eng`). */
      labelName: z.record(z.string(), z.string()),
      required: z.boolean(),
      validators: z.array(z.object({ type: z.literal('regex'), validator: z.string() })),
      type: z.literal('date').optional(),
      /** date-fns format the form writes dates in, e.g. `yyyy-MM-dd`. */
      format: z.string().optional(),
    }),
  ),
  language: z.object({ mandatory: z.array(z.string()), langCodeMap: z.record(z.string(), z.string()) }),
});
export type KbiForm = z.infer<typeof KbiFormSchema>;

const seconds = z.number().int().nonnegative();

/**
 * The settings eSignet's login UI reads from `configs`: every key of eSignet 1.8's default
 * `mosip.esignet.ui.config.key-values` (application-default.properties), with eSignet's value
 * types, plus the older spellings some UI versions read (`send-otp.channels`,
 * `resend-otp.delay-in-secs`, `sbi.capture.timeout`).
 */
export const UiConfigsSchema = z.object({
  'sbi.env': z.string(),
  'sbi.timeout.DISC': seconds,
  'sbi.timeout.DINFO': seconds,
  'sbi.timeout.CAPTURE': seconds,
  'sbi.capture.count.face': z.number().int(),
  'sbi.capture.count.finger': z.number().int(),
  'sbi.capture.count.iris': z.number().int(),
  'sbi.capture.score.face': z.number(),
  'sbi.capture.score.finger': z.number(),
  'sbi.capture.score.iris': z.number(),
  'resend.otp.delay.secs': seconds,
  /** Comma-separated. */
  'send.otp.channels': z.string(),
  'captcha.sitekey': z.string(),
  /** Comma-separated names of the forms that show a captcha; the UI splits it, so never absent. */
  'captcha.enable': z.string(),
  'auth.txnid.length': z.number().int().positive(),
  'preauth-screen-timeout-in-secs': seconds,
  'consent.screen.timeout-in-secs': seconds,
  'consent.screen.timeout-buffer-in-secs': seconds,
  'linked-transaction-expire-in-secs': seconds,
  /** `first-last`, inclusive. */
  'sbi.port.range': z.string().regex(/^\d{1,5}-\d{1,5}$/),
  'sbi.bio.subtypes.iris': z.string(),
  'sbi.bio.subtypes.finger': z.string(),
  'wallet.qr-code-buffer-in-secs': seconds,
  'otp.length': z.number().int().positive(),
  'password.regex': z.string(),
  'password.max-length': z.number().int().positive(),
  'username.regex': z.string(),
  'username.prefix': z.string(),
  'username.postfix': z.string(),
  'username.max-length': z.number().int().positive(),
  'username.input-type': z.string(),
  'wallet.config': z.array(WalletConfigSchema).min(1),
  'signup.config': z.object({ 'signup.banner': z.boolean(), 'signup.url': z.string() }),
  'forgot-password.config': z.object({ 'forgot-password': z.boolean(), 'forgot-password.url': z.string() }),
  /** Where the UI sends a resident whose claims need verifying (eKYC); empty when there is none. */
  'eKYC-steps.config': z.string(),
  'error.banner.close-timer': seconds,
  'auth.factor.kbi.individual-id-field': z.string(),
  /** null when the ID system asks no knowledge questions (eSignet's default). */
  'auth.factor.kbi.field-details': KbiFormSchema.nullable(),
  'login-id.options': z.array(LoginIdOptionSchema).min(1),
  /** The issuer; only when it is set does the UI add `iss` to the callback (RFC 9207). */
  issuer: z.url(),
  'send-otp.channels': z.string(),
  'resend-otp.delay-in-secs': seconds,
  'sbi.capture.timeout': seconds,
});
export type UiConfigs = z.infer<typeof UiConfigsSchema>;

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
  individualId: IndividualIdSchema,
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
  individualId: IndividualIdSchema,
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
  claimStatus: z.array(
    z.object({ claim: z.string(), essential: z.boolean(), verified: z.boolean(), available: z.boolean() }),
  ),
  essentialClaims: z.array(z.string()),
  voluntaryClaims: z.array(z.string()),
  authorizeScopes: z.array(z.string()),
  credentialScopes: z.array(z.string()),
});
export type ClaimDetailsResponse = z.infer<typeof ClaimDetailsResponseSchema>;

export const AuthCodeRequestSchema = z.object({
  transactionId: z.string().min(1).max(100),
  acceptedClaims: z
    .array(z.string().min(1).max(100))
    .max(200)
    .nullish()
    .transform((v) => v ?? []),
  permittedAuthorizeScopes: z
    .array(z.string().min(1).max(200))
    .max(100)
    .nullish()
    .transform((v) => v ?? []),
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
