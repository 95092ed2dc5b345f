// Runs the kiosk's browser stand-in (demo only; `npm start` starts it where Electron cannot run): the
// kiosk configuration (SIGNET_KIOSK_CONFIG), the demo kiosk's key from the server's data folder,
// KioskSbi over the bridge, and the stand-in on 127.0.0.1:SIGNET_KIOSK_DEMO_STAND_IN_PORT (3300).
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SbiBridge } from '@signet-kiosk/sbi-bridge';
import {
  KIOSK_CONSOLE_FRAGMENT,
  kioskClientId,
  type KioskEventChannel,
  KioskPublicJwkSchema,
} from '@signet-kiosk/shared/kiosk';
import { loadKioskConfig } from '../config/kiosk-config.js';
import { KioskError } from '../errors.js';
import { identityViewOf, registrationRequestOf, type KioskIdentity } from '../identity/kiosk-identity.js';
import { fetchKioskStatus } from '../identity/kiosk-status.js';
import { kioskHandlers } from '../kiosk-handlers.js';
import { KioskSbi } from '../sbi/kiosk-sbi.js';
import { fetchTrustPolicy } from '../sbi/trust-from-server.js';
import { LinkActions } from '../operator/link-actions.js';
import { operatorCallbackRoute } from '../operator/operator-callback-route.js';
import { OperatorSession } from '../operator/operator-session.js';
import { startStandIn, type RunningStandIn } from './stand-in-server.js';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const DEMO = new Set(['1', 'true', 'on']);

const log = {
  warn: (fields: Record<string, unknown>, message: string) =>
    console.error(JSON.stringify({ level: 'warn', time: new Date().toISOString(), message, ...fields })),
};

/** The demo kiosk's key, as the demo server keeps it (`<dataDir>/demo-kiosk/`). */
async function demoKioskIdentity(dataDir: string): Promise<KioskIdentity> {
  const folder = path.join(dataDir, 'demo-kiosk');
  try {
    const publicJwk = KioskPublicJwkSchema.parse(
      JSON.parse(await readFile(path.join(folder, 'kiosk-key.public.jwk.json'), 'utf8')),
    );
    const privateJwk = JSON.parse(await readFile(path.join(folder, 'kiosk-key.private.jwk.json'), 'utf8')) as object;
    const privateKey = createPrivateKey({ key: privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    return { publicJwk, privateKey, keyProtection: 'plain-file', created: false };
  } catch (cause) {
    throw new KioskError('identity_unavailable', `(the demo kiosk's key in ${folder}: start the demo server first)`, {
      cause,
    });
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const configFile = env.SIGNET_KIOSK_CONFIG;
  if (!configFile) throw new KioskError('invalid_config', '(set SIGNET_KIOSK_CONFIG to the kiosk configuration file)');
  const config = await loadKioskConfig(configFile);
  const port = Number(env.SIGNET_KIOSK_DEMO_STAND_IN_PORT ?? 3300);
  const identity = await demoKioskIdentity(path.resolve(env.SIGNET_DATA_DIR ?? './data'));
  const sbi = new KioskSbi({
    bridge: new SbiBridge({
      trust: await fetchTrustPolicy(config.serverUrl),
      ports: config.devices.ports,
      origin: new URL(config.serverUrl).origin,
      probeTimeoutMs: config.devices.probeTimeoutMs,
      discoveryTimeoutMs: config.devices.discoveryTimeoutMs,
      captureGraceMs: config.devices.captureGraceMs,
    }),
    requestedScore: config.devices.requestedScore,
    rescanIntervalMs: config.devices.rescanIntervalMs,
  });
  // The kiosk key as Web Crypto signs with it (private_key_jwt, attestations); it never leaves this process.
  const signingKey = await crypto.subtle.importKey(
    'jwk',
    identity.privateKey.export({ format: 'jwk' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  // Bound once the stand-in listens: the session sends its page to the server's sign-in through it.
  const late: {
    standIn?: RunningStandIn;
    push?: (channel: KioskEventChannel, payload: unknown) => void;
  } = {};
  const redirectUri = config.kiosk.redirectUris[0]!;
  const operator = new OperatorSession({
    serverUrl: config.serverUrl,
    // The server names a kiosk's OIDC client `kiosk-<kioskId>` (docs/assisted-flow.md).
    clientId: kioskClientId(config.kiosk.id),
    privateKey: signingKey,
    kid: identity.publicJwk.kid,
    redirectUri,
    idleSeconds: config.kiosk.operatorIdleSeconds,
    log,
    navigate: (url) => late.standIn?.navigate(url),
    onChange: (view) => late.push?.('operator:session-changed', view),
  });
  const link = new LinkActions({
    serverUrl: config.serverUrl,
    kioskId: config.kiosk.id,
    privateKey: signingKey,
    kid: identity.publicJwk.kid,
    session: operator,
    captures: sbi,
  });
  const handlers = kioskHandlers({
    sbi,
    operator,
    link,
    status: () => fetchKioskStatus(config, identity.publicJwk, signingKey),
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
  const standIn = await startStandIn({
    host: '127.0.0.1',
    port,
    demo: DEMO.has((env.SIGNET_DEMO ?? '').toLowerCase()),
    rendererDir: RENDERER_DIR,
    serverUrl: config.serverUrl,
    handlers,
    watchEvents: (push) => {
      late.push = push;
      sbi.watch((event) => push('sbi:device-event', event));
    },
    operatorCallback: operatorCallbackRoute(operator, {
      redirectUri,
      after: `http://127.0.0.1:${port}/${KIOSK_CONSOLE_FRAGMENT}`,
    }),
    log,
  });
  late.standIn = standIn;
  console.log(`Kiosk stand-in: open ${standIn.openUrl}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    operator.close();
    void Promise.all([standIn.close(), sbi.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`kiosk stand-in: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
