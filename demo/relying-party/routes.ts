// The relying party's HTTP surface: `/` (sign-in buttons), `/login` (builds the authorization
// request with openid-client and redirects), `/callback` (code exchange with state, nonce and
// PKCE checks, then userinfo), static assets, and the security headers on every answer.
import { readFileSync } from 'node:fs';
import cookieParser from 'cookie-parser';
import express, { type CookieOptions, type ErrorRequestHandler, type Express, type Response } from 'express';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { errorPage, homePage, resultPage, type Site } from './pages.js';
import type { SafeHtml } from '@signet-kiosk/server';
import { ACR, DEMO_CLAIMS } from './registration.js';
import type { LoginMethod, LoginStore } from './login-store.js';

export const LOGIN_COOKIE = 'demo_rp_login';

/** No scripts, no frames, no external anything; styles and the logo from this origin only. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = readFileSync(new URL('./static/style.css', import.meta.url), 'utf8');
const LOGO = readFileSync(new URL('./static/logo.svg', import.meta.url), 'utf8');

const ACR_BY_METHOD: Record<LoginMethod, string | undefined> = {
  pin: ACR.pin,
  otp: ACR.otp,
  pwd: ACR.pwd,
  kbi: ACR.kbi,
  bio: ACR.bio,
  any: undefined,
};

/** name essential, the others voluntary; all delivered by userinfo. */
const CLAIMS_REQUEST = JSON.stringify({
  userinfo: Object.fromEntries(DEMO_CLAIMS.map((c) => [c, c === 'name' ? { essential: true } : null])),
});

// Space-separated BCP 47 / ISO 639 tags, e.g. `en km` or `eng`.
const LANG_TAG = '[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*';
const ClaimsLocalesSchema = z
  .string()
  .max(100)
  .regex(new RegExp(`^${LANG_TAG}(?: ${LANG_TAG})*$`), 'claims_locales: space-separated language tags, e.g. "en km"');
const HomeQuerySchema = z.object({ claims_locales: ClaimsLocalesSchema.optional() });
const LoginQuerySchema = z.object({
  method: z
    .enum(['pin', 'otp', 'pwd', 'kbi', 'bio', 'any'], 'method: one of pin, otp, pwd, kbi, bio, any')
    .default('any'),
  claims_locales: ClaimsLocalesSchema.optional(),
});

export interface RoutesContext {
  site: Site;
  /** openid-client's configuration from discovery, with this client's private_key_jwt. */
  config: oidc.Configuration;
  store: LoginStore;
  /** This app's URL; the redirect URI is `${baseUrl}/callback`. */
  baseUrl: string;
  loginTtlMs: number;
}

/**
 * The express app of the demo relying party.
 * @example http.createServer(createRelyingPartyApp(ctx)).listen(8090);
 */
export function createRelyingPartyApp(ctx: RoutesContext): Express {
  const { site, config, store, baseUrl } = ctx;
  const redirectUri = `${baseUrl}/callback`;
  const cookieOptions: CookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: baseUrl.startsWith('https:'),
    path: '/',
  };
  const page = (res: Response, status: number, body: SafeHtml) => void res.status(status).type('html').send(body.value);
  const badRequest = (res: Response, detail: string) => page(res, 400, errorPage(site, 'Bad request', detail));

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      // The callback URL carries the code: never leak it to another origin.
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    next();
  });
  app.use(cookieParser());

  app.get('/style.css', (_req, res) => void res.type('text/css').send(STYLE));
  app.get('/logo.svg', (_req, res) => void res.type('image/svg+xml').send(LOGO));

  app.get('/', (req, res) => {
    const query = HomeQuerySchema.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error.issues[0]!.message);
    page(res, 200, homePage(site, query.data.claims_locales));
  });

  app.get('/login', async (req, res) => {
    const query = LoginQuerySchema.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error.issues[0]!.message);
    const { method, claims_locales: claimsLocales } = query.data;
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const acrValues = ACR_BY_METHOD[method];
    const params: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      claims: CLAIMS_REQUEST,
      ...(acrValues ? { acr_values: acrValues } : {}),
      ...(claimsLocales ? { claims_locales: claimsLocales } : {}),
    };
    const id = store.start({ state, nonce, codeVerifier, method, acrValues, claimsLocales });
    res.cookie(LOGIN_COOKIE, id, { ...cookieOptions, maxAge: ctx.loginTtlMs });
    res.redirect(303, oidc.buildAuthorizationUrl(config, params).href);
  });

  app.get('/callback', async (req, res) => {
    const id: unknown = req.cookies?.[LOGIN_COOKIE];
    const pending = typeof id === 'string' ? store.take(id) : undefined;
    res.clearCookie(LOGIN_COOKIE, cookieOptions);
    if (!pending) {
      return page(
        res,
        400,
        errorPage(
          site,
          'No sign-in in progress',
          'This browser has no sign-in waiting for this answer: it expired, was already completed, or was started in another browser.',
        ),
      );
    }
    // Built from our own URL, never the Host header; openid-client drops the query to get redirect_uri.
    const currentUrl = new URL(redirectUri);
    const q = req.originalUrl.indexOf('?');
    currentUrl.search = q >= 0 ? req.originalUrl.slice(q) : '';
    let tokens;
    let userinfo;
    try {
      tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    } catch (e) {
      const { status, title, detail } = describeOidcError(e);
      return page(res, status, errorPage(site, title, detail));
    }
    page(
      res,
      200,
      resultPage(site, {
        method: pending.method,
        acrValues: pending.acrValues,
        claimsLocales: pending.claimsLocales,
        idToken: { ...tokens.claims()! },
        userinfo: { ...userinfo },
      }),
    );
  });

  app.use((_req, res) => page(res, 404, errorPage(site, 'Not found', 'There is no such page here.')));
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    console.error('demo-rp: unexpected error:', err);
    if (!res.headersSent)
      page(
        res,
        500,
        errorPage(site, 'Something went wrong', 'The demo relying party hit an unexpected error; see its console.'),
      );
  };
  app.use(onError);
  return app;
}

/** Maps openid-client's failures to a page: what the server said, or which check failed. */
function describeOidcError(e: unknown): { status: number; title: string; detail: string } {
  if (e instanceof oidc.AuthorizationResponseError) {
    return {
      status: 400,
      title: 'Sign-in not completed',
      detail: `The Signet server answered ${e.error}${e.error_description ? `: ${e.error_description}` : ''}.`,
    };
  }
  if (e instanceof oidc.ResponseBodyError) {
    return {
      status: 502,
      title: 'Sign-in failed',
      detail: `The Signet server refused the request (HTTP ${e.status} ${e.error}${e.error_description ? `: ${e.error_description}` : ''}).`,
    };
  }
  if (e instanceof oidc.WWWAuthenticateChallengeError) {
    const params = e.cause[0]?.parameters;
    return {
      status: 502,
      title: 'Sign-in failed',
      detail: `The Signet server refused the access token (HTTP ${e.status} ${params?.error ?? ''}${params?.error_description ? `: ${params.error_description}` : ''}).`,
    };
  }
  if (e instanceof oidc.ClientError) {
    return {
      status: 400,
      title: 'Sign-in rejected',
      detail: `The answer failed a check (${e.code ?? 'error'}): ${e.message}`,
    };
  }
  const err = e as { name?: string; message?: string; cause?: { code?: string } };
  if (err.name === 'TypeError' || err.name === 'TimeoutError') {
    return {
      status: 502,
      title: 'Signet server unreachable',
      detail: `The Signet server could not be reached (${err.cause?.code ?? err.message ?? 'network error'}).`,
    };
  }
  throw e;
}
