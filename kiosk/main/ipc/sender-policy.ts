// Which frames the main process answers: only the kiosk window's own main frame, and only while it
// shows a page of an allowed origin (the server's login app, the kiosk's app:// pages). A relying
// party's page in the same window, an iframe, or any other web contents gets nothing. The
// operator's channels (sign-in, link codes, submissions, the kiosk's identity) answer only the
// kiosk's own pages: the login app on the server's origin drives devices, never the operator's session.

/** What the main process knows of a message's sender (Electron: event.sender, event.senderFrame). */
export interface IpcSender {
  /** The id of the web contents that sent it. */
  webContentsId: number;
  /** The sending frame; null when it has gone or navigated since. */
  frame: { url: string; isMainFrame: boolean } | null;
}

/**
 * The origin of a URL as the allow-lists name it: `https://id.example.org`, `app://kiosk` (WHATWG URL
 * gives custom schemes the origin "null", which would match every custom scheme alike).
 * @example originOf('app://kiosk/index.html') // 'app://kiosk'
 */
export function originOf(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  return u.host ? `${u.protocol}//${u.host}` : undefined;
}

/** Channels only the kiosk's own pages (the operator console) may use. */
export const isConsoleChannel = (channel: string): boolean =>
  channel.startsWith('operator:') || channel.startsWith('link:') || channel.startsWith('kiosk:');

/** The origin of the kiosk's own pages in the Electron app. */
export const KIOSK_PAGES_ORIGIN = 'app://kiosk';

export class SenderPolicy {
  private readonly origins: ReadonlySet<string>;
  private readonly consoleOrigins: ReadonlySet<string>;

  /**
   * @param kioskWebContentsId the kiosk window's web contents (read when a message arrives: the window may be re-made)
   * @param allowedOrigins origins whose pages may use `window.kiosk`
   * @param consoleOrigins the kiosk's own pages, which alone may use the operator's channels
   *   (`app://kiosk`; the browser stand-in's own origin there)
   */
  constructor(
    private readonly kioskWebContentsId: () => number | undefined,
    allowedOrigins: readonly string[],
    consoleOrigins: readonly string[] = [KIOSK_PAGES_ORIGIN],
  ) {
    this.origins = new Set(allowedOrigins.map((o) => originOf(o) ?? o));
    this.consoleOrigins = new Set(consoleOrigins.map((o) => originOf(o) ?? o));
  }

  /**
   * Why a sender is refused for a channel, or undefined when it may be answered.
   * @example policy.refusal({ webContentsId: 1, frame: { url: 'https://id.example.org/login', isMainFrame: true } }, 'sbi:discover')
   */
  refusal(sender: IpcSender, channel: string): string | undefined {
    if (sender.webContentsId !== this.kioskWebContentsId()) return 'not the kiosk window';
    if (!sender.frame) return 'the frame has gone';
    if (!sender.frame.isMainFrame) return 'not the main frame';
    const origin = originOf(sender.frame.url);
    if (!origin || !this.origins.has(origin)) return `origin ${origin ?? 'unreadable'} is not allowed`;
    if (isConsoleChannel(channel) && !this.consoleOrigins.has(origin))
      return `origin ${origin} is not the kiosk's own pages, which alone may use ${channel}`;
    return undefined;
  }
}
