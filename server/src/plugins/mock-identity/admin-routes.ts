// The admin API shaped like eSignet's mock identity system (POST|PUT …/identity, GET|DELETE
// …/identity/:individualId), admin-token guarded; its body parsing and error envelope stay on its paths.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { esignetTime } from '@signet-kiosk/shared/esignet';
import {
  envelopeErrorHandler,
  handle,
  parseEnvelope,
  requireAdminToken,
  requireJson,
  sendEnvelope,
} from '@signet-kiosk/server/plugin';
import { MockIdentityError } from './errors.js';
import type { BioTemplates } from './bio-templates.js';
import { IdentityDataSchema, IdentityUpdateSchema, IndividualIdSchema } from './identity-data.js';
import type { ResidentStore } from './resident-store.js';

export const ADMIN_BASE_PATH = '/v1/mock-identity-system';

/** Room for an encoded photo. */
const BODY_LIMIT = '512kb';

/** Answers the plugin's own errors in the eSignet envelope; everything else goes to the shared handler. */
export function mockIdentityErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!(err instanceof MockIdentityError) || res.headersSent) return next(err);
  res.status(err.status).json({
    responseTime: esignetTime(),
    response: null,
    errors: [{ errorCode: err.errorCode, errorMessage: err.message }],
  });
}

function individualIdParam(req: Request): string {
  const id = IndividualIdSchema.safeParse(req.params.individualId);
  if (!id.success) throw new MockIdentityError('identity_not_found');
  return id.data;
}

export function adminRouter(
  residents: ResidentStore,
  templates: BioTemplates,
  adminToken: string | undefined,
  logger: Logger,
): Router {
  const api = Router();
  api.use(requireAdminToken(adminToken), express.json({ limit: BODY_LIMIT }), requireJson);

  api.post(
    '/identity',
    handle(async (req, res) => {
      const data = parseEnvelope(IdentityDataSchema, req.body);
      await residents.create(data);
      // Biometric templates from the individualId as seed, like the demo residents', so that the simulator can present them.
      templates.enrol(data.individualId);
      logger.info({ individualId: data.individualId }, 'mock identity created');
      sendEnvelope(res, { status: 'mock identity data created successfully' });
    }),
  );

  api.put(
    '/identity',
    handle(async (req, res) => {
      const change = parseEnvelope(IdentityUpdateSchema, req.body);
      await residents.update(change);
      logger.info({ individualId: change.individualId }, 'mock identity updated');
      sendEnvelope(res, { status: 'mock identity data updated successfully' });
    }),
  );

  api.get(
    '/identity/:individualId',
    handle(async (req, res) => {
      const record = residents.get(individualIdParam(req));
      if (!record) throw new MockIdentityError('identity_not_found');
      res.set('Cache-Control', 'no-store');
      sendEnvelope(res, record.resident);
    }),
  );

  api.delete(
    '/identity/:individualId',
    handle(async (req, res) => {
      const individualId = individualIdParam(req);
      if (!residents.delete(individualId)) throw new MockIdentityError('identity_not_found');
      logger.info({ individualId }, 'mock identity deleted');
      sendEnvelope(res, { status: 'mock identity data deleted successfully' });
    }),
  );

  api.use(() => {
    throw new MockIdentityError('not_found');
  });
  api.use(mockIdentityErrors);
  api.use(envelopeErrorHandler((err) => logger.error({ err }, 'mock identity admin API failed')));

  const router = Router();
  router.use(ADMIN_BASE_PATH, api);
  return router;
}
