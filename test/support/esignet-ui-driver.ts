// Drives a sign-in through the eSignet UI transaction API exactly as eSignet's login UI does
// (CSRF token, oauth-details, hash header, send-otp, authenticate, auth-code), with a cookie jar.
// Used by the cross-part tests and the benchmark.
import { createHash } from 'node:crypto';

export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface EnvelopeResult<T = Record<string, unknown>> {
  status: number;
  response: T | null;
  errors: { errorCode: string; errorMessage: string }[];
}

export type LoginFactor = { type: 'PIN'; pin: string } | { type: 'PWD'; password: string } | { type: 'OTP'; otp?: (individualId: string) => Promise<string> };

export class EsignetUiDriver {
  readonly jar = new CookieJar();
  private csrf: string | undefined;
  transactionId: string | undefined;
  private hash: string | undefined;
  oauthDetails: Record<string, unknown> | undefined;

  constructor(readonly baseUrl: string) {}

  private async call<T>(method: 'GET' | 'POST', path: string, request?: unknown, extraHeaders: Record<string, string> = {}): Promise<EnvelopeResult<T>> {
    const headers: Record<string, string> = { cookie: this.jar.header(), ...extraHeaders };
    if (this.csrf) headers['X-XSRF-TOKEN'] = this.csrf;
    if (this.transactionId && this.hash) {
      headers['oauth-details-key'] = this.transactionId;
      headers['oauth-details-hash'] = this.hash;
    }
    let body: string | undefined;
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify({ requestTime: new Date().toISOString(), request });
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    this.jar.store(res);
    const json = (await res.json()) as { response: T | null; errors?: EnvelopeResult['errors'] };
    return { status: res.status, response: json.response, errors: json.errors ?? [] };
  }

  async fetchCsrf(): Promise<void> {
    const res = await fetch(this.baseUrl + '/v1/esignet/csrf/token', { headers: { cookie: this.jar.header() } });
    this.jar.store(res);
    this.csrf = ((await res.json()) as { token: string }).token;
  }

  /** Opens the transaction from the login-UI URL /authorize redirected to. */
  async oauthDetailsFrom(loginUrl: string): Promise<EnvelopeResult> {
    if (!this.csrf) await this.fetchCsrf();
    const q = new URL(loginUrl).searchParams;
    const get = (k: string) => q.get(k) ?? undefined;
    const r = await this.call<Record<string, unknown>>('POST', '/v1/esignet/authorization/v3/oauth-details', {
      clientId: get('client_id'),
      scope: get('scope'),
      responseType: get('response_type'),
      redirectUri: get('redirect_uri'),
      display: get('display'),
      prompt: get('prompt'),
      nonce: get('nonce'),
      state: get('state'),
      acrValues: get('acr_values'),
      maxAge: get('max_age') === undefined ? undefined : Number(get('max_age')),
      claims: get('claims') === undefined ? undefined : JSON.parse(get('claims')!),
      claimsLocales: get('claims_locales'),
      uiLocales: get('ui_locales'),
      codeChallenge: get('code_challenge'),
      codeChallengeMethod: get('code_challenge_method'),
    });
    if (r.response) {
      this.oauthDetails = r.response;
      this.transactionId = r.response.transactionId as string;
      this.hash = createHash('sha256').update(JSON.stringify(r.response)).digest('base64url');
    }
    return r;
  }

  sendOtp(individualId: string, otpChannels = ['email']) {
    return this.call<{ maskedEmail?: string; maskedMobile?: string }>('POST', '/v1/esignet/authorization/send-otp', { transactionId: this.transactionId, individualId, otpChannels });
  }

  authenticate(individualId: string, challengeList: { authFactorType: string; challenge: string; format: string }[]) {
    return this.call<{ transactionId: string; consentAction: 'CAPTURE' | 'NOCAPTURE' }>('POST', '/v1/esignet/authorization/v3/authenticate', { transactionId: this.transactionId, individualId, challengeList });
  }

  claimDetails() {
    return this.call<Record<string, unknown>>('GET', '/v1/esignet/authorization/claim-details');
  }

  authCode(acceptedClaims: string[], permittedAuthorizeScopes: string[] = []) {
    return this.call<{ code: string; state?: string; nonce?: string; redirectUri: string; redirectUrl: string }>('POST', '/v1/esignet/authorization/auth-code', {
      transactionId: this.transactionId,
      acceptedClaims,
      permittedAuthorizeScopes,
    });
  }

  /** GET the authorization URL without following; returns the Location. */
  async authorize(authorizationUrl: string | URL): Promise<{ status: number; location: string | null; body: string }> {
    const res = await fetch(authorizationUrl, { redirect: 'manual', headers: { cookie: this.jar.header() } });
    this.jar.store(res);
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  /**
   * Full interactive sign-in: authorize → login UI URL → oauth-details → authenticate → consent → auth-code.
   * Returns the callback URL the UI would navigate to.
   */
  async signIn(authorizationUrl: string | URL, individualId: string, factor: LoginFactor, acceptAll = true): Promise<string> {
    const auth = await this.authorize(authorizationUrl);
    if (!auth.location) throw new Error(`authorize did not redirect (${auth.status}): ${auth.body.slice(0, 200)}`);
    const details = await this.oauthDetailsFrom(auth.location);
    if (!details.response) throw new Error(`oauth-details failed: ${JSON.stringify(details.errors)}`);
    let challenge: { authFactorType: string; challenge: string; format: string };
    if (factor.type === 'PIN') challenge = { authFactorType: 'PIN', challenge: factor.pin, format: 'number' };
    else if (factor.type === 'PWD') challenge = { authFactorType: 'PWD', challenge: factor.password, format: 'alpha-numeric' };
    else {
      const sent = await this.sendOtp(individualId);
      if (!sent.response) throw new Error(`send-otp failed: ${JSON.stringify(sent.errors)}`);
      const otp = await (factor.otp ?? ((id: string) => readDemoOtp(this.baseUrl, id)))(individualId);
      challenge = { authFactorType: 'OTP', challenge: otp, format: 'alpha-numeric' };
    }
    const authn = await this.authenticate(individualId, [challenge]);
    if (!authn.response) throw new Error(`authenticate failed: ${JSON.stringify(authn.errors)}`);
    let accepted: string[] = [];
    if (authn.response.consentAction === 'CAPTURE' && acceptAll) {
      const d = this.oauthDetails!;
      accepted = [...((d.essentialClaims as string[]) ?? []), ...((d.voluntaryClaims as string[]) ?? [])];
    }
    const code = await this.authCode(accepted, acceptAll ? ((this.oauthDetails!.authorizeScopes as string[]) ?? []) : []);
    if (!code.response) throw new Error(`auth-code failed: ${JSON.stringify(code.errors)}`);
    return code.response.redirectUrl;
  }
}

/** Reads the latest OTP sent to a demo resident from the demo outbox. */
export async function readDemoOtp(baseUrl: string, individualId: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/esignet/dev/outbox?individualId=${encodeURIComponent(individualId)}`);
  const text = await res.text();
  const codes = text.match(/\b\d{6}\b/g);
  if (!res.ok || !codes) throw new Error(`no OTP in the demo outbox (${res.status}): ${text.slice(0, 200)}`);
  return codes[codes.length - 1]!;
}
