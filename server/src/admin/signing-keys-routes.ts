// Signing-key admin API (rotations audited): `GET /v1/signet/admin/keys` lists kid/alg/status (never private
// material); `POST /v1/signet/admin/keys/rotate` with optional `{alg}` rotates through the
// KeyManager, which keeps the retired key in the JWKS until its tokens have expired.
import type { Request, Response, Router } from 'express';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { invalidInput, sendEnvelope } from '../http/esignet-envelope.js';
import { route } from '../http/route.js';
import { adminRouter, audited, type AuditDetails } from './admin-router.js';
import { KeysRotateRequestSchema, type KeysListResponse, type KeysRotateResponse } from './signing-keys-schema.js';

export const SIGNING_KEYS_PATH = '/v1/signet/admin/keys';

/**
 * The signing-key admin API, to be mounted at SIGNING_KEYS_PATH (clientMgmtRouter does).
 * @example router.use(SIGNING_KEYS_PATH, signingKeysRouter(ctx));
 */
export function signingKeysRouter(ctx: ServerContext): Router {
  return adminRouter(
    ctx,
    (router) => {
      router.get(
        '/',
        route((req, res) => listKeys(ctx, req, res)),
      );
      router.post(
        '/rotate',
        audited(ctx, 'keys-rotate', (req, res) => rotateKeys(ctx, req, res)),
      );
    },
    { optionalBody: true },
  );
}

async function listKeys(ctx: ServerContext, _req: Request, res: Response): Promise<void> {
  const stored = await ctx.registry.keys.list();
  const keys: KeysListResponse['keys'] = stored
    .map(({ kid, alg, status, createdAt, retiredAt, publishUntil }) => ({
      kid,
      alg,
      status,
      createdAt,
      retiredAt,
      publishUntil,
    }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.kid.localeCompare(b.kid));
  sendEnvelope(res, { keys } satisfies KeysListResponse);
}

async function rotateKeys(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const parsed = KeysRotateRequestSchema.safeParse(req.body ?? {});
  if (!parsed.success) throw invalidInput(parsed.error);
  const { alg } = parsed.data;
  const enabled = ctx.config.signing.algs;
  // KeyManager would generate a key for any alg, but only configured algs ever sign.
  if (alg && !enabled.includes(alg))
    throw new EsignetError(
      'invalid_input',
      `Invalid request: alg: ${alg} is not enabled on this server (enabled: ${enabled.join(', ')})`,
    );
  const kids = await ctx.keys.rotate(alg);
  sendEnvelope(res, { kids } satisfies KeysRotateResponse);
  return { alg: alg ?? 'all', kids };
}
