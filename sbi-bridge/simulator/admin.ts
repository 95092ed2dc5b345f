// The simulator's admin API on its own port, under /admin/: who is presenting, quality, per-verb
// delays, device status and faults. Only for local tools and tests over plain HTTP, which send no
// Origin: a request carrying one comes from a web page — any page, on loopback too (another local
// app, a dev server) — and is refused, as is a non-loopback Host (DNS rebinding). No CORS headers.
import { z } from 'zod';
import { DeviceStatusSchema } from '@signet-kiosk/shared/sbi';
import { DelaysSchema, QualitySchema } from './config.js';
import type { DeviceService } from './device-service.js';
import { FAULTS, FaultSpecSchema } from './faults.js';
import type { Http11Request, Http11Response } from './http11.js';
import { isLoopbackOrigin } from './origins.js';

/** The admin API's error catalogue: stable codes in `{error: {code, message}}`. */
export const ADMIN_ERRORS = {
  ERR_SIM_ADMIN_FORBIDDEN: 'The admin API answers local tools only (no Origin header), not web pages.',
  ERR_SIM_ADMIN_NOT_FOUND: 'No such admin endpoint.',
  ERR_SIM_ADMIN_METHOD: 'This admin endpoint does not take that method.',
  ERR_SIM_ADMIN_BAD_REQUEST: 'The request body is not what this endpoint takes.',
  ERR_SIM_ADMIN_UNKNOWN_DEVICE: 'There is no device with that deviceId or serialNo.',
} as const;
export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

export const ProfileRequestSchema = z.strictObject({ individualId: z.string().min(1).nullable() });
export const QualityRequestSchema = QualitySchema.partial();
export const DelaysRequestSchema = DelaysSchema.partial();
export const StatusRequestSchema = z.strictObject({ deviceId: z.string().min(1), status: DeviceStatusSchema });

const json = (status: number, body: unknown): Http11Response => ({
  status,
  headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  body: JSON.stringify(body),
});
const fail = (status: number, code: AdminErrorCode, detail?: string): Http11Response =>
  json(status, { error: { code, message: detail ? `${ADMIN_ERRORS[code]} ${detail}` : ADMIN_ERRORS[code] } });

/** What GET /admin/state answers. */
export function adminState(svc: DeviceService): object {
  return {
    port: svc.port,
    env: svc.config.env,
    presented: svc.presented,
    quality: svc.quality,
    delays: svc.delays,
    devices: svc.devices.map((d) => ({
      deviceId: d.spec.deviceId,
      serialNo: d.spec.serialNo,
      type: d.spec.type,
      deviceSubType: d.spec.deviceSubType,
      purpose: d.spec.purpose,
      certification: d.spec.certification,
      status: d.status,
      capturing: d.busy,
    })),
    faults: svc.faults.list(),
    knownFaults: FAULTS,
    activeStreams: svc.activeStreams,
    encryptionCertificateThumbprint: svc.encryptionCertificate.fingerprint256.replaceAll(':', ''),
  };
}

function parseBody<S extends z.ZodType>(
  req: Http11Request,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; res: Http11Response } {
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    return { ok: false, res: fail(400, 'ERR_SIM_ADMIN_BAD_REQUEST', 'It is not JSON.') };
  }
  const r = schema.safeParse(body);
  if (!r.success) return { ok: false, res: fail(400, 'ERR_SIM_ADMIN_BAD_REQUEST', z.prettifyError(r.error)) };
  return { ok: true, value: r.data };
}

type Handler = (svc: DeviceService, req: Http11Request) => Http11Response;

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  '/admin/state': { GET: (svc) => json(200, adminState(svc)) },
  '/admin/profile': {
    POST: (svc, req) => {
      const b = parseBody(req, ProfileRequestSchema);
      if (!b.ok) return b.res;
      svc.presented = b.value.individualId;
      return json(200, { presented: svc.presented });
    },
  },
  '/admin/quality': {
    POST: (svc, req) => {
      const b = parseBody(req, QualityRequestSchema);
      if (!b.ok) return b.res;
      svc.quality = { ...svc.quality, ...b.value };
      return json(200, { quality: svc.quality });
    },
  },
  '/admin/delays': {
    POST: (svc, req) => {
      const b = parseBody(req, DelaysRequestSchema);
      if (!b.ok) return b.res;
      svc.delays = { ...svc.delays, ...b.value };
      return json(200, { delays: svc.delays });
    },
  },
  '/admin/status': {
    POST: (svc, req) => {
      const b = parseBody(req, StatusRequestSchema);
      if (!b.ok) return b.res;
      const d = svc.devices.find((x) => x.spec.deviceId === b.value.deviceId || x.spec.serialNo === b.value.deviceId);
      if (!d) return fail(404, 'ERR_SIM_ADMIN_UNKNOWN_DEVICE', b.value.deviceId);
      d.status = b.value.status;
      return json(200, { deviceId: d.spec.deviceId, status: d.status });
    },
  },
  '/admin/faults': {
    GET: (svc) => json(200, { faults: svc.faults.list() }),
    POST: (svc, req) => {
      const b = parseBody(req, FaultSpecSchema);
      if (!b.ok) return b.res;
      if (
        b.value.deviceId !== undefined &&
        !svc.devices.some((x) => x.spec.deviceId === b.value.deviceId || x.spec.serialNo === b.value.deviceId)
      ) {
        return fail(404, 'ERR_SIM_ADMIN_UNKNOWN_DEVICE', b.value.deviceId);
      }
      svc.faults.add(b.value);
      return json(200, { faults: svc.faults.list() });
    },
    DELETE: (svc) => {
      svc.faults.clear();
      return json(200, { faults: [] });
    },
  },
  '/admin/reset': {
    POST: (svc) => {
      svc.presented = svc.config.presented;
      svc.quality = { ...svc.config.quality };
      svc.delays = { ...svc.config.delays };
      svc.faults.clear();
      for (const d of svc.devices) d.status = svc.config.deviceStatus[d.spec.deviceId] ?? 'Ready';
      return json(200, adminState(svc));
    },
  },
};

/**
 * Answers one request under /admin/ (path already known to start so).
 * @example if (path.startsWith('/admin/')) return handleAdmin(svc, req, path);
 */
export function handleAdmin(svc: DeviceService, req: Http11Request, path: string): Http11Response {
  const host = req.headers.host;
  if (req.headers.origin !== undefined) return fail(403, 'ERR_SIM_ADMIN_FORBIDDEN');
  if (host !== undefined && !isLoopbackOrigin(`http://${host}`))
    return fail(403, 'ERR_SIM_ADMIN_FORBIDDEN', 'Use 127.0.0.1 as the host.');
  const method = req.method.toUpperCase();
  const route = ROUTES[path];
  if (method === 'OPTIONS') return { status: 204 };
  if (!route) return fail(404, 'ERR_SIM_ADMIN_NOT_FOUND', path);
  const handler = route[method];
  if (!handler) return fail(405, 'ERR_SIM_ADMIN_METHOD', `Use ${Object.keys(route).join(' or ')}.`);
  return handler(svc, req);
}
