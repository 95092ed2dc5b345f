// The kiosk window's settings, by Electron's security checklist: full-screen kiosk, no menu, the
// page isolated and sandboxed without Node, web security on, no webviews, devtools only in a
// development run. Plain data, so a test can hold it to the checklist without Electron. The window
// browses in an in-memory session (no `persist:` prefix): nothing a resident or operator leaves in it
// (cookies, an SSO session, storage) outlives the app, and the main process clears it between people.
// The page's settings (the resident idle timeout) reach the sandboxed preload on its command line.
import { kioskPageSwitches, type KioskPageSettings } from '@signet-kiosk/shared/kiosk';

/** The kiosk window's session: in memory only (a partition without `persist:`). */
export const KIOSK_PARTITION = 'kiosk';

/** What is cleared of the kiosk window's session between people: everything a page can keep. */
export const KIOSK_CLEARED_STORAGES = ['cookies', 'localstorage', 'indexdb', 'serviceworkers', 'cachestorage'] as const;

/**
 * session.clearStorageData's options: every origin's storage, or one origin's (its cookies by host).
 * @example await ses.clearStorageData(kioskClearOptions({ origin: 'https://id.example.org' }))
 */
export function kioskClearOptions(scope: { origin?: string }) {
  return { ...(scope.origin ? { origin: scope.origin } : {}), storages: [...KIOSK_CLEARED_STORAGES] };
}

/**
 * The BrowserWindow options for the kiosk window.
 * @example new BrowserWindow(kioskWindowOptions({ preload, packaged: app.isPackaged, page: { idleSeconds: 90 } }))
 */
export function kioskWindowOptions(opts: { preload: string; packaged: boolean; page?: KioskPageSettings }) {
  return {
    kiosk: opts.packaged,
    fullscreen: opts.packaged,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: opts.preload,
      partition: KIOSK_PARTITION,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !opts.packaged,
      additionalArguments: kioskPageSwitches(opts.page ?? {}),
    },
  } as const;
}
