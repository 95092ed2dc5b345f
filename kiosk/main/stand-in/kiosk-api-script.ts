// The browser stand-in's `window.kiosk`: the script text the stand-in serves, built from the shared
// contract's lists (the methods and subscriptions the preload exposes), over HTTP instead of IPC,
// with the kiosk's page settings (the idle timeout) as the preload carries them.
import {
  KIOSK_API_EVENTS,
  KIOSK_API_METHODS,
  kioskPageSettingsFrom,
  kioskPageSwitches,
  type KioskPageSettings,
} from '@signet-kiosk/shared/kiosk';

/** Where the stand-in answers its page; under one prefix no server route uses. */
export const STAND_IN_PREFIX = '/__kiosk';
export const STAND_IN_SCRIPT_PATH = `${STAND_IN_PREFIX}/kiosk-api.js`;
export const STAND_IN_INVOKE_PATH = `${STAND_IN_PREFIX}/invoke/`;
export const STAND_IN_EVENTS_PATH = `${STAND_IN_PREFIX}/events`;
/** The stand-in's own event on that stream (no IPC channel): go to a page of its origin, as Electron's loadURL. */
export const STAND_IN_NAVIGATE_EVENT = 'stand-in:navigate';

/**
 * What the page runs before its own modules, plain JavaScript (served as is, never through a
 * compiler's helpers): one method per invoke channel (POST of the request, the router's reply; a
 * refusal rejects as ipcRenderer.invoke does), one subscription per event channel over one
 * EventSource, listeners receiving the payload alone; the same stream carries the stand-in's
 * navigation of the page (to its own origin only).
 */
const DEFINE_KIOSK = `function (methods, events, invokePath, eventsPath, navigateEvent, settings) {
  const listeners = new Map();
  const source = new EventSource(eventsPath);
  source.addEventListener(navigateEvent, (event) => {
    const url = new URL(JSON.parse(event.data), location.href);
    if (url.origin === location.origin) location.assign(url.href);
  });
  const subscribe = (channel, listener) => {
    let set = listeners.get(channel);
    if (!set) {
      const fresh = new Set();
      listeners.set(channel, fresh);
      source.addEventListener(channel, (event) => {
        const payload = JSON.parse(event.data);
        for (const l of fresh) l(payload);
      });
      set = fresh;
    }
    set.add(listener);
    return () => void set.delete(listener);
  };
  const invoke = async (channel, request) => {
    const res = await fetch(invokePath + encodeURIComponent(channel), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request === undefined ? null : request),
      credentials: 'same-origin',
    });
    const body = await res.json();
    if (!res.ok) throw new Error(body.message || 'the stand-in refused ' + channel);
    return body;
  };
  const api = {};
  for (const [group, m] of Object.entries(methods))
    for (const [name, channel] of Object.entries(m))
      (api[group] ??= {})[name] = (request) => invoke(channel, request);
  for (const [group, e] of Object.entries(events))
    for (const [name, channel] of Object.entries(e))
      (api[group] ??= {})[name] = (listener) => {
        if (typeof listener !== 'function') throw new TypeError(group + '.' + name + ' takes a function');
        return subscribe(channel, (payload) => listener(payload));
      };
  for (const group of Object.values(api)) Object.freeze(group);
  Object.defineProperty(globalThis, 'kiosk', { value: Object.freeze({ ...api, ...settings }) });
}`;

/**
 * The script's text: the function above, called with the contract's lists, the stand-in's paths and
 * the page settings (only an idle timeout that is a whole number of seconds within range).
 * @example kioskApiScript({ idleSeconds: 90 })
 */
export function kioskApiScript(page: KioskPageSettings = {}): string {
  const settings = kioskPageSettingsFrom(kioskPageSwitches(page));
  const args = [
    KIOSK_API_METHODS,
    KIOSK_API_EVENTS,
    STAND_IN_INVOKE_PATH,
    STAND_IN_EVENTS_PATH,
    STAND_IN_NAVIGATE_EVENT,
    settings,
  ].map((a) => JSON.stringify(a));
  return `"use strict";\n(${DEFINE_KIOSK})(${args.join(', ')});\n`;
}
