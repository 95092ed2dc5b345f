// Test support for the UI transaction API: a relying party registered straight in the registry,
// and a small client that speaks the API as eSignet's login UI does (cookie jar, CSRF header,
// envelope, oauth-details key/hash headers), with every part overridable for negative tests.
import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { z } from 'zod';
import type { ClientCreate, EsignetErrorSchema, OAuthDetailsRequest } from '@signet-kiosk/shared/esignet';
import type { RunningServer } from '../../server.js';

export const API = '/v1/esignet/authorization';

/** Demo residents of the mock-identity seed (server/src/plugins/mock-identity/residents.seed.json). */
export const RESIDENTS = [
  { individualId: '2804195601', pin: '482915' },
  { individualId: '2804195602', pin: '736204' },
  { individualId: '2804195603', pin: '159357' },
  { individualId: '2804195604', pin: '804213' },
  { individualId: '2804195605', pin: '615273' },
  { individualId: '2804195606', pin: '390518' },
] as const;

export interface RegisteredClient {
  clientId: string;
  redirectUri: string;
}

/** Registers an active client directly in the registry. */
export async function registerClient(
  server: RunningServer,
  overrides: Partial<ClientCreate> = {},
): Promise<RegisteredClient> {
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const clientId = `ui-test-${randomBytes(6).toString('hex')}`;
  const redirectUri = 'https://rp.example.org/callback?tenant=a';
  const now = new Date().toISOString();
  await server.ctx.registry.clients.create({
    clientId,
    clientName: 'Health Portal',
    clientNameLangMap: { khm: 'វិបផតថលសុខភាព' },
    publicKey: { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' } as ClientCreate['publicKey'],
    relyingPartyId: `rp-${clientId}`,
    userClaims: ['name', 'given_name', 'family_name', 'email', 'phone_number', 'birthdate', 'gender'],
    authContextRefs: ['mosip:idp:acr:static-code', 'mosip:idp:acr:generated-code'],
    logoUri: 'https://rp.example.org/logo.png',
    redirectUris: [redirectUri],
    grantTypes: ['authorization_code'],
    clientAuthMethods: ['private_key_jwt'],
    additionalConfig: {
      userinfo_response_type: 'JWS',
      consent_expire_in_mins: 0,
      require_pushed_authorization_requests: false,
      dpop_bound_access_tokens: false,
      require_pkce: true,
    },
    ...overrides,
    status: 'ACTIVE',
    createdAt: now,
    updatedAt: now,
  });
  return { clientId, redirectUri: overrides.redirectUris?.[0] ?? redirectUri };
}

/** An oauth-details request for the client, with PKCE, nonce, state and a claims request. */
export function authorizationRequest(
  client: RegisteredClient,
  overrides: Partial<OAuthDetailsRequest> = {},
): OAuthDetailsRequest {
  const verifier = randomBytes(32).toString('base64url');
  return {
    clientId: client.clientId,
    scope: 'openid profile',
    responseType: 'code',
    redirectUri: client.redirectUri,
    nonce: 'n-' + randomBytes(8).toString('hex'),
    state: 's-' + randomBytes(8).toString('hex'),
    acrValues: 'mosip:idp:acr:static-code mosip:idp:acr:generated-code',
    claims: { userinfo: { email: { essential: true }, phone_number: null } },
    claimsLocales: 'eng',
    uiLocales: 'en',
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    codeChallengeMethod: 'S256',
    ...overrides,
  };
}

/** What the client needs of an HTTP response: status, headers, the whole body as text. */
export interface HttpReply {
  status: number;
  headers: Pick<Headers, 'get' | 'getSetCookie'>;
  text: string;
}

/** One HTTP exchange, redirects not followed. The default is `fetch`; the benchmark passes a leaner one. */
export type HttpTransport = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<HttpReply>;

export const fetchTransport: HttpTransport = async (url, init) => {
  const res = await fetch(url, { ...init, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

export type EsignetErrorBody = z.infer<typeof EsignetErrorSchema>;

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  response: T | null;
  /** As sent: `errorCode` is the one eSignet's UI translates, `reason` our finer code when it differs. */
  errors: EsignetErrorBody[];
  headers: HttpReply['headers'];
}

export interface CallOptions {
  /** Replace (or with null, drop) the X-XSRF-TOKEN header. */
  csrf?: string | null;
  /** Replace (or with null, drop) the oauth-details headers. */
  key?: string | null;
  hash?: string | null;
  requestTime?: string;
  /** Send this Cookie header instead of the jar's (the jar still keeps what the answer sets). */
  cookie?: string;
  /** Send this text as the body instead of the envelope. */
  rawBody?: string;
  contentType?: string;
}

/** Our own code of a call's first error (`reason` where eSignet's UI gets a coarser one), or 'ok'. */
export function ourErrorCode(r: { errors: { errorCode: string; reason?: string }[] }): string {
  return r.errors[0]?.reason ?? r.errors[0]?.errorCode ?? 'ok';
}

export class UiApiClient {
  private readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  transactionId: string | undefined;
  hash: string | undefined;
  details: Record<string, unknown> | undefined;
  /** The raw JSON text of the last oauth-details response body. */
  detailsText: string | undefined;

  constructor(
    readonly baseUrl: string,
    protected readonly http: HttpTransport = fetchTransport,
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Keeps the cookies a response sets. */
  protected store(res: HttpReply): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }

  /** The Cookie header a browser would send. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetchCsrf(): Promise<HttpReply> {
    const res = await this.http(this.baseUrl + '/v1/esignet/csrf/token', {
      method: 'GET',
      headers: { cookie: this.cookieHeader() },
    });
    this.store(res);
    this.csrfToken = (JSON.parse(res.text) as { token: string }).token;
    return res;
  }

  async call<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    request?: unknown,
    o: CallOptions = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { cookie: o.cookie ?? this.cookieHeader() };
    const csrf = o.csrf === undefined ? this.csrfToken : o.csrf;
    if (csrf !== null && csrf !== undefined) headers['X-XSRF-TOKEN'] = csrf;
    const key = o.key === undefined ? this.transactionId : o.key;
    const hash = o.hash === undefined ? this.hash : o.hash;
    if (key !== null && key !== undefined) headers['oauth-details-key'] = key;
    if (hash !== null && hash !== undefined) headers['oauth-details-hash'] = hash;
    let body: string | undefined;
    if (method === 'POST') {
      headers['content-type'] = o.contentType ?? 'application/json';
      body = o.rawBody ?? JSON.stringify({ requestTime: o.requestTime ?? new Date().toISOString(), request });
    }
    const res = await this.http(this.baseUrl + path, { method, headers, body });
    this.store(res);
    const text = res.text;
    const json = JSON.parse(text) as { response: T | null; errors?: ApiResult['errors'] };
    if (path.endsWith('oauth-details')) this.detailsText = text;
    return { status: res.status, response: json.response, errors: json.errors ?? [], headers: res.headers };
  }

  /** Opens a transaction; remembers its id and the hash the UI computes from the response. */
  async oauthDetails(request: OAuthDetailsRequest, o: CallOptions = {}): Promise<ApiResult> {
    if (!this.csrfToken) await this.fetchCsrf();
    const r = await this.call('POST', `${API}/v3/oauth-details`, request, { key: null, hash: null, ...o });
    if (r.response) {
      this.details = r.response;
      this.transactionId = r.response.transactionId as string;
      this.hash = createHash('sha256').update(JSON.stringify(r.response)).digest('base64url');
    }
    return r;
  }

  sendOtp(individualId: string, otpChannels = ['email'], o: CallOptions = {}) {
    return this.call<{ transactionId: string; maskedEmail: string | null; maskedMobile: string | null }>(
      'POST',
      `${API}/send-otp`,
      { transactionId: this.transactionId, individualId, otpChannels },
      o,
    );
  }

  authenticate(
    individualId: string,
    challengeList: { authFactorType: string; challenge: string; format: string }[],
    o: CallOptions = {},
  ) {
    return this.call<{ transactionId: string; consentAction: 'CAPTURE' | 'NOCAPTURE' }>(
      'POST',
      `${API}/v3/authenticate`,
      { transactionId: this.transactionId, individualId, challengeList },
      o,
    );
  }

  authenticateWithPin(individualId: string, pin: string, o: CallOptions = {}) {
    return this.authenticate(individualId, [{ authFactorType: 'PIN', challenge: pin, format: 'number' }], o);
  }

  claimDetails(o: CallOptions = {}) {
    return this.call('GET', `${API}/claim-details`, undefined, o);
  }

  authCode(acceptedClaims: string[], permittedAuthorizeScopes: string[] = [], o: CallOptions = {}) {
    return this.call<{
      code: string;
      state: string | null;
      nonce: string | null;
      redirectUri: string;
      redirectUrl: string;
    }>('POST', `${API}/auth-code`, { transactionId: this.transactionId, acceptedClaims, permittedAuthorizeScopes }, o);
  }
}

const OutboxSchema = z.object({ response: z.object({ messages: z.array(z.object({ otp: z.string() })) }).nullable() });

/** The latest OTP the demo outbox holds for the individual. */
export async function readOtp(
  baseUrl: string,
  individualId: string,
  http: HttpTransport = fetchTransport,
): Promise<string> {
  const res = await http(`${baseUrl}/v1/esignet/dev/outbox?individualId=${encodeURIComponent(individualId)}`, {
    method: 'GET',
    headers: {},
  });
  const last = OutboxSchema.safeParse(JSON.parse(res.text)).data?.response?.messages.at(-1);
  if (res.status !== 200 || !last) throw new Error(`no OTP in the demo outbox for ${individualId} (${res.status})`);
  return last.otp;
}
