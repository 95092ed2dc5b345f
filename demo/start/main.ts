// `npm start`: the whole demo in one terminal — the server (demo mode, compiled), the reference SBI
// simulator, the demo relying party and the kiosk (Electron where its binary runs, else the browser
// stand-in) under one Supervisor; prints what to open; one Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { chooseKiosk, DEMO_KIOSK_DIR, demoKioskConfig, kioskChild } from './kiosk-launch.js';
import { START_ENV, startOptionsFromEnv, type StartOptions } from './options.js';
import { Supervisor } from './supervisor.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const at = (file: string) => path.join(ROOT, file);
/** Our TypeScript entries run from source in one process each (no tsx CLI in between to orphan). */
const FROM_SOURCE = ['--conditions=source', '--import', 'tsx'];

/** Nothing listens on 127.0.0.1:port, or a message naming the setting that moves it. */
function portFree(portNumber: number, setting: string, what: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      resolve(
        err.code === 'EADDRINUSE'
          ? `port ${portNumber} (${what}) is already in use: stop what holds it, or set ${setting} to a free port`
          : `port ${portNumber} (${what}): ${err.message}`,
      ),
    );
    probe.listen(portNumber, '127.0.0.1', () => probe.close(() => resolve(undefined)));
  });
}

/** The Electron binary when it is there and runs (npm install does not download it), else undefined. */
function electronBinary(): string | undefined {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary !== 'string' || !existsSync(binary)) return undefined;
    return spawnSync(binary, ['--version'], { timeout: 20_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })
      .status === 0
      ? binary
      : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  let options: StartOptions;
  try {
    options = startOptionsFromEnv(process.env);
  } catch (err) {
    console.error(`start: bad setting:\n${err instanceof z.ZodError ? z.prettifyError(err) : String(err)}`);
    process.exit(2);
  }
  const dataDir = path.resolve(options.dataDir);
  const taken = (
    await Promise.all([
      portFree(options.serverPort, START_ENV.serverPort, 'the server'),
      portFree(options.relyingPartyPort, START_ENV.relyingPartyPort, 'the demo relying party'),
      portFree(options.standInPort, START_ENV.standInPort, "the kiosk's browser stand-in"),
    ])
  ).filter((m): m is string => !!m);
  if (taken.length) {
    for (const message of taken) console.error(`start: ${message}`);
    process.exit(2);
  }
  const kiosk = chooseKiosk(options.kiosk, electronBinary);
  if (kiosk.kind === 'refused') {
    console.error(`start: ${kiosk.why}`);
    process.exit(2);
  }
  const electron = kiosk.kind === 'electron';

  const supervisor = new Supervisor({ line: (text) => console.log(text) });
  const stop = () => void supervisor.stop(0);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Whoever started it (npm, a terminal) gone without a signal: nobody is left to press Ctrl-C.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000).unref();
  void supervisor.done.then((code) => process.exit(code));

  const issuer = process.env.SIGNET_ISSUER ?? `http://127.0.0.1:${options.serverPort}`;
  const env = {
    ...process.env,
    SIGNET_DEMO: '1',
    SIGNET_PORT: String(options.serverPort),
    SIGNET_ISSUER: issuer,
    SIGNET_DATA_DIR: dataDir,
    SIGNET_KIOSK_DEMO_STAND_IN_PORT: String(options.standInPort),
    DEMO_RP_PORT: String(options.relyingPartyPort),
    SBI_SIM_PORT_MIN: String(options.sbiPorts.min),
    SBI_SIM_PORT_MAX: String(options.sbiPorts.max),
  };
  try {
    const serverUrl = await supervisor.start({
      name: 'server',
      command: process.execPath,
      args: [at('server/dist/main.js')],
      env,
      ready: /Signet Kiosk \(demo mode\) — (\S+)/,
    });
    // The simulator encrypts for the certificate the server wrote; the relying party registers through its admin API.
    const [simulatorUrl, relyingPartyUrl] = await Promise.all([
      supervisor.start({
        name: 'simulator',
        command: process.execPath,
        args: [...FROM_SOURCE, at('sbi-bridge/simulator/main.ts')],
        env,
        ready: /SBI simulator listening on (\S+)/,
      }),
      supervisor.start({
        name: 'relying-party',
        command: process.execPath,
        args: [...FROM_SOURCE, at('demo/relying-party/main.ts')],
        env,
        ready: /Signet demo relying party — (\S+)/,
      }),
    ]);
    // The kiosk's configuration for this demo: this server, this relying party, the simulator's ports.
    const kioskConfig = path.join(dataDir, DEMO_KIOSK_DIR, 'kiosk.json');
    mkdirSync(path.dirname(kioskConfig), { recursive: true, mode: 0o700 });
    const config = demoKioskConfig({
      serverUrl: serverUrl ?? issuer,
      relyingPartyUrl: relyingPartyUrl ?? '',
      standInPort: options.standInPort,
      sbiPorts: options.sbiPorts,
    });
    writeFileSync(kioskConfig, JSON.stringify(config, null, 2) + '\n');
    // Electron or the stand-in, each signing with the demo kiosk's key that the server registered.
    const kioskUrl = await supervisor.start(
      kioskChild({ choice: kiosk, root: ROOT, dataDir, kioskConfig, env, fromSource: FROM_SOURCE }),
    );
    console.log(
      [
        '',
        '  Signet Kiosk demo — everything runs; Ctrl-C stops it all',
        `  relying party (the resident's device): ${relyingPartyUrl}`,
        electron
          ? '  kiosk: the Electron window (operator console at app://kiosk/)'
          : `  kiosk (browser stand-in, operator console): ${kioskUrl}\n` +
            '    (no Electron binary here: `npm run kiosk:electron` downloads it once, then npm start opens the real kiosk)',
        `  server: ${serverUrl}    SBI simulator: ${simulatorUrl}`,
        '  operator at the kiosk: Dara Lim, ID 2804195602, PIN 736204',
        '  resident: any demo resident (README, "Demo residents"); the simulator presents Dara Lim\'s finger',
        '',
      ].join('\n'),
    );
  } catch (err) {
    supervisor.fail(err instanceof Error ? err : new Error(String(err)));
  }
}

void main();
