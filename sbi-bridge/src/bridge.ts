// The SBI client the kiosk uses: discover devices (HTTP port range plus other endpoint sources),
// read their info, capture, registration-capture and stream, verifying every device signature and
// chain before anything is handed on. Built once with the trust policy; every call cancellable.
import { setMaxListeners } from 'node:events';
import { z, ZodError } from 'zod';
import {
  encodeBioChallenge,
  buildCaptureRequest,
  CaptureResponseSchema,
  type CaptureBiometric,
  type CaptureRequestStrict,
  type DiscoveryRequest,
  type Env,
  buildRegistrationCaptureRequest,
  RegistrationCaptureResponseSchema,
  type RegistrationCaptureRequestStrict,
  type RegistrationCaptureResponse,
  sbiTimestamp,
  SBI_HOST,
  SBI_PORT_MAX,
  SBI_PORT_MIN,
  type SbiDialect,
} from '@signet-kiosk/shared/sbi';
import type { DeviceSurvey, SbiDevice } from './device.js';
import { DEFAULT_DIALECTS, discoverEndpoint, openPorts } from './discover.js';
import { deviceError, SbiBridgeError } from './errors.js';
import { DeviceWatcher, type DeviceWatcherOptions } from './events.js';
import type { EndpointSource, PresenceSource, SbiEndpoint } from './transports/endpoint.js';
import { HttpSbiEndpoint } from './transports/http.js';
import type { TrustPolicy } from './trust/anchors.js';
import { checkCapture, refusalCode, type CapturedBiometric } from './trust/capture-trust.js';
import type { TrustVerdict } from '@signet-kiosk/shared/sbi';

export interface SbiBridgeOptions {
  trust: TrustPolicy;
  /** Ports scanned for HTTP device services; default 4501–4600. */
  ports?: { min: number; max: number };
  host?: string;
  /** Sent as Origin; P3167 devices ask the user to consent to it. */
  origin?: string;
  /** Dialects tried in order on each endpoint; default mds, sbi, p3167. */
  dialects?: readonly SbiDialect[];
  /** TCP connect limit per port during the scan; default 150 ms (refused is instant). */
  probeTimeoutMs?: number;
  /** Discovery and device-info calls (and a stream's first answer); default 1000 ms. */
  discoveryTimeoutMs?: number;
  /** Added to a capture's own timeout for the HTTP call; default 5000 ms. */
  captureGraceMs?: number;
  /** `specVersion` sent in captures; default 0.9.5. */
  specVersion?: string;
  /** Endpoints besides the HTTP port range (serial modules, …). */
  sources?: readonly EndpointSource[];
  /** Scanner presence checks (USB HID table), for the survey. */
  presence?: readonly PresenceSource[];
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface DiscoverOptions extends CallOptions {
  type?: DiscoveryRequest['type'];
}

interface CaptureCommon extends CallOptions {
  transactionId: string;
  /** Which sub-id (0 single; 1 left; 2 right; 3 both); default the device's first. */
  deviceSubId?: string | number;
  count?: number;
  /** Default `UNKNOWN` for each of `count` (none for face). */
  bioSubType?: string[];
  requestedScore?: number;
  previousHash?: string;
  /** How long the device may take (the request's `timeout`); default 10 000 ms. */
  timeoutMs?: number;
  env?: Exclude<Env, 'None'>;
  captureTime?: Date;
  /**
   * Return the capture even when it does not verify (verdict.trusted false), for diagnostics in
   * the operator console. Never submit such a capture.
   */
  allowUntrusted?: boolean;
}

export interface CaptureOptions extends CaptureCommon {
  /** The relying party's domain; echoed in every signed capture. */
  domainUri: string;
}

export interface RegistrationCaptureOptions extends CaptureCommon {
  /** Biometrics that cannot be captured (missing fingers), by sub-type name. */
  exception?: string[];
}

interface ResultCommon {
  device: SbiDevice;
  /** The operator-facing view of each returned biometric. */
  items: CapturedBiometric[];
  verdict: TrustVerdict;
  /** P3167: the origin the device says requested it. */
  requestOrigin?: string;
  durationMs: number;
}

export interface CaptureResult extends ResultCommon {
  request: CaptureRequestStrict;
  /** The entries exactly as the device sent them: what goes to the server. */
  biometrics: CaptureBiometric[];
  /** `biometrics` without errors as eSignet's BIO challenge (`encoded-json`, base64url). */
  challenge: string | undefined;
}

export interface RegistrationCaptureResult extends ResultCommon {
  request: RegistrationCaptureRequestStrict;
  biometrics: RegistrationCaptureResponse['biometrics'];
}

/** A device, or its key from the last discovery (`<endpoint>#<serialNo>`). */
export type DeviceRef = SbiDevice | string;

export interface StreamOptions extends CallOptions {
  deviceSubId?: string | number;
  /** How long the device streams; default 60 000 ms. */
  timeoutMs?: number;
}

const DISCOVERY_TIMEOUT_MS = 1000;
const ms = z.number().int().positive().max(600_000).optional();
/** The plain settings of SbiBridgeOptions, checked once when the bridge is made. */
const BridgeSettingsSchema = z.looseObject({
  ports: z
    .object({ min: z.number().int().min(1).max(65535), max: z.number().int().min(1).max(65535) })
    .refine((p) => p.min <= p.max, 'min must not exceed max')
    .optional(),
  host: z.string().min(1).optional(),
  origin: z.url().optional(),
  dialects: z
    .array(z.enum(['mds', 'sbi', 'p3167']))
    .min(1)
    .optional(),
  probeTimeoutMs: ms,
  discoveryTimeoutMs: ms,
  captureGraceMs: z.number().int().min(0).max(600_000).optional(),
  specVersion: z.string().min(1).optional(),
  trust: z.looseObject({
    deviceProviderCas: z.array(z.unknown()),
    ftmCas: z.array(z.unknown()),
    maxClockSkewMs: z.number().int().min(0).optional(),
  }),
});

/**
 * The SBI client.
 * @example
 * const bridge = new SbiBridge({ trust: { ...(await loadTrustAnchors({ deviceProviderCaFiles, ftmCaFiles })), env: 'Developer' } });
 * const [finger] = (await bridge.discover()).filter((d) => d.type === 'Finger' && d.purpose === 'Auth');
 * const { challenge } = await bridge.capture(finger, { transactionId, domainUri });
 */
export class SbiBridge {
  readonly policy: TrustPolicy;
  private readonly opts: SbiBridgeOptions;
  private readonly endpoints = new Map<string, SbiEndpoint>();
  /** The devices of the last discovery, by key. */
  private known = new Map<string, SbiDevice>();

  constructor(opts: SbiBridgeOptions) {
    const checked = BridgeSettingsSchema.safeParse(opts);
    if (!checked.success) throw new RangeError(`sbi-bridge options:\n${z.prettifyError(checked.error)}`);
    this.opts = opts;
    this.policy = opts.trust;
  }

  private httpEndpoint(port: number): SbiEndpoint {
    const probe = new HttpSbiEndpoint(port, {
      host: this.opts.host ?? SBI_HOST,
      ...(this.opts.origin ? { origin: this.opts.origin } : {}),
    });
    const known = this.endpoints.get(probe.id);
    if (known) return known;
    this.endpoints.set(probe.id, probe);
    return probe;
  }

  /**
   * A device by its key, from the last discovery: what the kiosk's main process should pass on
   * from IPC, so that the renderer can name a device but never make one up.
   */
  device(key: string): SbiDevice | undefined {
    return this.known.get(key);
  }

  private resolve(target: DeviceRef): SbiDevice {
    if (typeof target !== 'string') return target;
    const device = this.known.get(target);
    if (!device)
      throw new SbiBridgeError('ERR_BRIDGE_NO_DEVICE', `(no device ${JSON.stringify(target)} was discovered)`);
    return device;
  }

  private endpointOf(device: SbiDevice): SbiEndpoint {
    const known = this.endpoints.get(device.endpoint);
    if (known) return known;
    if (device.transport === 'http' && device.port !== undefined) return this.httpEndpoint(device.port);
    throw new SbiBridgeError('ERR_BRIDGE_NO_DEVICE', `(${device.endpoint} is not known; discover first)`, {
      endpoint: device.endpoint,
    });
  }

  /** Every endpoint answering now: open HTTP ports, then the other sources' endpoints. */
  private async listEndpoints(signal: AbortSignal, failures: DeviceSurvey['failures']): Promise<SbiEndpoint[]> {
    const { min, max } = this.opts.ports ?? { min: SBI_PORT_MIN, max: SBI_PORT_MAX };
    const [ports, ...others] = await Promise.all([
      openPorts(this.opts.host ?? SBI_HOST, min, max, this.opts.probeTimeoutMs ?? 150, signal),
      ...(this.opts.sources ?? []).map((s) =>
        s.list({ signal }).catch((err: unknown) => {
          const e =
            err instanceof SbiBridgeError
              ? err
              : new SbiBridgeError('ERR_BRIDGE_CONNECTION', err instanceof Error ? err.message : undefined, {
                  cause: err,
                });
          failures.push({ endpoint: `source:${s.name}`, code: e.code, message: e.message });
          return [] as SbiEndpoint[];
        }),
      ),
    ]);
    for (const list of others) for (const e of list) this.endpoints.set(e.id, e);
    return [...ports.map((p) => this.httpEndpoint(p)), ...others.flat()];
  }

  /**
   * The survey behind the operator console: devices, endpoints that failed (with typed codes),
   * and scanners on USB that no SBI service answers for.
   */
  async survey(opts: DiscoverOptions = {}): Promise<DeviceSurvey> {
    if (opts.signal?.aborted) throw new SbiBridgeError('ERR_BRIDGE_ABORTED');
    // One internal signal for the scan's many concurrent calls, following the caller's.
    const scan = new AbortController();
    setMaxListeners(0, scan.signal);
    const follow = () => scan.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', follow, { once: true });
    try {
      return await this.surveyWith({ ...opts, signal: scan.signal });
    } finally {
      opts.signal?.removeEventListener('abort', follow);
    }
  }

  private async surveyWith(opts: DiscoverOptions & { signal: AbortSignal }): Promise<DeviceSurvey> {
    const failures: DeviceSurvey['failures'] = [];
    const endpoints = await this.listEndpoints(opts.signal, failures);
    const results = await Promise.allSettled(
      endpoints.map((endpoint) =>
        discoverEndpoint(endpoint, {
          dialects: this.opts.dialects ?? DEFAULT_DIALECTS,
          type: opts.type ?? 'Biometric Device',
          timeoutMs: this.opts.discoveryTimeoutMs ?? DISCOVERY_TIMEOUT_MS,
          signal: opts.signal,
          policy: this.policy,
        }),
      ),
    );
    if (opts.signal.aborted) throw new SbiBridgeError('ERR_BRIDGE_ABORTED');
    const devices: SbiDevice[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') devices.push(...r.value);
      else {
        const e =
          r.reason instanceof SbiBridgeError
            ? r.reason
            : new SbiBridgeError('ERR_BRIDGE_CONNECTION', undefined, { cause: r.reason });
        failures.push({ endpoint: endpoints[i]!.id, code: e.code, message: e.message });
      }
    });
    const presence: DeviceSurvey['presence'] = [];
    const scanners: DeviceSurvey['scanners'] = [];
    for (const source of this.opts.presence ?? []) {
      try {
        const r = await source.list({ signal: opts.signal });
        if (r.available) scanners.push(...r.scanners);
        presence.push(
          r.available
            ? { source: source.name, available: true }
            : { source: source.name, available: false, reason: r.reason },
        );
      } catch (err) {
        presence.push({
          source: source.name,
          available: false,
          reason: err instanceof Error ? err.message : String(err),
        });
      }
    }
    // A full scan replaces what is known; a scan for one type only updates those devices.
    if ((opts.type ?? 'Biometric Device') === 'Biometric Device') this.known = new Map(devices.map((d) => [d.key, d]));
    else for (const d of devices) this.known.set(d.key, d);
    const unserved =
      devices.length > 0
        ? []
        : scanners.map((s) => ({
            ...s,
            hint: `${s.vendor} scanner attached, but no SBI service answers. Start the vendor's device service.`,
          }));
    return { devices, scanners, unserved, presence, failures };
  }

  /**
   * Every device of every endpoint answering now, with its trust verdict (untrusted devices are
   * listed, flagged, never dropped).
   */
  async discover(opts: DiscoverOptions = {}): Promise<SbiDevice[]> {
    return (await this.survey(opts)).devices;
  }

  /**
   * Device events by polling discover(); call `.start()` on the result and `.stop()` when done.
   * @example const watcher = bridge.watch({ intervalMs: 1000 }).start(); watcher.on('detached', warn);
   */
  watch(opts: DeviceWatcherOptions & { type?: DiscoveryRequest['type'] } = {}): DeviceWatcher {
    return new DeviceWatcher((signal) => this.discover({ signal, ...(opts.type ? { type: opts.type } : {}) }), opts);
  }

  /**
   * Re-reads one device (discovery and signed device info on its endpoint).
   * @example const fresh = await bridge.info(device); fresh.status // 'Ready'
   */
  async info(target: DeviceRef, opts: CallOptions = {}): Promise<SbiDevice> {
    const device = this.resolve(target);
    const endpoint = this.endpointOf(device);
    const devices = await discoverEndpoint(endpoint, {
      dialects: [device.dialect],
      type: 'Biometric Device',
      timeoutMs: this.opts.discoveryTimeoutMs ?? DISCOVERY_TIMEOUT_MS,
      signal: opts.signal,
      policy: this.policy,
    });
    const fresh = devices.find((d) => d.key === device.key);
    if (!fresh) throw new SbiBridgeError('ERR_DEVICE_NOT_FOUND', `(${device.key})`, { endpoint: endpoint.id });
    this.known.set(fresh.key, fresh);
    return fresh;
  }

  private bioFor(device: SbiDevice, o: CaptureCommon) {
    const count = o.count ?? 1;
    if (device.status === 'Not Registered' && device.deviceId === '')
      throw new SbiBridgeError('ERR_DEVICE_NOT_REGISTERED', `(${device.key})`, { endpoint: device.endpoint });
    if (!device.type)
      throw new SbiBridgeError('ERR_BRIDGE_REQUEST_INVALID', 'The device type is unknown (no readable digitalId).');
    return {
      type: device.type,
      count,
      bioSubType: o.bioSubType ?? (device.type === 'Face' ? [] : Array.from({ length: count }, () => 'UNKNOWN')),
      requestedScore: o.requestedScore ?? 40,
      deviceId: device.deviceId,
      deviceSubId: o.deviceSubId ?? device.subIds[0] ?? '0',
      previousHash: o.previousHash ?? '',
    };
  }

  private build<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof ZodError)
        throw new SbiBridgeError('ERR_BRIDGE_REQUEST_INVALID', `\n${z.prettifyError(err)}`, { cause: err });
      throw err;
    }
  }

  /** Sends a capture and returns the parsed answer, throwing the device's own error if any. */
  private async send<
    T extends { biometrics: { error: { errorCode: string; errorInfo: string } }[]; requestOrigin?: string | undefined },
  >(
    device: SbiDevice,
    operation: 'capture' | 'rcapture',
    request: object,
    schema: z.ZodType<T>,
    o: CaptureCommon,
  ): Promise<{ response: T; startedAt: Date; finishedAt: Date }> {
    const endpoint = this.endpointOf(device);
    const startedAt = new Date();
    const json = await endpoint.call(operation, request, {
      dialect: device.dialect,
      timeoutMs: (o.timeoutMs ?? 10_000) + (this.opts.captureGraceMs ?? 5000),
      signal: o.signal,
    });
    const finishedAt = new Date();
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      // Some services answer a refusal as a bare `{ error }`.
      const bare = z
        .object({
          error: z.object({
            errorCode: z.union([z.string(), z.number()]).transform(String),
            errorInfo: z.string().default(''),
          }),
        })
        .safeParse(json);
      if (bare.success && bare.data.error.errorCode !== '0') throw deviceError(bare.data.error, endpoint.id);
      // The first three problems: a device that gets the format wrong gets it wrong in every capture.
      throw new SbiBridgeError(
        'ERR_BRIDGE_MALFORMED_RESPONSE',
        `The ${operation} answer:\n${z.prettifyError(new ZodError(parsed.error.issues.slice(0, 3)))}`,
        { endpoint: endpoint.id },
      );
    }
    const items = parsed.data.biometrics;
    const failed = items.find((b) => b.error.errorCode !== '0');
    if (failed) throw deviceError(failed.error, endpoint.id);
    if (items.length === 0)
      throw new SbiBridgeError('ERR_BRIDGE_MALFORMED_RESPONSE', `The ${operation} answer holds no biometrics.`, {
        endpoint: endpoint.id,
      });
    return { response: parsed.data, startedAt, finishedAt };
  }

  private refuseUnlessTrusted(verdict: TrustVerdict, allow: boolean | undefined, device: SbiDevice): void {
    if (verdict.trusted || allow) return;
    const worst = verdict.issues.filter((i) => i.severity === 'error').map((i) => i.code);
    throw new SbiBridgeError(refusalCode(verdict), `(${worst.join(', ')})`, { verdict, endpoint: device.endpoint });
  }

  /**
   * CAPTURE for authentication; the answer is verified (signatures, chains to the trust anchors,
   * echoes, timestamps) and refused with ERR_BRIDGE_SIGNATURE_INVALID / _UNTRUSTED / _CAPTURE_INVALID
   * (carrying the verdict) unless `allowUntrusted`.
   * @example const { challenge, items } = await bridge.capture(finger, { transactionId: 'lkjihgfedc', domainUri: 'https://id.example.org' });
   */
  async capture(target: DeviceRef, o: CaptureOptions): Promise<CaptureResult> {
    const device = this.resolve(target);
    if (device.purpose === 'Registration')
      throw new SbiBridgeError('ERR_BRIDGE_UNSUPPORTED', 'This is a registration device; use registrationCapture().');
    const request = this.build(() =>
      buildCaptureRequest({
        env: o.env ?? this.policy.env ?? envOf(device),
        purpose: 'Auth',
        specVersion: this.opts.specVersion ?? '0.9.5',
        timeout: o.timeoutMs ?? 10_000,
        captureTime: sbiTimestamp(o.captureTime),
        domainUri: o.domainUri,
        transactionId: o.transactionId,
        bio: [this.bioFor(device, o)],
        customOpts: null,
      }),
    );
    const { response, startedAt, finishedAt } = await this.send(device, 'capture', request, CaptureResponseSchema, o);
    const { verdict, items } = await checkCapture({
      mode: 'capture',
      device,
      request,
      biometrics: response.biometrics,
      requestOrigin: response.requestOrigin,
      origin: device.dialect === 'p3167' ? this.opts.origin : undefined,
      startedAt,
      finishedAt,
      policy: this.policy,
    });
    this.refuseUnlessTrusted(verdict, o.allowUntrusted, device);
    let challenge: string | undefined;
    try {
      challenge = encodeBioChallenge(response.biometrics as Parameters<typeof encodeBioChallenge>[0]);
    } catch {
      challenge = undefined;
    }
    return {
      device,
      request,
      biometrics: response.biometrics,
      items,
      verdict,
      challenge,
      ...(response.requestOrigin !== undefined ? { requestOrigin: response.requestOrigin } : {}),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    };
  }

  /**
   * RCAPTURE on a registration device: plain ISO records, hash chain checked in full.
   * @example const { items } = await bridge.registrationCapture(slap, { transactionId, deviceSubId: 1, count: 4, exception: ['Left LittleFinger'] });
   */
  async registrationCapture(target: DeviceRef, o: RegistrationCaptureOptions): Promise<RegistrationCaptureResult> {
    const device = this.resolve(target);
    if (device.purpose === 'Auth')
      throw new SbiBridgeError('ERR_BRIDGE_UNSUPPORTED', 'This is an authentication device; use capture().');
    const request = this.build(() =>
      buildRegistrationCaptureRequest({
        env: o.env ?? this.policy.env ?? envOf(device),
        purpose: 'Registration',
        specVersion: this.opts.specVersion ?? '0.9.5',
        timeout: o.timeoutMs ?? 10_000,
        captureTime: sbiTimestamp(o.captureTime),
        transactionId: o.transactionId,
        bio: [{ ...this.bioFor(device, o), exception: o.exception ?? [] }],
        customOpts: null,
      }),
    );
    const { response, startedAt, finishedAt } = await this.send(
      device,
      'rcapture',
      request,
      RegistrationCaptureResponseSchema,
      o,
    );
    const { verdict, items } = await checkCapture({
      mode: 'rcapture',
      device,
      request,
      biometrics: response.biometrics,
      requestOrigin: response.requestOrigin,
      origin: device.dialect === 'p3167' ? this.opts.origin : undefined,
      startedAt,
      finishedAt,
      policy: this.policy,
    });
    this.refuseUnlessTrusted(verdict, o.allowUntrusted, device);
    return {
      device,
      request,
      biometrics: response.biometrics,
      items,
      verdict,
      ...(response.requestOrigin !== undefined ? { requestOrigin: response.requestOrigin } : {}),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    };
  }

  /**
   * STREAM: the live preview of a registration device as JPEG frames; break out of the loop (or
   * abort) to stop it.
   * @example for await (const jpeg of bridge.stream(slap, { deviceSubId: 1 })) show(jpeg);
   */
  stream(target: DeviceRef, o: StreamOptions = {}): AsyncIterable<Uint8Array> {
    const device = this.resolve(target);
    const endpoint = this.endpointOf(device);
    if (!endpoint.stream)
      throw new SbiBridgeError('ERR_BRIDGE_UNSUPPORTED', `(${endpoint.id} does not stream)`, { endpoint: endpoint.id });
    const body = {
      deviceId: device.deviceId || device.serialNo,
      deviceSubId: String(o.deviceSubId ?? device.subIds[0] ?? '0'),
      timeout: String(o.timeoutMs ?? 60_000),
    };
    return endpoint.stream(body, {
      dialect: device.dialect,
      timeoutMs: this.opts.discoveryTimeoutMs ?? DISCOVERY_TIMEOUT_MS,
      signal: o.signal,
    });
  }
}

/** The env a device is registered in, for captures when the policy names none. */
function envOf(device: SbiDevice): Exclude<Env, 'None'> {
  return device.env && device.env !== 'None' ? device.env : 'Staging';
}
