// The kiosk window's settings, by Electron's security checklist: full-screen kiosk, no menu, the
// page isolated and sandboxed without Node, web security on, no webviews, devtools only in a
// development run. Plain data, so a test can hold it to the checklist without Electron. The window
// browses in an in-memory session (no `persist:` prefix): nothing a resident or operator leaves in it
// (cookies, an SSO session, storage) outlives the app, and the main process clears it between people.

/** The kiosk window's session: in memory only (a partition without `persist:`). */
export const KIOSK_PARTITION = 'kiosk';

/**
 * The BrowserWindow options for the kiosk window.
 * @example new BrowserWindow(kioskWindowOptions({ preload, packaged: app.isPackaged }))
 */
export function kioskWindowOptions(opts: { preload: string; packaged: boolean }) {
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
    },
  } as const;
}
