// The server's own login UI: GET /login serves the resident login app (kiosk/renderer, built by
// Vite into kiosk/dist/renderer; it drives the eSignet UI transaction API, as eSignet's oidc-ui
// does) with its bundle under /login/app; GET /login/error (the server's error page, for errors
// that must not be redirected); the favicon under /login/assets; all under a strict CSP.
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { Router, type RequestHandler } from 'express';
import type { ServerContext } from '../context.js';
import { sendErrorPage, type ErrorPageView } from '../pages/error-page.js';
import { pageLanguage, type PageLanguage } from '../pages/languages.js';
import { issueCsrfToken } from '../esignet/csrf.js';
import { loginApp } from './login-app.js';

/** The login page's favicon: beside this module, in src/ and (copied by the build) in dist/. */
const LOGIN_UI_STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const ASSET_PATH = /^\/[a-z0-9-]+\.svg$/;
/**
 * The app's bundle: Vite names every file by its content, so a name never changes meaning. Source
 * maps are refused even if a build left some: they would publish the app's sources.
 */
const APP_ASSET_PATH = /^\/assets\/[A-Za-z0-9_.-]+\.(js|css|woff2?|svg|png)$/;

/**
 * No inline script or style, no external resources except https images (client logos); fetches
 * may also reach local SBI device services on 127.0.0.1 (CSP has no port ranges: 4501–4600 in
 * practice, scanned by the page).
 */
export const LOGIN_UI_CSP = [
  "default-src 'self'",
  "connect-src 'self' http://127.0.0.1:*",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': LOGIN_UI_CSP,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  next();
};

/**
 * /login/error shows only a known-shaped code and a short description, in the error page's small
 * print: anyone can write a link to this page, so its text is the server's own sentence, never the
 * query's (a "call this number to unlock your ID" under the Signet brand).
 */
export function loginErrorView(error: unknown, description: unknown, language: PageLanguage): ErrorPageView {
  const code = typeof error === 'string' && /^[a-z0-9_]{1,64}$/.test(error) ? error : 'invalid_request';
  const text =
    typeof description === 'string' && description.trim()
      ? description.trim().slice(0, 300)
      : 'The sign-in request from the application is not valid.';
  return { language, error: code, situation: 'malformed_request', description: text };
}

export function loginUiRouter(ctx: ServerContext): Router {
  // Read once at start-up; the page learns demo mode (the OTP outbox hint), the kiosk's idle
  // timeout and its browser's CSRF token from data attributes (the CSP allows no inline script).
  const app = loginApp(ctx.config.loginAppDir);
  if (!app.page)
    ctx.logger.warn({ dir: app.dir }, 'the login app is not built (npm run build:renderer): /login answers 503');
  const demo = `data-demo="${ctx.config.demo ? 'true' : 'false'}"`;
  const loginPage = app.page?.replace(
    '<body data-demo="false">',
    `<body ${demo} data-idle-seconds="${ctx.config.kioskIdleSeconds}" data-csrf="CSRF_TOKEN">`,
  );

  const router = Router();
  router.use('/login', securityHeaders);

  router.get('/login', cookieParser(), (req, res) => {
    // The URL carries state and nonce: never cache the page, never leak the URL (Referrer-Policy is app-wide).
    res.set('Cache-Control', 'no-store');
    if (!loginPage) {
      res
        .status(503)
        .type('text')
        .send('The login app is not built: run `npm run build` (or `npm run build:renderer`).');
      return;
    }
    // The token is 43 base64url characters (csrf.ts): nothing in it needs escaping in an attribute.
    const token = issueCsrfToken(ctx, req, res);
    res.type('html').send(loginPage.replace('CSRF_TOKEN', () => token));
  });

  router.use(
    '/login/app',
    (req, _res, next) => next(APP_ASSET_PATH.test(req.path) ? undefined : 'router'),
    express.static(app.dir, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      immutable: true,
      maxAge: '365d',
    }),
  );

  router.get('/login/error', (req, res) => {
    sendErrorPage(
      res,
      400,
      loginErrorView(
        req.query.error,
        req.query.error_description,
        pageLanguage(req.query.ui_locales, req.get('accept-language')),
      ),
    );
  });

  router.use(
    '/login/assets',
    // Only the favicon the app's page links to.
    (req, _res, next) => next(ASSET_PATH.test(req.path) ? undefined : 'router'),
    express.static(LOGIN_UI_STATIC_DIR, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );

  return router;
}
