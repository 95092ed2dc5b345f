// Which kiosk `npm start` runs, and how: the Electron app where its binary runs (unless
// SIGNET_START_KIOSK says stand-in), else the kiosk's browser stand-in. Either one gets the demo
// kiosk's configuration and signs with the demo kiosk's key (<dataDir>/demo-kiosk/, the key the demo
// server registered as demo-kiosk with Dara Lim as its operator), so an operator signs in at once.
import path from 'node:path';
import type { StartOptions } from './options.js';
import type { ChildSpec } from './supervisor.js';

/** The demo kiosk's folder in the data folder: its key (written by the server) and its configuration. */
export const DEMO_KIOSK_DIR = 'demo-kiosk';

export type KioskChoice =
  { kind: 'electron'; binary: string } | { kind: 'stand-in' } | { kind: 'refused'; why: string };

/**
 * The kiosk to run for the SIGNET_START_KIOSK setting; `electronBinary` is asked only when Electron may run.
 * @example chooseKiosk('auto', electronBinary) // { kind: 'stand-in' } where Electron's binary is missing
 */
export function chooseKiosk(setting: StartOptions['kiosk'], electronBinary: () => string | undefined): KioskChoice {
  if (setting === 'stand-in') return { kind: 'stand-in' };
  const binary = electronBinary();
  if (binary) return { kind: 'electron', binary };
  if (setting === 'electron')
    return {
      kind: 'refused',
      why: "SIGNET_START_KIOSK=electron, but Electron's binary is not installed or does not run (npm run kiosk:electron)",
    };
  return { kind: 'stand-in' };
}

/**
 * The demo kiosk's configuration (kiosk/main/config/kiosk-config.ts): this server, the demo relying
 * party as its home page, the simulator's ports; the operator sign-in returns to the stand-in's port
 * on 127.0.0.1, as the demo server registers it (the Electron kiosk catches that return before it loads).
 */
export function demoKioskConfig(o: {
  serverUrl: string;
  relyingPartyUrl: string;
  standInPort: number;
  sbiPorts: StartOptions['sbiPorts'];
}): object {
  return {
    serverUrl: o.serverUrl,
    startUrls: [o.relyingPartyUrl],
    kiosk: {
      id: 'demo-kiosk',
      name: 'Demo kiosk',
      redirectUris: [`http://127.0.0.1:${o.standInPort}/operator/callback`],
    },
    devices: { ports: o.sbiPorts },
  };
}

/**
 * The kiosk's child process: Electron on the bundled main process, or the stand-in from source; both
 * with the configuration file and the demo kiosk's key folder in their environment.
 * @example await supervisor.start(kioskChild({ choice, root, dataDir, kioskConfig, env, fromSource }))
 */
export function kioskChild(o: {
  choice: Exclude<KioskChoice, { kind: 'refused' }>;
  /** The repository's root. */
  root: string;
  dataDir: string;
  /** The configuration file written for it. */
  kioskConfig: string;
  env: NodeJS.ProcessEnv;
  /** Node's arguments that run our TypeScript from source. */
  fromSource: readonly string[];
}): ChildSpec {
  const env = {
    ...o.env,
    SIGNET_KIOSK_CONFIG: o.kioskConfig,
    SIGNET_KIOSK_DEMO_KEY_DIR: path.join(o.dataDir, DEMO_KIOSK_DIR),
  };
  return o.choice.kind === 'electron'
    ? { name: 'kiosk', command: o.choice.binary, args: [path.join(o.root, 'kiosk/dist/app/kiosk.main.mjs')], env }
    : {
        name: 'kiosk',
        command: process.execPath,
        args: [...o.fromSource, path.join(o.root, 'kiosk/main/stand-in/main.ts')],
        env,
        ready: /Kiosk stand-in: open (\S+)/,
      };
}
