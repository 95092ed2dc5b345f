// The page's SbiClient with its code (device-signature checks, trust rules, jose) in its own chunk,
// fetched the first time a screen asks for devices: a resident who signs in with a PIN never loads it.
import type { BrowserSbiClientOptions } from './browser-transport.js';
import { SbiClientError, type SbiClient } from './sbi-client.js';

export function lazySbiClientForPage(options: BrowserSbiClientOptions = {}): SbiClient {
  let client: Promise<SbiClient> | undefined;
  const load = () =>
    (client ??= import('./sbi-client-for-page.js').then(
      (m) => m.sbiClientForPage(options),
      () => {
        client = undefined;
        throw new SbiClientError('device_error', 'the biometric part of the page could not be loaded');
      },
    ));
  return {
    discover: async (signal) => (await load()).discover(signal),
    capture: async (request) => (await load()).capture(request),
  };
}
