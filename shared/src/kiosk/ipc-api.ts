// The `window.kiosk` API: which method invokes which channel of the IPC contract (ipc.ts), which
// subscription listens on which event channel, and the API's type inferred from both. Apart from
// ipc.ts, with no zod at run time, so that the sandboxed preload script that builds it stays small.
import type { KioskEvent, KioskEventChannel, KioskInvokeChannel, KioskReply, KioskRequest } from './ipc.js';

/** Where the kiosk's page shows the operator console: this fragment of the kiosk's own page (app://kiosk/#/console). */
export const KIOSK_CONSOLE_FRAGMENT = '#/console';

/** The `window.kiosk` methods, by group, and the channel each one invokes. */
export const KIOSK_API_METHODS = {
  sbi: { discover: 'sbi:discover', capture: 'sbi:capture', cancelCapture: 'sbi:cancel-capture' },
  kiosk: { identity: 'kiosk:identity', status: 'kiosk:status' },
  operator: { signIn: 'operator:sign-in', session: 'operator:session', signOut: 'operator:sign-out' },
  link: { open: 'link:open', submit: 'link:submit' },
  resident: { done: 'resident:done' },
} as const satisfies Record<string, Record<string, KioskInvokeChannel>>;

/** The `window.kiosk` event subscriptions, by group, and the channel each listens on. */
export const KIOSK_API_EVENTS = {
  sbi: { onDeviceEvent: 'sbi:device-event' },
  operator: { onSessionChanged: 'operator:session-changed' },
} as const satisfies Record<string, Record<string, KioskEventChannel>>;

type Methods = typeof KIOSK_API_METHODS;
type Events = typeof KIOSK_API_EVENTS;

/**
 * `window.kiosk`: one method per invoke channel (taking its request, resolving with its reply) and
 * one subscription per event channel (taking a listener, returning the unsubscribe function).
 */
export type KioskApi = {
  [G in keyof Methods]: {
    [M in keyof Methods[G]]: Methods[G][M] extends KioskInvokeChannel
      ? (request: KioskRequest<Methods[G][M]>) => Promise<KioskReply<Methods[G][M]>>
      : never;
  } & (G extends keyof Events
    ? {
        [E in keyof Events[G]]: Events[G][E] extends KioskEventChannel
          ? (listener: (event: KioskEvent<Events[G][E]>) => void) => () => void
          : never;
      }
    : unknown);
};
