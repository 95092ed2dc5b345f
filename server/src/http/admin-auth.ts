// Guards the admin APIs with `Authorization: Bearer <SIGNET_ADMIN_TOKEN>`, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { EsignetError } from '../errors.js';

export function requireAdminToken(adminToken: string | undefined): RequestHandler {
  const expected = adminToken ? createHash('sha256').update(adminToken).digest() : undefined;
  return (req, _res, next) => {
    if (!expected) return next(new EsignetError('forbidden'));
    const header = req.get('authorization') ?? '';
    const m = /^Bearer ([\x21-\x7e]+)$/.exec(header);
    // Hash both sides so the comparison is constant-time whatever the length.
    const given = createHash('sha256')
      .update(m?.[1] ?? '')
      .digest();
    if (!m || !timingSafeEqual(given, expected)) return next(new EsignetError('unauthorized'));
    next();
  };
}
