// The IPC handlers of the kiosk: each channel of the shared contract mapped to the main-process
// module that does the work (SBI through the bridge, the kiosk identity). Plain Node: Electron's
// ipcMain and a test page's exposed function call the same handlers through the IpcRouter.
import type { KioskIdentityView } from '@signet-kiosk/shared/kiosk';
import type { KioskIpcHandlers } from './ipc/ipc-router.js';
import type { KioskSbi } from './sbi/kiosk-sbi.js';

/**
 * The handlers over the kiosk's SBI service and its identity.
 * @example const router = new IpcRouter(kioskHandlers({ sbi, identity: () => view }), senders);
 */
export function kioskHandlers(deps: { sbi: KioskSbi; identity: () => Promise<KioskIdentityView> }): KioskIpcHandlers {
  return {
    'sbi:discover': () => deps.sbi.discover(),
    'sbi:capture': (request) => deps.sbi.capture(request),
    'sbi:cancel-capture': async ({ captureId }) => ({ cancelled: deps.sbi.cancel(captureId) }),
    'kiosk:identity': () => deps.identity(),
  };
}
