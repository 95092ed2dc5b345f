// Between one resident and the next at the kiosk window: what is cleared when a resident's sign-in
// there ends (`resident:done`), and where the window goes then. The shell that runs the window
// (Electron's session, the browser stand-in's relayed cookies) does the clearing itself.
import type { ResidentDoneIpcRequest } from '@signet-kiosk/shared/kiosk';

export type ResidentDoneReason = ResidentDoneIpcRequest['reason'];

/** What the reset asks of the shell that runs the kiosk window. */
export interface KioskBrowsingPort {
  /** Clears the kiosk window's cookies and web storage: of every origin, or of `origin` only. */
  clear(scope: { origin?: string }): Promise<void>;
  /** Sends the kiosk window to a page (Electron: loadURL). */
  navigate(url: string): void;
}

export class ResidentReset {
  /**
   * @param o.serverOrigin the Signet server, whose cookies (SSO session, browser binding) end with the sign-in
   * @param o.homeUrl the kiosk window's home page, where an idle window goes back to
   */
  constructor(private readonly o: { serverOrigin: string; homeUrl: () => string; browsing: KioskBrowsingPort }) {}

  /**
   * A resident's sign-in in the kiosk window ended. `left`: the login app handed the resident to the
   * relying party, whose callback still needs its own cookies: the server's are cleared, so the next
   * resident meets no SSO session of this one. `idle`: nobody is there: everything is cleared and the
   * window goes home (the login app's transaction, bound to a cleared cookie, could not go on anyway).
   * @example await reset.done('left');
   */
  async done(reason: ResidentDoneReason): Promise<void> {
    if (reason === 'left') {
      await this.o.browsing.clear({ origin: this.o.serverOrigin });
      return;
    }
    await this.o.browsing.clear({});
    this.o.browsing.navigate(this.o.homeUrl());
  }
}
