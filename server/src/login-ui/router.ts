// The server's own login UI: GET /login (a static page whose script drives the eSignet UI
// transaction API, as eSignet's oidc-ui does), GET /login/error (the server's error page, for errors
// that must not be redirected) and the page's assets under /login/assets, all under a strict CSP.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';
import type { ServerContext } from '../context.js';
import { sendErrorPage, type ErrorPageView } from '../pages/error-page.js';
import { pageLanguage, type PageLanguage } from '../pages/languages.js';

/** The page and its assets: beside this module, in src/ and (copied by the build) in dist/. */
export const LOGIN_UI_STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
const ASSET_PATH = /^\/[a-z0-9-]+\.(js|css|svg)$/;

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

/** /login/error shows only a known-shaped code and a short description, on the server's error page. */
export function loginErrorView(error: unknown, description: unknown, language: PageLanguage): ErrorPageView {
  const code = typeof error === 'string' && /^[a-z0-9_]{1,64}$/.test(error) ? error : 'invalid_request';
  const text = typeof description === 'string' && description.trim() ? description.trim().slice(0, 300) : undefined;
  return text ? { language, error: code, description: text } : { language, error: code, situation: 'malformed_request', description: 'The sign-in request from the application is not valid.' };
}

export function loginUiRouter(ctx: ServerContext): Router {
  // Read once at start-up; the page learns demo mode (the OTP outbox hint) from a data attribute.
  const loginPage = readFileSync(`${LOGIN_UI_STATIC_DIR}index.html`, 'utf8').replace(
    '<body data-demo="false">',
    `<body data-demo="${ctx.config.demo ? 'true' : 'false'}">`,
  );

  const router = Router();
  router.use('/login', securityHeaders);

  router.get('/login', (_req, res) => {
    // The URL carries state and nonce: never cache the page, never leak the URL (Referrer-Policy is app-wide).
    res.set('Cache-Control', 'no-store').type('html').send(loginPage);
  });

  router.get('/login/error', (req, res) => {
    sendErrorPage(res, 400, loginErrorView(req.query.error, req.query.error_description, pageLanguage(req.query.ui_locales, req.get('accept-language'))));
  });

  router.use(
    '/login/assets',
    // Only the page's assets: the HTML templates are served through the routes above.
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
