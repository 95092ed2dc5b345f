// Where the kiosk window may go: the server (login app, authorize, its pages), the kiosk's own app://
// pages, and the relying parties whose start URLs are configured (their pages, and the redirect back
// to them after sign-in). Everything else — other sites, file:, javascript:, data: — is refused,
// and no page may open a window.
import { originOf } from '../ipc/sender-policy.js';

/** The origin the kiosk's own pages are served from (protocol.handle('app', …)). */
export const KIOSK_APP_ORIGIN = 'app://kiosk';

export class NavigationGuard {
  private readonly origins: ReadonlySet<string>;

  constructor(opts: { serverUrl: string; startUrls: readonly string[] }) {
    this.origins = new Set([opts.serverUrl, ...opts.startUrls, KIOSK_APP_ORIGIN].flatMap((u) => originOf(u) ?? []));
  }

  /** The origins the window may show, for IPC and permission checks too. */
  get allowedOrigins(): readonly string[] {
    return [...this.origins];
  }

  /**
   * Whether the window may navigate (or be redirected) to `url`.
   * @example guard.allows('https://evil.example/') // false
   */
  allows(url: string): boolean {
    const origin = originOf(url);
    return origin !== undefined && this.origins.has(origin);
  }

  /** What setWindowOpenHandler answers: never a new window. */
  windowOpen(): { action: 'deny' } {
    return { action: 'deny' };
  }
}
