// The server's own pages outside the sign-in flow: `/` (what this server is), `/login` without a
// sign-in request (what the sign-in page is; with one, the request goes on to the login UI), their
// stylesheet (the shared base.css, then page.css) and its Khmer font. Error pages are sent by the
// routes that meet the errors (error-page.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Router } from 'express';
import type { ServerContext } from '../context.js';
import { renderHomePage } from './home-page.js';
import { pageLanguage } from './languages.js';
import { PAGE_FONTS_PATH, PAGE_STYLESHEET_PATH, sendPage } from './layout.js';
import { carriesSignIn, renderNoTransactionPage } from './no-transaction-page.js';

/**
 * Mount before the login UI's router, which serves /login for requests that carry a sign-in.
 * @example app.use(pagesRouter(ctx)); app.use(loginUiRouter(ctx));
 */
export function pagesRouter(ctx: ServerContext): Router {
  // Signet's shared look (the login app bundles the same file), then the pages' own rules: page.css
  // beside this module in src/ and, copied by the build, in dist/.
  const packageFile = createRequire(import.meta.url);
  const stylesheet = [
    readFileSync(packageFile.resolve('@signet-kiosk/shared/styles/base.css'), 'utf8'),
    readFileSync(new URL('./static/page.css', import.meta.url), 'utf8'),
  ].join('\n');
  const home = renderHomePage({ issuer: ctx.config.issuer, demo: ctx.config.demo });
  // The Khmer subset of Noto Sans Khmer (OFL-1.1, from @fontsource), by the names page.css uses.
  const fonts = new Map(
    [400, 700].map((weight) => [
      `noto-sans-khmer-${weight}.woff2`,
      readFileSync(
        packageFile.resolve(`@fontsource/noto-sans-khmer/files/noto-sans-khmer-khmer-${weight}-normal.woff2`),
      ),
    ]),
  );

  const router = Router();
  router.get('/', (_req, res) => sendPage(res, 200, home));
  router.get('/login', (req, res, next) => {
    if (carriesSignIn(req.query)) return next();
    sendPage(res, 200, renderNoTransactionPage(pageLanguage(req.query.ui_locales, req.get('accept-language'))));
  });
  router.get(`${PAGE_FONTS_PATH}/:file`, (req, res, next) => {
    const font = fonts.get(req.params.file);
    if (!font) return next();
    res
      .set({ 'Cache-Control': 'public, max-age=86400', 'Cross-Origin-Resource-Policy': 'same-origin' })
      .type('font/woff2')
      .send(font);
  });
  router.get(PAGE_STYLESHEET_PATH, (_req, res) => {
    res
      .set({ 'Cache-Control': 'no-cache', 'Cross-Origin-Resource-Policy': 'same-origin' })
      .type('css')
      .send(stylesheet);
  });
  return router;
}
