// The kiosk's SBI work in the main process, behind the IPC handlers: discovery through the bridge
// (its per-verb timeouts), captures the bridge has verified against the trust policy before anything
// is handed out, cancellation by capture id, background rescans pushed to the page as device events,
// and the last endpoint of each device remembered so that a page's key survives a service that
// came back on another port. Each verified capture is also held here, by capture id, for the link
// submission: the server gets the main process's copy, never one the page hands back.
import {
  SbiBridgeError,
  type BridgeErrorCode,
  type DeviceEvent,
  type DeviceWatcher,
  type SbiBridge,
  type SbiDevice,
} from '@signet-kiosk/sbi-bridge';
import {
  SbiDeviceEventSchema,
  type SbiCaptureIpcRequest,
  type SbiCaptureResult,
  type SbiClientErrorCode,
  type SbiDeviceEvent,
  type SbiDeviceView,
  type SbiModality,
} from '@signet-kiosk/shared/kiosk';
import { KioskError } from '../errors.js';
import { deviceViewOf, deviceViewsOf } from './device-view.js';

export interface KioskSbiOptions {
  bridge: SbiBridge;
  /** The quality each modality must reach. */
  requestedScore: Record<SbiModality, number>;
  /** Time between background rescans. */
  rescanIntervalMs: number;
  /** How long a verified capture is held for a submission (default 120 s, the server's capture window). */
  heldCaptureMs?: number;
  /** Clock, for the holding time. */
  now?: () => number;
}

/** A verified capture as the main process keeps it for a link submission. */
export interface HeldCapture {
  /** The BIO challenge (encoded-json) the bridge built from the verified capture. */
  challenge: string;
  /** The SBI transaction id it was captured for. */
  transactionId: string;
  heldAt: number;
}

const HELD_CAPTURE_MS = 120_000;

/** When a busy device may be asked again, when it does not say. */
const BUSY_RETRY_MS = 1000;

/** The page's code for each bridge failure; the rest are device_error. */
const CLIENT_CODES: Partial<Record<BridgeErrorCode, SbiClientErrorCode>> = {
  ERR_BRIDGE_ABORTED: 'capture_cancelled',
  ERR_BRIDGE_TIMEOUT: 'capture_timeout',
  ERR_DEVICE_NO_BIOMETRIC: 'capture_timeout',
  ERR_DEVICE_CAPTURE_TIMEOUT: 'capture_timeout',
  ERR_DEVICE_BUSY: 'device_busy',
  ERR_BRIDGE_SIGNATURE_INVALID: 'untrusted_capture',
  ERR_BRIDGE_UNTRUSTED: 'untrusted_capture',
  ERR_BRIDGE_CAPTURE_INVALID: 'untrusted_capture',
};

/**
 * The KioskError a page gets for a bridge failure.
 * @example kioskErrorOf(new SbiBridgeError('ERR_DEVICE_BUSY')).code // 'device_busy'
 */
export function kioskErrorOf(err: unknown): KioskError {
  if (err instanceof KioskError) return err;
  if (!(err instanceof SbiBridgeError)) return new KioskError('device_error', undefined, { cause: err });
  const code = CLIENT_CODES[err.code] ?? 'device_error';
  return new KioskError(code, `(${err.message})`, {
    cause: err,
    ...(code === 'device_busy' ? { retryAfterMs: BUSY_RETRY_MS } : {}),
  });
}

export class KioskSbi {
  /** Captures running, by the page's capture id. */
  private readonly captures = new Map<string, AbortController>();
  /** Each device's last endpoint, by serial number (a key names the endpoint; the serial does not). */
  private readonly lastEndpoint = new Map<string, string>();
  /** Verified captures not yet submitted, by capture id. */
  private readonly held = new Map<string, HeldCapture>();
  private watcher: DeviceWatcher | undefined;

  constructor(private readonly opts: KioskSbiOptions) {}

  /**
   * Every device answering now, best first; no_device_service when none does.
   * @example const views = await sbi.discover();
   */
  async discover(): Promise<SbiDeviceView[]> {
    let devices: SbiDevice[];
    try {
      devices = await this.opts.bridge.discover();
    } catch (err) {
      throw kioskErrorOf(err);
    }
    this.remember(devices);
    if (devices.length === 0) throw new KioskError('no_device_service');
    return deviceViewsOf(devices);
  }

  /** The last endpoint each device (by serial number) answered on. */
  get lastEndpoints(): ReadonlyMap<string, string> {
    return this.lastEndpoint;
  }

  private remember(devices: readonly SbiDevice[]): void {
    for (const d of devices) this.lastEndpoint.set(d.serialNo, d.endpoint);
  }

  /**
   * The device a page's key names: from the last scan, else — when its service has moved — the same
   * serial number found by a fresh scan.
   */
  private async deviceFor(key: string): Promise<SbiDevice> {
    const known = this.opts.bridge.device(key);
    if (known) return known;
    const serialNo = key.slice(key.lastIndexOf('#') + 1);
    if (!key.includes('#') || !this.lastEndpoint.has(serialNo))
      throw new KioskError('device_error', '(this device was not found by a discovery; discover again)');
    await this.discover();
    const moved = this.opts.bridge.device(`${this.lastEndpoint.get(serialNo)}#${serialNo}`);
    if (!moved) throw new KioskError('device_error', '(the device no longer answers; discover again)');
    return moved;
  }

  /**
   * Captures on one device; the bridge verifies signatures, chains, echoes and timestamps before
   * this returns, and a capture below the requested quality is refused here. A device whose service
   * no longer answers where it was is looked for once more: the same serial number on another port
   * is captured on there.
   * @example const { challenge } = await sbi.capture({ captureId, deviceKey, transactionId, domainUri, count: 1, timeoutMs: 10000 });
   */
  async capture(request: SbiCaptureIpcRequest): Promise<SbiCaptureResult> {
    if (this.captures.has(request.captureId))
      throw new KioskError('invalid_request', '(a capture with this id is running)');
    const abort = new AbortController();
    this.captures.set(request.captureId, abort);
    try {
      const device = await this.deviceFor(request.deviceKey);
      try {
        return await this.captureOn(device, request, abort.signal);
      } catch (err) {
        const gone = err instanceof SbiBridgeError && err.code === 'ERR_BRIDGE_NO_DEVICE';
        const moved = gone && !abort.signal.aborted ? await this.movedFrom(device) : undefined;
        if (!moved) throw err;
        return await this.captureOn(moved, request, abort.signal);
      }
    } catch (err) {
      throw abort.signal.aborted ? new KioskError('capture_cancelled', undefined, { cause: err }) : kioskErrorOf(err);
    } finally {
      this.captures.delete(request.captureId);
    }
  }

  /** The same device (serial number) answering on another endpoint now, if a fresh scan finds it there. */
  private async movedFrom(device: SbiDevice): Promise<SbiDevice | undefined> {
    await this.discover().catch(() => undefined);
    const endpoint = this.lastEndpoint.get(device.serialNo);
    if (!endpoint || endpoint === device.endpoint) return undefined;
    return this.opts.bridge.device(`${endpoint}#${device.serialNo}`);
  }

  private async captureOn(
    device: SbiDevice,
    request: SbiCaptureIpcRequest,
    signal: AbortSignal,
  ): Promise<SbiCaptureResult> {
    const requestedScore = this.opts.requestedScore[device.type ?? 'Finger'];
    const result = await this.opts.bridge.capture(device, {
      transactionId: request.transactionId,
      domainUri: request.domainUri,
      count: request.count,
      ...(request.bioSubType ? { bioSubType: request.bioSubType } : {}),
      timeoutMs: request.timeoutMs,
      requestedScore,
      signal,
    });
    if (result.items.some((item) => item.qualityScore < requestedScore))
      throw new KioskError('capture_quality', `(below ${requestedScore})`);
    if (!result.challenge)
      throw new KioskError('device_error', '(the capture lacks what the server needs: data, hash, sessionKey)');
    this.dropStale();
    this.held.set(request.captureId, {
      challenge: result.challenge,
      transactionId: request.transactionId,
      heldAt: this.now(),
    });
    return {
      challenge: result.challenge,
      // Within the IPC contract's bounds whatever the device sent: its words never fail the capture.
      quality: result.items.slice(0, 10).map((item) => ({
        bioSubType: item.bioSubType.slice(0, 40),
        score: Math.min(100, Math.max(0, item.qualityScore)),
        requested: requestedScore,
      })),
    };
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private dropStale(): void {
    const oldest = this.now() - (this.opts.heldCaptureMs ?? HELD_CAPTURE_MS);
    for (const [id, capture] of this.held) if (capture.heldAt < oldest) this.held.delete(id);
  }

  /**
   * Takes the verified captures held for these capture ids, made for `transactionId`, all or none:
   * each is handed out once (a second take, an unknown, stale or foreign capture is capture_unknown,
   * and then nothing is taken).
   * @example const [bio] = sbi.takeCaptures([captureId], sbiTransactionId);
   */
  takeCaptures(captureIds: readonly string[], transactionId: string): HeldCapture[] {
    this.dropStale();
    if (new Set(captureIds).size !== captureIds.length)
      throw new KioskError('capture_unknown', '(the same capture id twice)');
    const taken = captureIds.map((id) => this.held.get(id));
    if (taken.some((c) => !c || c.transactionId !== transactionId))
      throw new KioskError('capture_unknown', '(not held for this link transaction)');
    for (const id of captureIds) this.held.delete(id);
    return taken as HeldCapture[];
  }

  /**
   * Stops a running capture (its call to the device is aborted); false when none runs with that id.
   * @example sbi.cancel(captureId) // true
   */
  cancel(captureId: string): boolean {
    const abort = this.captures.get(captureId);
    abort?.abort();
    return abort !== undefined;
  }

  /**
   * Starts the background rescans; each difference reaches `push` as a device event. Devices a
   * resident cannot use (registration devices) are not reported.
   * @example sbi.watch((event) => win.webContents.send('sbi:device-event', event));
   */
  watch(push: (event: SbiDeviceEvent) => void): void {
    if (this.watcher) return;
    this.watcher = this.opts.bridge.watch({ intervalMs: this.opts.rescanIntervalMs });
    this.watcher.on('event', (event: DeviceEvent) => {
      this.remember([event.device]);
      const view = deviceViewOf(event.device);
      // Held to the contract like every IPC reply.
      if (view) push(SbiDeviceEventSchema.parse({ type: event.type, device: view }));
    });
    this.watcher.start();
  }

  /** Stops the rescans and every running capture. */
  async close(): Promise<void> {
    for (const abort of this.captures.values()) abort.abort();
    this.held.clear();
    await this.watcher?.stop();
    this.watcher = undefined;
  }
}
