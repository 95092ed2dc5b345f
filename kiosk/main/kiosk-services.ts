// The kiosk main process's services, built once from the configuration, the kiosk's identity and the
// shell that runs the kiosk window (Electron, or the browser stand-in): KioskSbi over the bridge, the
// operator session, the link actions, the reset between residents, and the IPC handlers over them.
// Both shells wire these same services; only how they reach the window is theirs.
import type { TrustPolicy } from '@signet-kiosk/sbi-bridge';
import { SbiBridge } from '@signet-kiosk/sbi-bridge';
import { KIOSK_CONSOLE_FRAGMENT, kioskClientId, type KioskEventChannel } from '@signet-kiosk/shared/kiosk';
import type { KioskConfig } from './config/kiosk-config.js';
import {
  identityViewOf,
  kioskSigningKey,
  registrationRequestOf,
  type KioskIdentity,
} from './identity/kiosk-identity.js';
import type { IpcLog, KioskIpcHandlers } from './ipc/ipc-router.js';
import { originOf } from './ipc/sender-policy.js';
import { fetchKioskStatus } from './identity/kiosk-status.js';
import { kioskHandlers } from './kiosk-handlers.js';
import { KIOSK_APP_ORIGIN } from './navigation/navigation-guard.js';
import { LinkActions } from './operator/link-actions.js';
import { OperatorSession } from './operator/operator-session.js';
import { ResidentReset, type KioskBrowsingPort } from './resident/resident-reset.js';
import { KioskSbi } from './sbi/kiosk-sbi.js';
import { fetchTrustPolicy } from './sbi/trust-from-server.js';

/** What the services ask of the shell that runs the kiosk window. */
export interface KioskShell extends KioskBrowsingPort {
  /** Tells the kiosk's pages an event (Electron: webContents.send, while the window shows a page that may hear it). */
  push(channel: KioskEventChannel, payload: unknown): void;
  /** The window's home page, where an idle window goes back to. */
  homeUrl(): string;
}

export interface KioskServicesOptions {
  config: KioskConfig;
  identity: KioskIdentity;
  shell: KioskShell;
  /** Which devices to trust; by default the server's trust anchors (GET /v1/signet/sbi/trust-anchors). */
  trust?: TrustPolicy;
  log?: IpcLog;
}

export interface KioskServices {
  readonly sbi: KioskSbi;
  readonly operator: OperatorSession;
  readonly link: LinkActions;
  readonly reset: ResidentReset;
  /** One handler per IPC channel, for an IpcRouter. */
  readonly handlers: KioskIpcHandlers;
  /** Where the operator sign-in returns to: the first of the kiosk's redirect URIs. */
  readonly redirectUri: string;
  /** Stops the idle timer and the device rescans (the app quits). */
  close(): Promise<void>;
}

/**
 * The Electron kiosk window's home page: the first relying party's start page, else the operator console.
 * @example win.loadURL(kioskWindowHome(config));
 */
export function kioskWindowHome(config: KioskConfig): string {
  return config.startUrls[0] ?? `${KIOSK_APP_ORIGIN}/${KIOSK_CONSOLE_FRAGMENT}`;
}

/**
 * Builds every service of the kiosk main process.
 * @example const services = await startKioskServices({ config, identity, shell });
 *          const router = new IpcRouter(services.handlers, senders, log);
 */
export async function startKioskServices(o: KioskServicesOptions): Promise<KioskServices> {
  const { config, identity, shell } = o;
  const log = o.log ?? { warn: () => undefined };
  const serverOrigin = originOf(config.serverUrl)!;
  const sbi = new KioskSbi({
    bridge: new SbiBridge({
      trust: o.trust ?? (await fetchTrustPolicy(config.serverUrl)),
      ports: config.devices.ports,
      origin: serverOrigin,
      probeTimeoutMs: config.devices.probeTimeoutMs,
      discoveryTimeoutMs: config.devices.discoveryTimeoutMs,
      captureGraceMs: config.devices.captureGraceMs,
    }),
    requestedScore: config.devices.requestedScore,
    rescanIntervalMs: config.devices.rescanIntervalMs,
  });
  const signingKey = await kioskSigningKey(identity);
  const clear = (scope: { origin?: string }) =>
    shell.clear(scope).catch((err: unknown) => log.warn({ error: String(err) }, 'could not clear the kiosk window'));
  const redirectUri = config.kiosk.redirectUris[0]!;
  const operator = new OperatorSession({
    serverUrl: config.serverUrl,
    // The server names a kiosk's OIDC client `kiosk-<kioskId>` (docs/assisted-flow.md).
    clientId: kioskClientId(config.kiosk.id),
    privateKey: signingKey,
    kid: identity.publicJwk.kid,
    redirectUri,
    idleSeconds: config.kiosk.operatorIdleSeconds,
    navigate: (url) => shell.navigate(url),
    onChange: (view) => {
      // Signed out or locked: nothing of the operator's browsing stays for the next person.
      if (!view.signedIn || view.lockedAt) void clear({});
      shell.push('operator:session-changed', view);
    },
  });
  const link = new LinkActions({
    serverUrl: config.serverUrl,
    kioskId: config.kiosk.id,
    privateKey: signingKey,
    kid: identity.publicJwk.kid,
    session: operator,
    captures: sbi,
  });
  const reset = new ResidentReset({
    serverOrigin,
    homeUrl: () => shell.homeUrl(),
    browsing: { clear: (scope) => clear(scope), navigate: (url) => shell.navigate(url) },
  });
  const handlers = kioskHandlers({
    sbi,
    operator,
    link,
    resident: reset,
    // Asked of the server each time: an administrator may register, disable or enable the kiosk meanwhile.
    status: () => fetchKioskStatus(config, identity.publicJwk, signingKey),
    // Made when asked: the registration request carries the time it was made.
    identity: () =>
      identityViewOf(
        identity,
        registrationRequestOf(identity, {
          kioskId: config.kiosk.id,
          name: config.kiosk.name,
          redirectUris: config.kiosk.redirectUris,
        }),
      ),
  });
  // Device events reach the page only while it is one that may use window.kiosk (the shell's push decides).
  sbi.watch((event) => shell.push('sbi:device-event', event));
  return {
    sbi,
    operator,
    link,
    reset,
    handlers,
    redirectUri,
    async close() {
      operator.close();
      await sbi.close();
    },
  };
}
