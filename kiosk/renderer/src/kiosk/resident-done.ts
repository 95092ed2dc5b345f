// Tells the kiosk's main process that a resident's sign-in in the kiosk window has ended
// (`resident:done`), so that it clears what the sign-in left: the server's cookies when the login app
// hands the resident to the relying party, everything (and back to the kiosk's home page) when the
// resident walked away. Outside the kiosk there is no window.kiosk and nothing to tell.
import type { KioskApi, ResidentDoneIpcRequest } from '@signet-kiosk/shared/kiosk';

/**
 * Resolves once the main process has answered, whatever it answered: leaving never waits on a failure.
 * @example await residentDone(window.kiosk, 'left'); location.assign(redirectUrl);
 */
export async function residentDone(
  kiosk: Partial<Pick<KioskApi, 'resident'>> | undefined,
  reason: ResidentDoneIpcRequest['reason'],
): Promise<void> {
  if (!kiosk?.resident) return;
  await kiosk.resident.done({ reason }).catch(() => undefined);
}
