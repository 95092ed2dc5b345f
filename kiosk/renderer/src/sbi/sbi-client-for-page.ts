// Which SbiClient the resident app uses: the kiosk's own (`window.kiosk.sbi`, the bridge in the
// main process, which reaches device services without the browser's local network prompt) when the
// page runs in the kiosk, else the browser transport to local device services.
import type { KioskApi } from '@signet-kiosk/shared/kiosk';
import { BrowserSbiClient, type BrowserSbiClientOptions } from './browser-transport.js';
import { KioskSbiClient } from './kiosk-transport.js';
import type { SbiClient } from './sbi-client.js';

/** What of the page's global scope the choice reads. */
export interface PageGlobals {
  kiosk?: Partial<Pick<KioskApi, 'sbi'>>;
}

/**
 * The kiosk's client when the preload script provides one, else a BrowserSbiClient.
 * @example const sbi = sbiClientForPage(); const devices = await sbi.discover();
 */
export function sbiClientForPage(
  options: BrowserSbiClientOptions = {},
  page: PageGlobals = globalThis as PageGlobals,
): SbiClient {
  const kioskSbi = page.kiosk?.sbi;
  return kioskSbi ? new KioskSbiClient(kioskSbi) : new BrowserSbiClient(options);
}
