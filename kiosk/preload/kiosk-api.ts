// Builds `window.kiosk` from the shared IPC contract's lists: one method per invoke channel, one
// subscription per event channel, and the kiosk's page settings (the idle timeout) the main process
// put on the renderer's command line; nothing else. The page never gets the IPC object, an event
// object or a channel name it could choose; listeners receive the payload alone.
import {
  KIOSK_API_EVENTS,
  KIOSK_API_METHODS,
  kioskPageSettingsFrom,
  type KioskApi,
  type KioskEventChannel,
  type KioskInvokeChannel,
  type KioskPageSettings,
} from '@signet-kiosk/shared/kiosk';

/** How the API reaches the main process (Electron: ipcRenderer.invoke/on/removeListener). */
export interface KioskIpcPort {
  invoke(channel: KioskInvokeChannel, request: unknown): Promise<unknown>;
  /** Calls `listener` with each payload on `channel`; returns the unsubscribe function. */
  subscribe(channel: KioskEventChannel, listener: (payload: unknown) => void): () => void;
}

/**
 * The `window.kiosk` object over an IPC port.
 * @example contextBridge.exposeInMainWorld('kiosk', kioskApiOver(electronPort));
 */
export function kioskApiOver(port: KioskIpcPort): KioskApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [group, methods] of Object.entries(KIOSK_API_METHODS)) {
    const target = (api[group] ??= {});
    for (const [name, channel] of Object.entries(methods))
      target[name] = (request: unknown) => port.invoke(channel as KioskInvokeChannel, request);
  }
  for (const [group, events] of Object.entries(KIOSK_API_EVENTS)) {
    const target = (api[group] ??= {});
    for (const [name, channel] of Object.entries(events)) {
      target[name] = (listener: unknown) => {
        if (typeof listener !== 'function') throw new TypeError(`${group}.${name} takes a function`);
        return port.subscribe(channel as KioskEventChannel, (payload) => (listener as (p: unknown) => void)(payload));
      };
    }
  }
  return api as KioskApi;
}

/**
 * `window.kiosk` as the preload exposes it: the API over the port, with the settings in `argv`.
 * @example contextBridge.exposeInMainWorld('kiosk', kioskWindowApi(electronPort, process.argv));
 */
export function kioskWindowApi(port: KioskIpcPort, argv: readonly string[]): KioskApi & KioskPageSettings {
  return { ...kioskApiOver(port), ...kioskPageSettingsFrom(argv) };
}
