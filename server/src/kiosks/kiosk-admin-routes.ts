// Kiosk admin API (changes audited), behind the admin token: `POST /v1/signet/admin/kiosks` with a
// kiosk's registration request registers it and its OIDC client; `GET` lists, `GET …/{kioskId}`
// reads one; `POST …/{kioskId}/disable|enable`; `PUT …/{kioskId}/operators {operators}` sets who
// may operate it. Disabling a kiosk ends its live operator sessions, removing an operator theirs.
// The audit names operators by pseudonym (operator-pseudonym.ts), never by individual ID.
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import {
  KioskOperatorsUpdateSchema,
  KioskRegistrationRequestSchema,
  type Kiosk,
  type KioskListResponse,
} from '@signet-kiosk/shared/kiosk';
import { adminRouter, audited, type AuditDetails } from '../admin/admin-router.js';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { invalidInput, sendEnvelope } from '../http/esignet-envelope.js';
import { route } from '../http/route.js';
import { registerKiosk } from './kiosk-registration.js';
import { operatorPseudonym } from './operator-pseudonym.js';
import { endKioskOperatorSessions } from './operator-session.js';

export const KIOSKS_ADMIN_PATH = '/v1/signet/admin/kiosks';

/**
 * The kiosk admin API, to be mounted at KIOSKS_ADMIN_PATH.
 * @example app.use(KIOSKS_ADMIN_PATH, kioskAdminRouter(ctx));
 */
export function kioskAdminRouter(ctx: ServerContext): Router {
  // disable and enable are POSTs without a body.
  return adminRouter(
    ctx,
    (router) => {
      router.get(
        '/',
        route((_req, res) => listKiosks(ctx, res)),
      );
      router.post(
        '/',
        audited(ctx, 'kiosk-register', (req, res) => register(ctx, req, res)),
      );
      router.get(
        '/:kioskId',
        route((req, res) => getKiosk(ctx, req, res)),
      );
      router.post(
        '/:kioskId/disable',
        audited(ctx, 'kiosk-disable', (req, res) => setEnabled(ctx, req, res, false)),
      );
      router.post(
        '/:kioskId/enable',
        audited(ctx, 'kiosk-enable', (req, res) => setEnabled(ctx, req, res, true)),
      );
      router.put(
        '/:kioskId/operators',
        audited(ctx, 'kiosk-operators', (req, res) => setOperators(ctx, req, res)),
      );
    },
    { optionalBody: true },
  );
}

/** The request body read with its schema; invalid_input listing the bad fields otherwise. */
function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error);
}

async function register(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const kiosk = await registerKiosk(ctx, parseBody(KioskRegistrationRequestSchema, req));
  sendEnvelope(res, kiosk satisfies Kiosk);
  return { kioskId: kiosk.kioskId, clientId: kiosk.clientId, name: kiosk.name };
}

async function listKiosks(ctx: ServerContext, res: Response): Promise<void> {
  sendEnvelope(res, { kiosks: await ctx.registry.kiosks.list() } satisfies KioskListResponse);
}

async function getKiosk(ctx: ServerContext, req: Request, res: Response): Promise<void> {
  sendEnvelope(res, await findKiosk(ctx, String(req.params.kioskId)));
}

async function setEnabled(ctx: ServerContext, req: Request, res: Response, enabled: boolean): Promise<AuditDetails> {
  const kioskId = String(req.params.kioskId);
  if (!(await ctx.registry.kiosks.setEnabled(kioskId, enabled))) throw unknownKiosk();
  const sessionsEnded = enabled ? 0 : await endKioskOperatorSessions(ctx, kioskId);
  sendEnvelope(res, await findKiosk(ctx, kioskId));
  return { kioskId, sessionsEnded };
}

async function setOperators(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const kioskId = String(req.params.kioskId);
  const operators = [...new Set(parseBody(KioskOperatorsUpdateSchema, req).operators)];
  if (!(await ctx.registry.kiosks.setOperators(kioskId, operators))) throw unknownKiosk();
  const sessionsEnded = await endKioskOperatorSessions(ctx, kioskId, (operator) => !operators.includes(operator));
  sendEnvelope(res, await findKiosk(ctx, kioskId));
  return { kioskId, operators: operators.map((id) => operatorPseudonym(ctx, id)), sessionsEnded };
}

async function findKiosk(ctx: ServerContext, kioskId: string): Promise<Kiosk> {
  const kiosk = await ctx.registry.kiosks.get(kioskId);
  if (!kiosk) throw unknownKiosk();
  return kiosk;
}

function unknownKiosk(): EsignetError {
  return new EsignetError('not_found', 'No kiosk with this kioskId.');
}
