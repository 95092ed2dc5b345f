// The reference SBI device service on the network: binds 127.0.0.1 on the first free port of its
// range, answers CORS preflights for the web origins it allows (others get 403, see origins.ts),
// routes every dialect's verbs and paths, and never crashes on input.
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  sbiError,
  type DeviceStatus,
  resolveSbiRequest,
  P3167_ALLOW_METHODS,
  SBI_ALLOW_METHODS,
  SBI_HOST,
} from '@signet-kiosk/shared/sbi';
import { handleAdmin } from './admin.js';
import { capture, captureError } from './capture.js';
import { SimulatorConfigSchema, type SimulatorConfig, type SimulatorConfigInput } from './config.js';
import { deviceInfo, discover, listError, type DeviceService } from './device-service.js';
import { DEFAULT_DEVICES, type SimDeviceSpec } from './devices.js';
import { loadEncryptionCertificate } from './encryption-cert.js';
import { FaultQueue } from './faults.js';
import { serveHttp11Connection, type Http11Request, type Http11Response } from './http11.js';
import { originGate } from './origins.js';
import { startStream } from './stream.js';
import { loadSimulatorPki, type SimulatorPki } from './pki-store.js';
import type { X509Certificate } from 'node:crypto';

/** Per request, who presents (an individualId; empty = nobody), for tests that run in parallel; native tools only (no Origin). */
export const INDIVIDUAL_ID_HEADER = 'x-sim-individual-id';

export interface SimulatorOptions {
  devices?: readonly SimDeviceSpec[];
  /**
   * Whether a web page of this origin may use the devices (every dialect; for P3167 it is the
   * consent gate); default loopback origins and `config.allowedOrigins`.
   */
  allowOrigin?: (origin: string) => boolean;
  /** Called with errors that are the simulator's own fault (never with bad client input). */
  onError?: (err: unknown) => void;
}

export interface RunningSimulator {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  config: SimulatorConfig;
  pki: SimulatorPki;
  /** The certificate captures are encrypted for (from config, else the data folder's test one). */
  encryptionCertificate: X509Certificate;
  /** Puts a resident's biometrics (by seed) on every sensor; null takes them off (error 101). */
  present(seed: string | null): void;
  setStatus(deviceId: string, status: DeviceStatus): void;
  close(): Promise<void>;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

/** CORS for an allowed page (its exact origin); none for native tools, which send no Origin. */
function corsHeaders(origin: string | undefined): Record<string, string> {
  return origin === undefined
    ? {}
    : { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Private-Network': 'true', Vary: 'Origin' };
}

/** Only for allowed origins (route() refuses the others before). */
function preflight(req: Http11Request): Http11Response {
  const origin = req.headers.origin;
  const p3167 = req.headers['access-control-request-method']?.toUpperCase() === 'POST';
  if (p3167) {
    // P3167: the preflight is the user-consent gate; echo the exact origin or refuse.
    if (origin === undefined) return { status: 403 };
    return {
      status: 204,
      headers: {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': P3167_ALLOW_METHODS,
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Allow-Private-Network': 'true',
        Vary: 'Origin',
      },
    };
  }
  return {
    status: 200,
    headers: {
      ...corsHeaders(origin),
      'Access-Control-Allow-Methods': SBI_ALLOW_METHODS,
      'Access-Control-Allow-Headers': 'Content-Type',
    },
  };
}

/** The path of an origin-form or absolute-form request target. */
function pathOf(target: string): string {
  try {
    return new URL(target, 'http://127.0.0.1').pathname;
  } catch {
    return target;
  }
}

async function route(
  svc: DeviceService,
  req: Http11Request,
  socket: Socket,
  allowOrigin: (origin: string) => boolean,
): Promise<Http11Response | 'taken'> {
  const path = pathOf(req.target);
  // Before the origin gate: the admin API refuses every Origin, allowed pages' too (admin.ts).
  if (path === '/admin' || path.startsWith('/admin/')) return handleAdmin(svc, req, path);
  const origin = req.headers.origin;
  // A page of another site must not capture, not even learn which devices are here: no CORS, no answer.
  if (origin !== undefined && !allowOrigin(origin)) return { status: 403, headers: { Vary: 'Origin' } };
  if (req.method.toUpperCase() === 'OPTIONS') return preflight(req);
  const reply = (body: unknown): Http11Response => ({
    status: 200,
    headers: { ...JSON_TYPE, ...corsHeaders(origin) },
    body: JSON.stringify(body),
  });
  const target = resolveSbiRequest(req.method, pathOf(req.target));
  if (!target) return reply({ error: sbiError('501', `${req.method} ${pathOf(req.target)} is not an SBI request`) });

  let body: unknown;
  const text = req.body.toString('utf8').trim();
  let malformed = false;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    malformed = true;
  }
  const op = target.operation;
  // Captures wait inside capture(), where the delay meets the request's timeout.
  const delay = op === 'discover' || op === 'info' || op === 'stream' ? svc.delays[op] : 0;
  if (delay > 0) await sleep(delay);
  if (malformed) {
    const info = 'Malformed request: the body is not JSON';
    return reply(
      op === 'capture' || op === 'rcapture'
        ? captureError(op, '500', info)
        : op === 'discover' || op === 'info'
          ? listError('500', info)
          : { error: sbiError('500', info) },
    );
  }
  switch (op) {
    case 'discover':
      return reply(discover(svc, body, target.dialect));
    case 'info':
      return reply(await deviceInfo(svc, target.dialect));
    case 'capture':
    case 'rcapture':
      return reply(
        await capture(svc, op, body, {
          origin,
          requestOrigin: target.dialect === 'p3167' ? origin : undefined,
          presented: presentedHeader(req),
        }),
      );
    case 'stream':
      return startStream(svc, body, socket, corsHeaders(origin));
    default:
      return reply({ error: sbiError('501', `${op} is not supported by this simulator`) });
  }
}

function presentedHeader(req: Http11Request): string | null | undefined {
  const h = req.headers[INDIVIDUAL_ID_HEADER];
  return h === undefined ? undefined : h === '' ? null : h;
}

function listenOn(server: Server, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.removeListener('listening', onListening);
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    };
    const onListening = () => {
      server.removeListener('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, SBI_HOST);
  });
}

/**
 * Starts the simulator: loads (or makes) its PKI, binds the first free port in range.
 * @example const sim = await startSimulator({ dataDir: tmp, portMin: 4501, portMax: 4600 }); … await sim.close();
 */
export async function startSimulator(
  input: SimulatorConfigInput,
  opts: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const config = SimulatorConfigSchema.parse(input);
  const specs = opts.devices ?? DEFAULT_DEVICES;
  const pki = await loadSimulatorPki(
    config.dataDir,
    specs.map((d) => d.serialNo),
  );
  const encryptionCertificate = config.encryptionCertificate
    ? await loadEncryptionCertificate(config.encryptionCertificate)
    : pki.encryption.certificate;
  const faults = new FaultQueue();
  for (const f of config.faults) faults.add(f);
  const svc: DeviceService = {
    config,
    pki,
    encryptionCertificate,
    port: 0,
    presented: config.presented,
    quality: { ...config.quality },
    delays: { ...config.delays },
    faults,
    activeStreams: 0,
    faultSigners: new Map(),
    devices: specs.map((spec) => ({ spec, status: config.deviceStatus[spec.deviceId] ?? 'Ready', busy: false })),
  };
  const onError = opts.onError ?? ((err: unknown) => console.error('sbi-simulator:', err));
  const allowOrigin = opts.allowOrigin ?? originGate(config.allowedOrigins);
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveHttp11Connection(socket, (req) => route(svc, req, socket, allowOrigin), undefined, onError);
  });
  for (let port = config.portMin; port <= config.portMax; port++) {
    if (await listenOn(server, port)) {
      svc.port = port;
      break;
    }
  }
  if (svc.port === 0) throw new Error(`no free port in ${config.portMin}-${config.portMax}`);
  // Only now: while binding, "address in use" is expected and handled above.
  server.on('error', onError);

  return {
    port: svc.port,
    url: `http://${SBI_HOST}:${svc.port}`,
    config,
    pki,
    encryptionCertificate,
    present: (seed) => void (svc.presented = seed),
    setStatus: (deviceId, status) => {
      const d = svc.devices.find((x) => x.spec.deviceId === deviceId);
      if (!d) throw new RangeError(`no device ${deviceId}`);
      d.status = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
