// Asks the server whether this kiosk is registered and enabled (shared kiosk-status.ts): a fresh
// status request signed by the kiosk key, which never leaves this process; the answer for the console.
import type { CryptoKey } from 'jose';
import {
  KIOSK_STATUS_PATH,
  KioskStatusSchema,
  signKioskStatusRequest,
  type KioskPublicJwk,
  type KioskStatus,
} from '@signet-kiosk/shared/kiosk';
import { postEnvelope } from '../server-api.js';

/** Where to ask, and as which kiosk: the kiosk configuration's serverUrl (the issuer) and kiosk id. */
export interface KioskStatusTarget {
  serverUrl: string;
  kiosk: { id: string };
}

/**
 * The kiosk's registration status; KioskError server_unreachable or server_refused when there is no answer.
 * @example const status = await fetchKioskStatus(config, identity.publicJwk, signingKey);
 */
export async function fetchKioskStatus(
  target: KioskStatusTarget,
  publicJwk: KioskPublicJwk,
  privateKey: CryptoKey,
): Promise<KioskStatus> {
  const statusRequest = await signKioskStatusRequest(
    // The configured server URL is the issuer; a trailing slash is not part of it.
    { kioskId: target.kiosk.id, audience: target.serverUrl.replace(/\/+$/, ''), publicJwk },
    privateKey,
  );
  return postEnvelope(new URL(KIOSK_STATUS_PATH, target.serverUrl), KioskStatusSchema, { statusRequest });
}
