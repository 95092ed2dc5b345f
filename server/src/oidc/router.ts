// The standard OIDC endpoints (discovery, JWKS, authorize, token, revocation, userinfo) and their
// /v1/esignet aliases, each behind its own body parser and OAuth error handling.
import cookieParser from 'cookie-parser';
import express, { Router, type Request, type Response } from 'express';
import type { ServerContext } from '../context.js';
import { route } from '../http/route.js';
import { authorizeEndpoint } from './authorize.js';
import { ENDPOINT_PATHS, providerMetadata } from './discovery.js';
import { oauthErrorHandler, requireFormBody } from './oauth-errors.js';
import { revocationEndpoint } from './revocation.js';
import { tokenEndpoint } from './token.js';
import { userinfoEndpoint } from './userinfo.js';

export function oidcRouter(ctx: ServerContext): Router {
  const router = Router();
  const iss = ctx.config.issuer;
  const form = express.urlencoded({ extended: false, limit: ctx.config.limits.bodyBytes, parameterLimit: 100 });
  let metadata: Record<string, unknown> | undefined;
  const discovery = route(async (_req, res) => {
    metadata ??= await providerMetadata(ctx);
    res.set('Cache-Control', 'public, max-age=300').json(metadata);
  });
  const jwks = (_req: Request, res: Response) => {
    res.set('Cache-Control', 'public, max-age=60').json(ctx.keys.jwks());
  };
  const tokenPaths = [ENDPOINT_PATHS.token, '/v1/esignet/oauth/v2/token'];
  const token = route(tokenEndpoint(ctx, [iss, ...tokenPaths.map((p) => iss + p)]));
  // A client assertion for revocation may name the issuer, or this endpoint (as for the token endpoint).
  const revocation = route(revocationEndpoint(ctx, [iss, iss + ENDPOINT_PATHS.revocation]));
  const userinfo = route(userinfoEndpoint(ctx));
  const authorize = route(authorizeEndpoint(ctx));

  router.get(
    [
      '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server',
      '/v1/esignet/oidc/.well-known/openid-configuration',
      '/v1/esignet/.well-known/openid-configuration',
    ],
    discovery,
  );
  router.get([ENDPOINT_PATHS.jwks, '/v1/esignet/oauth/.well-known/jwks.json'], jwks);
  // Only /authorize reads a cookie (the SSO session); the token and userinfo paths never parse one.
  const cookies = cookieParser();
  router.get(ENDPOINT_PATHS.authorization, cookies, authorize);
  router.post(ENDPOINT_PATHS.authorization, requireFormBody, form, cookies, authorize);
  router.post(tokenPaths, requireFormBody, form, token);
  router.post(ENDPOINT_PATHS.revocation, requireFormBody, form, revocation);
  router.get([ENDPOINT_PATHS.userinfo, '/v1/esignet/oidc/userinfo'], userinfo);
  router.post([ENDPOINT_PATHS.userinfo, '/v1/esignet/oidc/userinfo'], form, userinfo);
  router.use(
    [
      ENDPOINT_PATHS.authorization,
      ...tokenPaths,
      ENDPOINT_PATHS.revocation,
      ENDPOINT_PATHS.userinfo,
      '/v1/esignet/oidc/userinfo',
    ],
    oauthErrorHandler((err) => ctx.logger.error({ err }, 'unexpected error in an OAuth endpoint')),
  );
  return router;
}
