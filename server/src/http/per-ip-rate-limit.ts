// A fixed-window rate limit per client address for a public route, keyed as the attempt limits key
// a source (an IPv6 client by its /56); its refusal goes to the router's error handler as a
// catalogue error, so each API answers it in its own dialect.
import type { Request, RequestHandler } from 'express';
import { rateLimit, type AugmentedRequest } from 'express-rate-limit';
import type { ServerContext } from '../context.js';
import type { EsignetError } from '../errors.js';
import { IPV6_SOURCE_PREFIX } from '../esignet/request-source.js';

/**
 * `limit` requests a minute per address; past it, `refusal(when the window ends)` is thrown.
 * @example router.get(path, perIpRateLimit(ctx, ctx.config.limits.requestsPerMinutePerIp, () => new EsignetError('too_many_requests')), handler);
 */
export function perIpRateLimit(
  ctx: Pick<ServerContext, 'logger'>,
  limit: number | ((req: Request) => number),
  refusal: (resetTime: Date | undefined) => EsignetError,
): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    ipv6Subnet: IPV6_SOURCE_PREFIX,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, _res, next) => next(refusal((req as AugmentedRequest).rateLimit?.resetTime)),
    logger: {
      error: (err, message) => ctx.logger.error({ err }, message ?? 'rate limiter error'),
      warn: (err, message) => ctx.logger.warn({ err }, message ?? 'rate limiter warning'),
    },
  });
}
