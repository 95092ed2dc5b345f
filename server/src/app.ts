// The Express app: security headers, cookies, then each part's router.
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { clientMgmtRouter } from './admin/client-mgmt-routes.js';
import type { ServerContext } from './context.js';
import { transactionApiRouter } from './esignet/router.js';
import { loginUiRouter } from './login-ui/router.js';
import { oidcRouter } from './oidc/router.js';

export function createApp(ctx: ServerContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', ctx.config.trustProxyHops);
  app.use((_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    next();
  });
  app.use(cookieParser());
  app.use(oidcRouter(ctx));
  app.use(transactionApiRouter(ctx));
  app.use(loginUiRouter(ctx));
  app.use(clientMgmtRouter(ctx));
  const plugin = ctx.authenticator.routes?.();
  if (plugin) app.use(plugin);
  return app;
}
