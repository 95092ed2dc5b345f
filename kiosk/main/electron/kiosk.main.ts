// The kiosk's Electron main process: the one file that touches `electron`. It wires the plain modules
// of kiosk/main (configuration, identity, the kiosk's services — SBI, operator session, link actions,
// the reset between residents — IPC router, navigation guard, permissions, app://) into the app, the
// session and the window; every decision is made in those modules.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { KIOSK_CONSOLE_FRAGMENT } from '@signet-kiosk/shared/kiosk';
import { loadKioskConfig, type KioskConfig } from '../config/kiosk-config.js';
import { demoKioskIdentity, demoKioskKeyDir } from '../identity/demo-kiosk-identity.js';
import { loadOrCreateKioskIdentity, osKeystoreSealer } from '../identity/kiosk-identity.js';
import { IpcRouter } from '../ipc/ipc-router.js';
import { originOf, SenderPolicy, type IpcSender } from '../ipc/sender-policy.js';
import { kioskWindowHome, startKioskServices } from '../kiosk-services.js';
import { KIOSK_PARTITION, kioskClearOptions, kioskWindowOptions } from '../kiosk-window-options.js';
import { KIOSK_APP_ORIGIN, NavigationGuard } from '../navigation/navigation-guard.js';
import type { OperatorSession } from '../operator/operator-session.js';
import { PermissionPolicy } from '../permissions/permission-policy.js';
import { appProtocolHandler } from '../protocol/app-protocol.js';
import { kioskContentSecurityPolicy } from '../protocol/content-security-policy.js';
import { WalkedAwayWatch } from '../resident/walked-away.js';

/** This file runs bundled as kiosk/dist/app/kiosk.main.mjs (kiosk/bundle-electron.js), beside the preload. */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.resolve(HERE, '../renderer');
const PRELOAD = path.join(HERE, 'kiosk.preload.cjs');
/** How often the shell asks whether a resident walked away from a relying party's page. */
const WALKED_AWAY_CHECK_MS = 5000;

/** One JSON line a record on stderr; never a key, a capture or a token. */
const log = {
  warn: (fields: Record<string, unknown>, message: string) =>
    console.error(JSON.stringify({ level: 'warn', time: new Date().toISOString(), message, ...fields })),
  info: (fields: Record<string, unknown>, message: string) =>
    console.error(JSON.stringify({ level: 'info', time: new Date().toISOString(), message, ...fields })),
};

// Before `ready`: app:// is a standard, secure scheme (its own origin, fetch allowed), and every
// renderer is sandboxed.
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | undefined;

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frame: frame ? { url: frame.url, isMainFrame: frame.parent === null } : null,
  };
}

/**
 * Navigation limits on every web contents the app makes (the window, and anything a page might make).
 * The operator sign-in's return (its redirect URI) is never loaded: the window's is handed to the session.
 */
function guardContents(contents: WebContents, guard: NavigationGuard, operator: OperatorSession): void {
  const refuseOutside = (event: { preventDefault(): void }, url: string) => {
    if (operator.isCallback(url)) {
      event.preventDefault();
      if (contents.id === win?.webContents.id) void completeOperatorSignIn(operator, url);
      return;
    }
    if (guard.allows(url)) return;
    event.preventDefault();
    log.warn({ origin: originOf(url) ?? 'unreadable' }, 'navigation refused');
  };
  contents.on('will-navigate', refuseOutside);
  contents.on('will-redirect', refuseOutside);
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) refuseOutside(event, event.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => guard.windowOpen());
}

/** Clears the kiosk window's cookies and web storage (every origin's, or one's), between one person and the next. */
function clearBrowsing(scope: { origin?: string }): Promise<void> {
  return session.fromPartition(KIOSK_PARTITION).clearStorageData(kioskClearOptions(scope));
}

/** Takes the sign-in's return from the window, then shows the kiosk's own pages again. */
async function completeOperatorSignIn(operator: OperatorSession, callbackUrl: string): Promise<void> {
  try {
    await operator.completeSignIn(callbackUrl);
  } catch (err) {
    log.warn(
      { code: (err as { code?: string }).code, serverCode: (err as { serverCode?: string }).serverCode },
      'operator sign-in failed',
    );
  }
  // The server's cookies of that sign-in are of no further use (the session holds the tokens), and
  // must not let a later page in this window be taken for the operator.
  await clearBrowsing({}).catch((err: unknown) => log.warn({ error: String(err) }, 'could not clear the kiosk window'));
  // Back to the operator console, signed in or showing why not.
  await win?.loadURL(`${KIOSK_APP_ORIGIN}/${KIOSK_CONSOLE_FRAGMENT}`);
}

/** Sends an event to the window only while it shows a page that may hear it (operator events: the kiosk's own pages). */
function sendToKioskPage(senders: SenderPolicy, channel: string, payload: unknown): void {
  const contents = win?.webContents;
  if (!contents) return;
  const refusal = senders.refusal(
    { webContentsId: contents.id, frame: { url: contents.mainFrame.url, isMainFrame: true } },
    channel,
  );
  if (!refusal) contents.send(channel, payload);
}

async function start(config: KioskConfig): Promise<void> {
  const serverOrigin = originOf(config.serverUrl)!;
  // Demo mode under npm start: the demo server's kiosk key, which the server registered; else the kiosk's own.
  const demoKeyDir = demoKioskKeyDir(process.env, { packaged: app.isPackaged });
  const identity = demoKeyDir
    ? await demoKioskIdentity(demoKeyDir)
    : await loadOrCreateKioskIdentity(app.getPath('userData'), osKeystoreSealer(safeStorage, process.platform));
  if (identity.created) log.info({ kioskId: config.kiosk.id, keyProtection: identity.keyProtection }, 'kiosk key made');

  const guard = new NavigationGuard(config);
  const senders = new SenderPolicy(() => win?.webContents.id, [serverOrigin, KIOSK_APP_ORIGIN]);
  const permissions = new PermissionPolicy({
    cameraOrigins: [serverOrigin, KIOSK_APP_ORIGIN],
    cameraForFace: config.devices.cameraForFace,
  });
  const services = await startKioskServices({
    config,
    identity,
    log,
    shell: {
      // Not awaited: a load may end on the server's login app after redirects, or never when the person walks away.
      navigate: (url) => {
        win?.loadURL(url).catch((err: unknown) => log.warn({ error: String(err) }, 'a page did not load'));
      },
      push: (channel, payload) => sendToKioskPage(senders, channel, payload),
      clear: clearBrowsing,
      homeUrl: () => kioskWindowHome(config),
    },
  });
  const { operator } = services;
  const router = new IpcRouter(services.handlers, senders, log);
  for (const channel of router.channels)
    ipcMain.handle(channel, (event, payload: unknown) => router.handle(channel, senderOf(event), payload));

  protocol.handle('app', appProtocolHandler(RENDERER_DIR, kioskContentSecurityPolicy(serverOrigin)));

  const ses = session.fromPartition(KIOSK_PARTITION);
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(
      contents.id === win?.webContents.id &&
        permissions.decide({
          permission,
          requestingOrigin: originOf(details.requestingUrl) ?? '',
          isMainFrame: details.isMainFrame,
          ...('mediaTypes' in details && details.mediaTypes ? { mediaTypes: details.mediaTypes } : {}),
        }),
    );
  });
  ses.setPermissionCheckHandler(
    (contents, permission, requestingOrigin, details) =>
      contents?.id === win?.webContents.id &&
      permissions.decide({
        permission,
        requestingOrigin: originOf(requestingOrigin) ?? '',
        isMainFrame: details.isMainFrame,
        ...(details.mediaType ? { mediaTypes: [details.mediaType] } : {}),
      }),
  );
  ses.setDevicePermissionHandler(() => false);

  app.on('web-contents-created', (_event, contents) => guardContents(contents, guard, operator));

  Menu.setApplicationMenu(null);
  win = new BrowserWindow(
    kioskWindowOptions({
      preload: PRELOAD,
      packaged: app.isPackaged,
      page: { idleSeconds: config.kiosk.residentIdleSeconds },
    }),
  );
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = undefined;
  });

  // A relying party's page cannot say its resident left (resident:done): the system's idle time does.
  const walkedAway = new WalkedAwayWatch({
    limitSeconds: config.kiosk.residentIdleSeconds,
    homeUrl: kioskWindowHome(config),
    serverUrl: config.serverUrl,
  });
  const walkedAwayTimer = setInterval(() => {
    const url = win?.webContents.getURL();
    if (url && walkedAway.shouldReset(powerMonitor.getSystemIdleTime(), url)) void services.reset.done('idle');
  }, WALKED_AWAY_CHECK_MS);
  app.on('before-quit', () => {
    clearInterval(walkedAwayTimer);
    void services.close();
  });

  await win.loadURL(kioskWindowHome(config));
}

app
  .whenReady()
  .then(async () => {
    const file = process.env.SIGNET_KIOSK_CONFIG ?? path.join(app.getPath('userData'), 'kiosk.json');
    await start(await loadKioskConfig(file));
  })
  .catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    log.warn({ code: (err as { code?: string }).code }, message);
    dialog.showErrorBox('Signet Kiosk cannot start', message);
    app.exit(2);
  });

app.on('window-all-closed', () => app.quit());
