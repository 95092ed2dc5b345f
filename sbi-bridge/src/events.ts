// Device events by polling discovery: `attached`, `detached` and `status-changed` (device status or
// trust verdict), as an EventEmitter and as an async iterator; one scan at a time; stoppable.
import { EventEmitter, on } from 'node:events';
import type { SbiDevice } from './device.js';
import { SbiBridgeError } from './errors.js';

export type DeviceEvent =
  | { type: 'attached'; device: SbiDevice }
  | { type: 'detached'; device: SbiDevice }
  | { type: 'status-changed'; device: SbiDevice; previous: SbiDevice };

export interface DeviceWatcherEvents {
  attached: [SbiDevice];
  detached: [SbiDevice];
  'status-changed': [SbiDevice, SbiDevice];
  /** Every event above, as one object. */
  event: [DeviceEvent];
  /** A scan failed as a whole (individual endpoints failing only make their devices detach). */
  'scan-error': [SbiBridgeError];
  stopped: [];
}

export interface DeviceWatcherOptions {
  /** Time between the end of one scan and the start of the next; default 2000 ms. */
  intervalMs?: number;
}

const changed = (a: SbiDevice, b: SbiDevice): boolean =>
  a.status !== b.status || a.verdict.trusted !== b.verdict.trusted || a.purpose !== b.purpose;

/**
 * Polls `scan` (usually `() => bridge.discover({ signal })`) and reports differences.
 * @example
 * const watcher = new DeviceWatcher((signal) => bridge.discover({ signal }), { intervalMs: 1000 }).start();
 * watcher.on('attached', (d) => console.log('attached', d.key));
 * await watcher.stop();
 */
export class DeviceWatcher extends EventEmitter<DeviceWatcherEvents> {
  private known = new Map<string, SbiDevice>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private readonly intervalMs: number;
  private stopped = false;

  constructor(
    private readonly scan: (signal: AbortSignal) => Promise<SbiDevice[]>,
    opts: DeviceWatcherOptions = {},
  ) {
    super();
    this.intervalMs = opts.intervalMs ?? 2000;
  }

  /** The devices seen by the last scan. */
  get devices(): SbiDevice[] {
    return [...this.known.values()];
  }

  /** Starts polling (the first scan runs at once). */
  start(): this {
    if (!this.stopped && !this.running && !this.timer) this.tick();
    return this;
  }

  /** Runs one scan now and reports its differences; resolves when done. */
  async poll(): Promise<void> {
    let devices: SbiDevice[];
    try {
      devices = await this.scan(this.abort.signal);
    } catch (err) {
      if (this.stopped) return;
      this.emit(
        'scan-error',
        err instanceof SbiBridgeError ? err : new SbiBridgeError('ERR_BRIDGE_CONNECTION', undefined, { cause: err }),
      );
      return;
    }
    if (this.stopped) return;
    const next = new Map(devices.map((d) => [d.key, d]));
    const events: DeviceEvent[] = [];
    for (const [key, old] of this.known) if (!next.has(key)) events.push({ type: 'detached', device: old });
    for (const [key, device] of next) {
      const old = this.known.get(key);
      if (!old) events.push({ type: 'attached', device });
      else if (changed(old, device)) events.push({ type: 'status-changed', device, previous: old });
    }
    this.known = next;
    for (const e of events) {
      if (e.type === 'status-changed') this.emit('status-changed', e.device, e.previous);
      else this.emit(e.type, e.device);
      this.emit('event', e);
    }
  }

  private tick(): void {
    this.timer = undefined;
    this.running = this.poll().finally(() => {
      this.running = undefined;
      if (!this.stopped) this.timer = setTimeout(() => this.tick(), this.intervalMs);
    });
  }

  /** Stops polling; an in-flight scan is aborted. Resolves when nothing runs any more. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.running;
    this.emit('stopped');
  }

  /**
   * The events as an async iterator; ends when the watcher stops or `signal` aborts.
   * @example for await (const e of watcher.events()) if (e.type === 'detached') warn(e.device);
   */
  async *events(signal?: AbortSignal): AsyncGenerator<DeviceEvent> {
    if (this.stopped) return;
    const stop = new AbortController();
    const onStopped = () => stop.abort();
    this.once('stopped', onStopped);
    const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    try {
      for await (const [e] of on(this as EventEmitter, 'event', { signal: combined })) yield e as DeviceEvent;
    } catch (err) {
      if ((err as { name?: string }).name !== 'AbortError') throw err;
    } finally {
      this.off('stopped', onStopped);
    }
  }
}
