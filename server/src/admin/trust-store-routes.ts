// Biometric trust-store admin API (changes audited): `GET /v1/signet/admin/trust-store` lists the
// trusted device-provider and FTM CAs per SBI environment (subject, fingerprint, validity, device
// binding and provider); `POST` with `{kind, env, certificate: PEM, deviceBinding?, deviceProvider?}`
// trusts a CA certificate (a device provider's for that provider's devices only);
// `DELETE …/{kind}/{env}/{fingerprint}` stops trusting one. The demo simulator's CAs are listed
// but cannot be removed (they come from its files, in demo mode only). Devices of
// `registered-devices` providers: `GET|POST …/devices`, `DELETE …/devices/{deviceProvider}/{serialNo}`.
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import {
  RegisteredDeviceUploadSchema,
  TrustedCaUploadSchema,
  TrustEnvSchema,
  TrustKindSchema,
  type RegisteredDeviceDeleteResponse,
  type RegisteredDeviceInfo,
  type RegisteredDeviceListResponse,
  type TrustedCaDeleteResponse,
  type TrustedCaInfo,
  type TrustedCaListResponse,
} from '../biometrics/trust-store-schema.js';
import { normalizeFingerprint } from '../biometrics/trusted-ca.js';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { invalidInput, sendEnvelope } from '../http/esignet-envelope.js';
import { route } from '../http/route.js';
import { adminRouter, audited, type AuditDetails } from './admin-router.js';

export const TRUST_STORE_PATH = '/v1/signet/admin/trust-store';

/**
 * The trust-store admin API, to be mounted at TRUST_STORE_PATH (clientMgmtRouter does).
 * @example router.use(TRUST_STORE_PATH, trustStoreRouter(ctx));
 */
export function trustStoreRouter(ctx: ServerContext): Router {
  return adminRouter(ctx, (router) => {
    // Before the CA routes: `DELETE /devices/{provider}/{serial}` has as many segments as `/{kind}/{env}/{fingerprint}`.
    router.get(
      '/devices',
      route((_req, res) => listDevices(ctx, res)),
    );
    router.post(
      '/devices',
      audited(ctx, 'trust-store-device-add', (req, res) => addDevice(ctx, req, res)),
    );
    router.delete(
      '/devices/:deviceProvider/:serialNo',
      audited(ctx, 'trust-store-device-remove', (req, res) => removeDevice(ctx, req, res)),
    );
    router.get(
      '/',
      route((req, res) => listCas(ctx, req, res)),
    );
    router.post(
      '/',
      audited(ctx, 'trust-store-add', (req, res) => addCa(ctx, req, res)),
    );
    router.delete(
      '/:kind/:env/:fingerprint',
      audited(ctx, 'trust-store-remove', (req, res) => removeCa(ctx, req, res)),
    );
  });
}

async function listCas(ctx: ServerContext, req: Request, res: Response): Promise<void> {
  const kind = typeof req.query.kind === 'string' ? req.query.kind : undefined;
  const env = typeof req.query.env === 'string' ? req.query.env : undefined;
  const cas: TrustedCaInfo[] = (await ctx.trustStore.list()).filter(
    (c) => (kind === undefined || c.kind === kind) && (env === undefined || c.env === env),
  );
  sendEnvelope(res, { cas } satisfies TrustedCaListResponse);
}

/** The request body read with its schema; invalid_input listing the bad fields otherwise. */
function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error);
}

async function addCa(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const { kind, env, certificate, deviceBinding, deviceProvider } = parseBody(TrustedCaUploadSchema, req);
  const added = await ctx.trustStore.add(certificate, kind, env, { deviceBinding, deviceProvider });
  sendEnvelope(res, added satisfies TrustedCaInfo);
  return {
    kind,
    env,
    fingerprint: added.fingerprint,
    subject: added.subject,
    deviceBinding: added.deviceBinding,
    deviceProvider: added.deviceProvider,
  };
}

async function removeCa(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const kind = TrustKindSchema.safeParse(req.params.kind);
  const env = TrustEnvSchema.safeParse(req.params.env);
  const fingerprint = normalizeFingerprint(String(req.params.fingerprint));
  if (!kind.success || !env.success || !fingerprint) throw notTrusted();
  if (!(await ctx.trustStore.remove(kind.data, env.data, fingerprint))) throw notTrusted();
  sendEnvelope(res, { kind: kind.data, env: env.data, fingerprint, deleted: true } satisfies TrustedCaDeleteResponse);
  return { kind: kind.data, env: env.data, fingerprint };
}

function notTrusted(): EsignetError {
  return new EsignetError('not_found', 'No uploaded CA certificate with that kind, env and fingerprint.');
}

async function listDevices(ctx: ServerContext, res: Response): Promise<void> {
  sendEnvelope(res, { devices: await ctx.trustStore.listDevices() } satisfies RegisteredDeviceListResponse);
}

async function addDevice(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const added = await ctx.trustStore.registerDevice(parseBody(RegisteredDeviceUploadSchema, req));
  sendEnvelope(res, added satisfies RegisteredDeviceInfo);
  return {
    deviceProvider: added.deviceProvider,
    serialNo: added.serialNo,
    type: added.type,
    certificateSha256: added.certificateSha256,
    spkiSha256: added.spkiSha256,
  };
}

async function removeDevice(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const deviceProvider = String(req.params.deviceProvider);
  const serialNo = String(req.params.serialNo);
  if (!(await ctx.trustStore.unregisterDevice(deviceProvider, serialNo)))
    throw new EsignetError('not_found', 'No registered device with that provider and serial number.');
  sendEnvelope(res, { deviceProvider, serialNo, deleted: true } satisfies RegisteredDeviceDeleteResponse);
  return { deviceProvider, serialNo };
}
