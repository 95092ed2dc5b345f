// Demo mode only: the demo kiosk's key, as the demo server keeps it (`<dataDir>/demo-kiosk/`, plain
// JWK files), so that the kiosk `npm start` runs — the browser stand-in or Electron — signs as the
// kiosk the demo server registered, instead of with a key of its own the server does not know.
import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { KioskPublicJwkSchema } from '@signet-kiosk/shared/kiosk';
import { KioskError } from '../errors.js';
import type { KioskIdentity } from './kiosk-identity.js';

const DEMO = new Set(['1', 'true', 'on']);

/** The environment variable naming the demo kiosk's key folder (npm start sets it with SIGNET_DEMO). */
export const DEMO_KIOSK_KEY_DIR_ENV = 'SIGNET_KIOSK_DEMO_KEY_DIR';

/** The demo key files' names, as the server writes them (server/src/kiosks/demo-kiosk.ts). */
const FILES = { publicJwk: 'kiosk-key.public.jwk.json', privateJwk: 'kiosk-key.private.jwk.json' } as const;

/**
 * The demo kiosk's key folder when the environment asks for it — demo mode (SIGNET_DEMO) and
 * SIGNET_KIOSK_DEMO_KEY_DIR both set — in a kiosk run from the sources (npm start), else undefined:
 * the kiosk keeps its own key. A packaged kiosk never swaps its sealed key for a plain file because
 * its environment says so.
 * @example demoKioskKeyDir({ SIGNET_DEMO: '1', SIGNET_KIOSK_DEMO_KEY_DIR: './data/demo-kiosk' }, { packaged: false }) // absolute path
 */
export function demoKioskKeyDir(env: NodeJS.ProcessEnv, run: { packaged: boolean }): string | undefined {
  const dir = env[DEMO_KIOSK_KEY_DIR_ENV];
  if (run.packaged || !dir || !DEMO.has((env.SIGNET_DEMO ?? '').toLowerCase())) return undefined;
  return path.resolve(dir);
}

/**
 * The demo kiosk's key from its folder; identity_unavailable when the demo server has not written it.
 * @example const identity = await demoKioskIdentity('/srv/signet/data/demo-kiosk');
 */
export async function demoKioskIdentity(folder: string): Promise<KioskIdentity> {
  try {
    const publicJwk = KioskPublicJwkSchema.parse(
      JSON.parse(await readFile(path.join(folder, FILES.publicJwk), 'utf8')),
    );
    const privateJwk = JSON.parse(await readFile(path.join(folder, FILES.privateJwk), 'utf8')) as JsonWebKey;
    const privateKey = createPrivateKey({ key: privateJwk, format: 'jwk' });
    return { publicJwk, privateKey, keyProtection: 'plain-file', created: false };
  } catch (cause) {
    throw new KioskError('identity_unavailable', `(the demo kiosk's key in ${folder}: start the demo server first)`, {
      cause,
    });
  }
}
