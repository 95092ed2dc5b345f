// The Express app: security headers, then each part's router (each parses the cookies it reads),
// then one error handler for what no router answered (never Express's page with the stack).
import express, { type Express } from 'express';
import { clientMgmtRouter } from './admin/client-mgmt-routes.js';
import { sbiTrustAnchorsRouter } from './biometrics/trust-anchors-route.js';
import type { ServerContext } from './context.js';
import { transactionApiRouter } from './esignet/router.js';
import { lastResortErrorHandler } from './http/last-resort-errors.js';
import { KIOSKS_ADMIN_PATH, kioskAdminRouter } from './kiosks/kiosk-admin-routes.js';
import { loginUiRouter } from './login-ui/router.js';
import { oidcRouter } from './oidc/router.js';
import { pagesRouter } from './pages/router.js';

export function createApp(ctx: ServerContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', ctx.config.trustProxyHops);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(oidcRouter(ctx));
  app.use(transactionApiRouter(ctx));
  app.use(pagesRouter(ctx));
  app.use(loginUiRouter(ctx));
  app.use(clientMgmtRouter(ctx));
  app.use(sbiTrustAnchorsRouter(ctx));
  app.use(KIOSKS_ADMIN_PATH, kioskAdminRouter(ctx));
  const plugin = ctx.authenticator.routes?.();
  if (plugin) app.use(plugin);
  app.use(lastResortErrorHandler((err) => ctx.logger.error({ err }, 'unhandled error')));
  return app;
}
