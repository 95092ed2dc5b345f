// Drives a whole sign-in the way a browser with eSignet's login UI does: follows /authorize to
// the login-UI URL, opens the transaction from its parameters, authenticates and takes the
// code. Built on the transaction-API test client; used by the cross-part tests and the benchmark.
import type { OAuthDetailsRequest } from '@signet-kiosk/shared/esignet';
import { readOtp, UiApiClient, type ApiResult } from '@signet-kiosk/server/testing';

export type LoginFactor =
  | { type: 'PIN'; pin: string }
  | { type: 'PWD'; password: string }
  | { type: 'KBI'; answers: Record<string, string> }
  | { type: 'OTP'; otp?: (individualId: string) => Promise<string> };

/** Reads the latest OTP sent to a demo resident from the demo outbox. */
export const readDemoOtp = readOtp;

export class EsignetUiDriver extends UiApiClient {
  /** GET the authorization URL without following it; returns the Location. */
  async authorize(authorizationUrl: string | URL): Promise<{ status: number; location: string | null; body: string }> {
    const res = await this.http(String(authorizationUrl), { method: 'GET', headers: { cookie: this.cookieHeader() } });
    this.store(res);
    return { status: res.status, location: res.headers.get('location'), body: res.text };
  }

  /** Opens the transaction from the login-UI URL /authorize redirected to, as the login UI does. */
  oauthDetailsFrom(loginUrl: string): Promise<ApiResult> {
    const q = new URL(loginUrl).searchParams;
    const get = (k: string) => q.get(k) ?? undefined;
    const request = {
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
      claims: get('claims') === undefined ? undefined : (JSON.parse(get('claims')!) as unknown),
      claimsLocales: get('claims_locales'),
      uiLocales: get('ui_locales'),
      codeChallenge: get('code_challenge'),
      codeChallengeMethod: get('code_challenge_method'),
    } as OAuthDetailsRequest;
    return this.oauthDetails(request);
  }

  /**
   * Full interactive sign-in: authorize → login UI URL → oauth-details → authenticate → consent → auth-code.
   * Returns the callback URL the UI would navigate to.
   */
  async signIn(
    authorizationUrl: string | URL,
    individualId: string,
    factor: LoginFactor,
    acceptAll = true,
  ): Promise<string> {
    const auth = await this.authorize(authorizationUrl);
    if (!auth.location) throw new Error(`authorize did not redirect (${auth.status}): ${auth.body.slice(0, 200)}`);
    const details = await this.oauthDetailsFrom(auth.location);
    if (!details.response) throw new Error(`oauth-details failed: ${JSON.stringify(details.errors)}`);
    let challenge: { authFactorType: string; challenge: string; format: string };
    if (factor.type === 'PIN') challenge = { authFactorType: 'PIN', challenge: factor.pin, format: 'number' };
    else if (factor.type === 'PWD')
      challenge = { authFactorType: 'PWD', challenge: factor.password, format: 'alpha-numeric' };
    // Knowledge answers as eSignet's UI sends them: base64url of a JSON object of the answers.
    else if (factor.type === 'KBI')
      challenge = {
        authFactorType: 'KBI',
        challenge: Buffer.from(JSON.stringify(factor.answers)).toString('base64url'),
        format: 'base64url-encoded-json',
      };
    else {
      const sent = await this.sendOtp(individualId);
      if (!sent.response) throw new Error(`send-otp failed: ${JSON.stringify(sent.errors)}`);
      const otp = await (factor.otp ?? ((id: string) => readOtp(this.baseUrl, id, this.http)))(individualId);
      challenge = { authFactorType: 'OTP', challenge: otp, format: 'alpha-numeric' };
    }
    const authn = await this.authenticate(individualId, [challenge]);
    if (!authn.response) throw new Error(`authenticate failed: ${JSON.stringify(authn.errors)}`);
    let accepted: string[] = [];
    const d = this.details!;
    if (authn.response.consentAction === 'CAPTURE' && acceptAll) {
      accepted = [...((d.essentialClaims as string[]) ?? []), ...((d.voluntaryClaims as string[]) ?? [])];
    }
    const code = await this.authCode(accepted, acceptAll ? ((d.authorizeScopes as string[]) ?? []) : []);
    if (!code.response) throw new Error(`auth-code failed: ${JSON.stringify(code.errors)}`);
    return code.response.redirectUrl;
  }
}
