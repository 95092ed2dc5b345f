// Discovery: find listening ports in the SBI range with bare TCP connects in parallel (a refused
// connection is instant; fetch is only spent on open ports), then ask each endpoint for its devices
// and device info in the first dialect it answers, and describe the devices with a trust verdict.
import { connect } from 'node:net';
import { z } from 'zod';
import {
  DeviceInfoResponseSchema,
  type DeviceInfoItem,
  DiscoveryResponseSchema,
  type DiscoveryEntry,
  type DiscoveryRequest,
  type SbiDialect,
} from '@signet-kiosk/shared/sbi';
import type { SbiDevice } from './device.js';
import { SbiBridgeError } from './errors.js';
import type { SbiEndpoint } from './transports/endpoint.js';
import type { TrustPolicy } from './trust/anchors.js';
import { describeDevices } from './trust/device-trust.js';

export const DEFAULT_DIALECTS: readonly SbiDialect[] = ['mds', 'sbi', 'p3167'];

/**
 * The ports in [min, max] where something accepts a TCP connection within `timeoutMs`.
 * @example await openPorts('127.0.0.1', 4501, 4600, 100) // [4501, 4502]
 */
export function openPorts(
  host: string,
  min: number,
  max: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<number[]> {
  const pending = new Set<() => void>();
  // One abort listener for the whole scan (a listener per port would trip Node's leak warning).
  const onAbort = () => {
    for (const close of [...pending]) close();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const probe = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const socket = connect({ host, port });
      const done = (open: boolean) => {
        clearTimeout(timer);
        pending.delete(close);
        socket.destroy();
        resolve(open ? port : undefined);
      };
      const close = () => done(false);
      pending.add(close);
      // After a stall longer than the timeout (a busy machine), the loop runs expired timers before
      // it polls sockets: a connection that was made meanwhile would count as closed. Deciding one
      // turn later lets that poll deliver it first.
      const timer = setTimeout(() => setImmediate(close), timeoutMs);
      socket.once('connect', () => done(true));
      socket.once('error', close);
    });
  const ports = Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => min + i);
  if (signal?.aborted) return Promise.resolve([]);
  return Promise.all(ports.map(probe)).then((r) => {
    signal?.removeEventListener('abort', onAbort);
    return r.filter((p): p is number => p !== undefined);
  });
}

export interface EndpointDiscoveryOptions {
  dialects: readonly SbiDialect[];
  type: DiscoveryRequest['type'];
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  policy: TrustPolicy;
}

/** Discovery in one dialect; throws a typed error when the answer is not a device list. */
async function discoverIn(
  endpoint: SbiEndpoint,
  dialect: SbiDialect,
  opts: EndpointDiscoveryOptions,
): Promise<DiscoveryEntry[]> {
  const json = await endpoint.call(
    'discover',
    { type: opts.type },
    { dialect, timeoutMs: opts.timeoutMs, signal: opts.signal },
  );
  const parsed = DiscoveryResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new SbiBridgeError(
      'ERR_BRIDGE_MALFORMED_RESPONSE',
      `Discovery (${dialect}):\n${z.prettifyError(new z.ZodError(parsed.error.issues.slice(0, 3)))}`,
      { endpoint: endpoint.id },
    );
  }
  return parsed.data;
}

async function infoIn(
  endpoint: SbiEndpoint,
  dialect: SbiDialect,
  opts: EndpointDiscoveryOptions,
): Promise<DeviceInfoItem[]> {
  const json = await endpoint.call('info', undefined, { dialect, timeoutMs: opts.timeoutMs, signal: opts.signal });
  const parsed = DeviceInfoResponseSchema.safeParse(json);
  if (!parsed.success)
    throw new SbiBridgeError(
      'ERR_BRIDGE_MALFORMED_RESPONSE',
      `Device info (${dialect}) is not a list of deviceInfo items.`,
      { endpoint: endpoint.id },
    );
  return parsed.data;
}

/** Errors worth trying the next dialect for: the device did not understand this one. */
const tryNextDialect = (e: unknown): boolean =>
  e instanceof SbiBridgeError && (e.code === 'ERR_BRIDGE_MALFORMED_RESPONSE' || e.code === 'ERR_BRIDGE_HTTP_STATUS');

/**
 * The devices of one endpoint, in the first dialect (of `opts.dialects`) it answers; device info is
 * asked for in parallel with discovery in that dialect. Throws the typed error of the last dialect tried.
 * @example const devices = await discoverEndpoint(new HttpSbiEndpoint(4501), { dialects: ['mds'], type: 'Biometric Device', timeoutMs: 1000, policy });
 */
export async function discoverEndpoint(endpoint: SbiEndpoint, opts: EndpointDiscoveryOptions): Promise<SbiDevice[]> {
  const dialects = endpoint.dialects ?? opts.dialects;
  let last: unknown = new SbiBridgeError('ERR_BRIDGE_NO_DEVICE', undefined, { endpoint: endpoint.id });
  for (const dialect of dialects) {
    const [disc, info] = await Promise.allSettled([
      discoverIn(endpoint, dialect, opts),
      infoIn(endpoint, dialect, opts),
    ]);
    if (disc.status === 'rejected') {
      last = disc.reason;
      if (tryNextDialect(disc.reason)) continue;
      throw disc.reason;
    }
    const entries = disc.value;
    const infos = info.status === 'fulfilled' ? info.value.filter((i) => i.deviceInfo !== '') : undefined;
    return describeDevices({ endpoint, dialect, entries, infos, policy: opts.policy });
  }
  throw last;
}
