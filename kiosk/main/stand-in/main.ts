// Runs the kiosk's browser stand-in (demo only; `npm start` starts it where Electron cannot run): the
// kiosk configuration (SIGNET_KIOSK_CONFIG), the demo kiosk's key (SIGNET_KIOSK_DEMO_KEY_DIR, else
// the server's data folder's demo-kiosk/), the kiosk's services (kiosk-services.ts, as Electron wires
// them), and the stand-in on loopback port SIGNET_KIOSK_DEMO_STAND_IN_PORT (3300).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KioskEventChannel } from '@signet-kiosk/shared/kiosk';
import { loadKioskConfig } from '../config/kiosk-config.js';
import { KioskError } from '../errors.js';
import { demoKioskIdentity, demoKioskKeyDir } from '../identity/demo-kiosk-identity.js';
import { startKioskServices } from '../kiosk-services.js';
import { startStandIn, type RunningStandIn } from './stand-in-server.js';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const DEMO = new Set(['1', 'true', 'on']);

const log = {
  warn: (fields: Record<string, unknown>, message: string) =>
    console.error(JSON.stringify({ level: 'warn', time: new Date().toISOString(), message, ...fields })),
};

async function main(): Promise<void> {
  const env = process.env;
  const configFile = env.SIGNET_KIOSK_CONFIG;
  if (!configFile) throw new KioskError('invalid_config', '(set SIGNET_KIOSK_CONFIG to the kiosk configuration file)');
  const config = await loadKioskConfig(configFile);
  const port = Number(env.SIGNET_KIOSK_DEMO_STAND_IN_PORT ?? 3300);
  const identity = await demoKioskIdentity(
    demoKioskKeyDir(env, { packaged: false }) ?? path.resolve(env.SIGNET_DATA_DIR ?? './data', 'demo-kiosk'),
  );
  // Bound once the stand-in listens: the services send its page places and events through it.
  const late: { standIn?: RunningStandIn; push?: (channel: KioskEventChannel, payload: unknown) => void } = {};
  const services = await startKioskServices({
    config,
    identity,
    log,
    shell: {
      navigate: (url) => late.standIn?.navigate(url),
      push: (channel, payload) => late.push?.(channel, payload),
      clear: async () => late.standIn?.forgetCookies(),
      // The stand-in plays the kiosk window for the console only; relying parties open in their own tabs.
      homeUrl: () => late.standIn?.consoleUrl ?? '/',
    },
  });
  const standIn = await startStandIn({
    host: '127.0.0.1',
    port,
    demo: DEMO.has((env.SIGNET_DEMO ?? '').toLowerCase()),
    rendererDir: RENDERER_DIR,
    serverUrl: config.serverUrl,
    handlers: services.handlers,
    page: { idleSeconds: config.kiosk.residentIdleSeconds },
    watchEvents: (push) => (late.push = push),
    operator: { session: services.operator, redirectUri: services.redirectUri },
    log,
  });
  late.standIn = standIn;
  console.log(`Kiosk stand-in: open ${standIn.openUrl}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.all([standIn.close(), services.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`kiosk stand-in: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
