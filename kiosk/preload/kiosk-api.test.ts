// window.kiosk is exactly the contract's methods and subscriptions: nothing else, no IPC object, no
// event object reaching a listener, and only the contract's channels ever used.
import { describe, expect, it } from 'vitest';
import { KIOSK_API_EVENTS, KIOSK_API_METHODS, KIOSK_INVOKE_CHANNELS } from '@signet-kiosk/shared/kiosk';
import { kioskApiOver, kioskWindowApi, type KioskIpcPort } from './kiosk-api.js';

function recordingPort() {
  const invoked: { channel: string; request: unknown }[] = [];
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const port: KioskIpcPort = {
    invoke: async (channel, request) => {
      invoked.push({ channel, request });
      return { ok: true, value: channel };
    },
    subscribe(channel, listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return () =>
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((l) => l !== listener),
        );
    },
  };
  /** What Electron's ipcRenderer.on would deliver: an event object, then the payload. */
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
  return { port, invoked, emit, listeners };
}

describe('kioskApiOver', () => {
  it('has one function per method and subscription of the contract, and nothing else', () => {
    const api = kioskApiOver(recordingPort().port) as unknown as Record<string, Record<string, unknown>>;
    const expected = Object.fromEntries(
      Object.keys({ ...KIOSK_API_METHODS, ...KIOSK_API_EVENTS }).map((g) => [
        g,
        [
          ...Object.keys(KIOSK_API_METHODS[g as keyof typeof KIOSK_API_METHODS] ?? {}),
          ...Object.keys(KIOSK_API_EVENTS[g as keyof typeof KIOSK_API_EVENTS] ?? {}),
        ].sort(),
      ]),
    );
    expect(Object.fromEntries(Object.entries(api).map(([g, m]) => [g, Object.keys(m).sort()]))).toEqual(expected);
    for (const group of Object.values(api)) for (const fn of Object.values(group)) expect(typeof fn).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|invoke|send/i);
  });

  it('invokes only channels of the contract, passing the request through untouched', async () => {
    const { port, invoked } = recordingPort();
    const api = kioskApiOver(port);
    await api.sbi.discover({});
    await api.sbi.cancelCapture({ captureId: 'AAAAAAAAAAAAAAAAAAAAAA' });
    await api.kiosk.identity({});
    expect(invoked).toEqual([
      { channel: 'sbi:discover', request: {} },
      { channel: 'sbi:cancel-capture', request: { captureId: 'AAAAAAAAAAAAAAAAAAAAAA' } },
      { channel: 'kiosk:identity', request: {} },
    ]);
    for (const { channel } of invoked) expect(Object.keys(KIOSK_INVOKE_CHANNELS)).toContain(channel);
  });

  it('hands a listener the payload alone, and unsubscribes', () => {
    const { port, emit } = recordingPort();
    const api = kioskApiOver(port);
    const got: unknown[][] = [];
    const stop = api.sbi.onDeviceEvent((...args: unknown[]) => got.push(args));
    const payload = { type: 'detached', device: { key: 'k' } };
    emit('sbi:device-event', payload);
    stop();
    emit('sbi:device-event', payload);
    expect(got).toEqual([[payload]]);
  });

  it('refuses a listener that is not a function', () => {
    const api = kioskApiOver(recordingPort().port);
    expect(() => api.sbi.onDeviceEvent('alert(1)' as never)).toThrow(TypeError);
  });
});

describe('kioskWindowApi', () => {
  it("carries the idle timeout the main process put on the renderer's command line, and the API", async () => {
    const { port, invoked } = recordingPort();
    const api = kioskWindowApi(port, ['/opt/signet-kiosk/kiosk', '--type=renderer', '--signet-kiosk-idle-seconds=45']);
    expect(api.idleSeconds).toBe(45);
    await api.resident.done({ reason: 'idle' });
    expect(invoked).toEqual([{ channel: 'resident:done', request: { reason: 'idle' } }]);
  });

  it("has no idle timeout without its switch: the page then takes the server's", () => {
    expect(kioskWindowApi(recordingPort().port, ['--type=renderer'])).not.toHaveProperty('idleSeconds');
  });
});
