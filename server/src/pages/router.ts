// The server's own pages outside the sign-in flow: `/` (what this server is), `/login` without a
// sign-in request (what the sign-in page is; with one, the request goes on to the login UI) and
// their stylesheet. Error pages are sent by the routes that meet the errors (error-page.ts).
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { ServerContext } from '../context.js';
import { renderHomePage } from './home-page.js';
import { pageLanguage } from './languages.js';
import { PAGE_STYLESHEET_PATH, sendPage } from './layout.js';
import { carriesSignIn, renderNoTransactionPage } from './no-transaction-page.js';

/**
 * Mount before the login UI's router, which serves /login for requests that carry a sign-in.
 * @example app.use(pagesRouter(ctx)); app.use(loginUiRouter(ctx));
 */
export function pagesRouter(ctx: ServerContext): Router {
  // Beside this module in src/ and, copied by the build, in dist/.
  const stylesheet = readFileSync(new URL('./static/page.css', import.meta.url), 'utf8');
  const home = renderHomePage({ issuer: ctx.config.issuer, demo: ctx.config.demo });

  const router = Router();
  router.get('/', (_req, res) => sendPage(res, 200, home));
  router.get('/login', (req, res, next) => {
    if (carriesSignIn(req.query)) return next();
    sendPage(res, 200, renderNoTransactionPage(pageLanguage(req.query.ui_locales, req.get('accept-language'))));
  });
  router.get(PAGE_STYLESHEET_PATH, (_req, res) => {
    res.set({ 'Cache-Control': 'no-cache', 'Cross-Origin-Resource-Policy': 'same-origin' }).type('css').send(stylesheet);
  });
  return router;
}
