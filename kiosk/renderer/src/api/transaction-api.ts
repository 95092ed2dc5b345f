// The eSignet UI transaction API (/v1/esignet) as the login app calls it: the CSRF token, the
// oauth-details hash headers, eSignet's envelope, and every answer parsed with its shared zod
// schema. Refusals the resident can act on come back as values; anything that ends the sign-in
// throws a FatalApiError.
import {
  AuthCodeResponseSchema,
  AuthenticateResponseSchema,
  CancelResponseSchema,
  ClaimDetailsResponseSchema,
  CsrfTokenResponseSchema,
  EsignetErrorSchema,
  LinkCodeResponseSchema,
  LinkProgressSchema,
  OAuthDetailsResponseSchema,
  SendOtpResponseSchema,
  responseEnvelope,
  type AuthCodeResponse,
  type AuthenticateResponse,
  type Challenge,
  type ClaimDetailsResponse,
  type LinkCodeResponse,
  type LinkProgress,
  type LinkProgressState,
  type OAuthDetailsRequest,
  type OAuthDetailsResponse,
  type SendOtpResponse,
} from '@signet-kiosk/shared/esignet';
import { z } from 'zod';
import type { Failure } from '../flow/login-machine.js';
import { apiRequestInit, CSRF_TOKEN_FORMAT, OAUTH_DETAILS_PATH } from './api-request.js';

const API = '/v1/esignet';
const AUTHZ = `${API}/authorization`;
const LINKED = `${API}/linked-authorization`;
/** Signet's own progress stream of a linked transaction (server-sent events, or a long poll). */
export const LINK_PROGRESS_PATH = '/v1/signet/linked-authorization/progress';

/**
 * Codes after which nothing the resident types can help: the session or the request is broken.
 * The API answers errors as HTTP 200 (eSignet's UI needs that), so the code decides, not the status.
 */
const FATAL_CODES = new Set([
  'invalid_transaction',
  'invalid_oauth_details_hash',
  'invalid_transaction_state',
  'invalid_csrf_token',
  'request_time_skew',
  'invalid_input',
  'invalid_request',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'unknown_error',
]);

export class FatalApiError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
    this.name = 'FatalApiError';
  }
}

export type ApiResult<T> = { ok: true; response: T } | { ok: false; failure: Failure };

type EsignetError = z.infer<typeof EsignetErrorSchema>;

/** The server's own code: `reason` when `errorCode` is the coarser one eSignet's UI translates. */
function failureOf(error: EsignetError): Failure {
  const failure: Failure = { code: error.reason ?? error.errorCode };
  if (error.attemptsLeft !== undefined) failure.attemptsLeft = error.attemptsLeft;
  if (error.blockedUntil !== undefined) failure.blockedUntil = error.blockedUntil;
  return failure;
}

/** base64url(SHA-256(text)), unpadded: the oauth-details-hash header. */
async function sha256Base64url(text: string): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new FatalApiError({ code: 'insecure_context' });
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return base64url(digest);
}

export function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class TransactionApi {
  private csrf = '';
  private transactionId = '';
  private detailsHash = '';
  /** The last answer's `response` exactly as received (the oauth-details hash is over it). */
  private lastRawResponse: unknown;
  /** The last answer's `responseTime`: the server's clock, for times the server sets. */
  private lastResponseTime = '';

  constructor(private readonly fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)) {}

  private async call<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: T,
    request?: unknown,
    /** The answer to this very request, when it was sent before the app was set up (early-oauth-details.ts). */
    sent?: Promise<Response>,
  ): Promise<ApiResult<z.infer<T>>> {
    let res: Response;
    try {
      res =
        (await sent) ??
        (await this.fetchImpl(
          path,
          apiRequestInit(method, this.csrf, request, {
            transactionId: this.transactionId,
            detailsHash: this.detailsHash,
          }),
        ));
    } catch {
      throw new FatalApiError({ code: 'network_error' });
    }
    const json: unknown = await res.json().catch(() => undefined);
    const envelope = responseEnvelope(schema).safeParse(json);
    if (!envelope.success) {
      // An error status may carry a partial envelope: keep its code when there is one.
      const errors = z.object({ errors: z.array(EsignetErrorSchema).min(1) }).safeParse(json);
      throw new FatalApiError(
        errors.success
          ? failureOf(errors.data.errors[0]!)
          : { code: res.ok ? 'invalid_response' : `http_${res.status}` },
      );
    }
    this.lastRawResponse = (json as { response?: unknown }).response;
    // (TypeScript loses the envelope's generic `response` field; its parse is what checked it.)
    const { response, errors } = envelope.data as unknown as { response: z.infer<T> | null; errors: EsignetError[] };
    this.lastResponseTime = envelope.data.responseTime;
    const first = errors[0];
    if (first) {
      const failure = failureOf(first);
      if (!res.ok || FATAL_CODES.has(failure.code)) throw new FatalApiError(failure);
      return { ok: false, failure };
    }
    if (!res.ok || response === null || response === undefined)
      throw new FatalApiError({ code: res.ok ? 'invalid_response' : `http_${res.status}` });
    return { ok: true, response: response as z.infer<T> };
  }

  /** Like call(), but a refusal ends the sign-in too: for steps where the resident has nothing to correct. */
  private async must<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: T,
    request?: unknown,
    sent?: Promise<Response>,
  ): Promise<z.infer<T>> {
    const result = await this.call(method, path, schema, request, sent);
    if (!result.ok) throw new FatalApiError(result.failure);
    return result.response;
  }

  /**
   * The browser's CSRF token as the server's login page carried it (data-csrf), when it did: the
   * app then starts without asking `csrf/token`. Anything not shaped like a token is ignored.
   */
  useCsrfToken(token: string | undefined): void {
    if (token && CSRF_TOKEN_FORMAT.test(token)) this.csrf = token;
  }

  get hasCsrfToken(): boolean {
    return this.csrf !== '';
  }

  async fetchCsrfToken(): Promise<void> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${API}/csrf/token`, {
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { Accept: 'application/json' },
      });
    } catch {
      throw new FatalApiError({ code: 'network_error' });
    }
    const json: unknown = await res.json().catch(() => undefined);
    const token = CsrfTokenResponseSchema.safeParse(json);
    if (res.ok && token.success) {
      this.csrf = token.data.token;
      return;
    }
    // Refusals (too many requests) come in the envelope, as on the rest of the API.
    const refusal = z.object({ errors: z.array(EsignetErrorSchema).min(1) }).safeParse(json);
    throw new FatalApiError(refusal.success ? failureOf(refusal.data.errors[0]!) : { code: 'invalid_csrf_token' });
  }

  /**
   * Opens the transaction; later calls carry its key and the hash of this answer as the server sent
   * it. `sent`: the same request already sent (early-oauth-details.ts), whose answer is read instead.
   */
  async oauthDetails(request: OAuthDetailsRequest, sent?: Promise<Response>): Promise<OAuthDetailsResponse> {
    const details = await this.must('POST', OAUTH_DETAILS_PATH, OAuthDetailsResponseSchema, request, sent);
    // The hash is over the response as received, serialised as eSignet's UI does (the parsed copy
    // drops keys the schema does not know, and may order them differently).
    this.detailsHash = await sha256Base64url(JSON.stringify(this.lastRawResponse));
    this.transactionId = details.transactionId;
    return details;
  }

  sendOtp(individualId: string, otpChannels: string[]): Promise<ApiResult<SendOtpResponse>> {
    return this.call('POST', `${AUTHZ}/send-otp`, SendOtpResponseSchema, {
      transactionId: this.transactionId,
      individualId,
      otpChannels,
    });
  }

  authenticate(individualId: string, challengeList: Challenge[]): Promise<ApiResult<AuthenticateResponse>> {
    return this.call('POST', `${AUTHZ}/v3/authenticate`, AuthenticateResponseSchema, {
      transactionId: this.transactionId,
      individualId,
      challengeList,
    });
  }

  claimDetails(): Promise<ClaimDetailsResponse> {
    return this.must('GET', `${AUTHZ}/claim-details`, ClaimDetailsResponseSchema);
  }

  authCode(acceptedClaims: string[], permittedAuthorizeScopes: string[]): Promise<ApiResult<AuthCodeResponse>> {
    return this.call('POST', `${AUTHZ}/auth-code`, AuthCodeResponseSchema, {
      transactionId: this.transactionId,
      acceptedClaims,
      permittedAuthorizeScopes,
    });
  }

  /**
   * A link code for an assisted kiosk (a new one retires the oldest of the live ones), bound to the
   * ID the resident typed (the kiosk may verify that ID only), with how long it stays valid by the
   * server's own clock: this device's clock may be minutes off.
   */
  async linkCode(individualId: string): Promise<ApiResult<LinkCodeResponse & { validForMs: number }>> {
    const answer = await this.call('POST', `${LINKED}/link-code`, LinkCodeResponseSchema, {
      transactionId: this.transactionId,
      individualId,
    });
    if (!answer.ok) return answer;
    const expires = Date.parse(answer.response.expireDateTime);
    const now = Date.parse(this.lastResponseTime);
    if (Number.isNaN(expires)) throw new FatalApiError({ code: 'invalid_response' });
    const validForMs = Math.min(10 * 60_000, Math.max(0, expires - (Number.isNaN(now) ? Date.now() : now)));
    return { ok: true, response: { ...answer.response, validForMs } };
  }

  /** Where the browser's EventSource listens for the code's progress. */
  linkProgressUrl(linkCode: string): string {
    return `${LINK_PROGRESS_PATH}?${new URLSearchParams({ transactionId: this.transactionId, linkCode })}`;
  }

  /** The long poll: the state after `after` (or the same after ≤ 25 s). */
  linkProgress(linkCode: string, after: LinkProgressState | null): Promise<ApiResult<LinkProgress>> {
    return this.call('POST', LINK_PROGRESS_PATH, LinkProgressSchema, {
      transactionId: this.transactionId,
      linkCode,
      after,
    });
  }

  /** After a kiosk authenticated the resident: the resident's consent → the code and callback URL. */
  linkAuthCode(
    linkedCode: string,
    acceptedClaims: string[],
    permittedAuthorizeScopes: string[],
  ): Promise<ApiResult<AuthCodeResponse>> {
    return this.call('POST', `${LINKED}/link-auth-code`, AuthCodeResponseSchema, {
      transactionId: this.transactionId,
      linkedCode,
      acceptedClaims,
      permittedAuthorizeScopes,
    });
  }

  /** The server builds the way back with error=access_denied; this page only follows it. */
  async cancel(reason: 'login' | 'consent'): Promise<string> {
    const answer = await this.must('POST', `${AUTHZ}/cancel`, CancelResponseSchema, {
      transactionId: this.transactionId,
      reason,
    });
    return answer.redirectUrl;
  }
}
