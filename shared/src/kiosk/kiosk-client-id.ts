// How a kiosk's OIDC client is named: `kiosk-<kioskId>`. The server registers it with the kiosk and
// opens operator sessions for these clients only; the kiosk signs its operators in with it.
export const KIOSK_CLIENT_PREFIX = 'kiosk-';

/** @example kioskClientId('post-office-1') // 'kiosk-post-office-1' */
export function kioskClientId(kioskId: string): string {
  return `${KIOSK_CLIENT_PREFIX}${kioskId}`;
}

/** The kiosk a client id names, or undefined for a relying party's client. */
export function kioskIdOfClient(clientId: string): string | undefined {
  return clientId.startsWith(KIOSK_CLIENT_PREFIX) ? clientId.slice(KIOSK_CLIENT_PREFIX.length) : undefined;
}
