// Which frames the main process answers: only the kiosk window's own main frame, and only while it
// shows a page of an allowed origin (the server's login app, the kiosk's app:// pages). A relying
// party's page in the same window, an iframe, or any other web contents gets nothing.

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

export class SenderPolicy {
  private readonly origins: ReadonlySet<string>;

  /**
   * @param kioskWebContentsId the kiosk window's web contents (read when a message arrives: the window may be re-made)
   * @param allowedOrigins origins whose pages may use `window.kiosk`
   */
  constructor(
    private readonly kioskWebContentsId: () => number | undefined,
    allowedOrigins: readonly string[],
  ) {
    this.origins = new Set(allowedOrigins.map((o) => originOf(o) ?? o));
  }

  /**
   * Why a sender is refused, or undefined when it may be answered.
   * @example policy.refusal({ webContentsId: 1, frame: { url: 'https://id.example.org/login', isMainFrame: true } })
   */
  refusal(sender: IpcSender): string | undefined {
    if (sender.webContentsId !== this.kioskWebContentsId()) return 'not the kiosk window';
    if (!sender.frame) return 'the frame has gone';
    if (!sender.frame.isMainFrame) return 'not the main frame';
    const origin = originOf(sender.frame.url);
    if (!origin || !this.origins.has(origin)) return `origin ${origin ?? 'unreadable'} is not allowed`;
    return undefined;
  }
}
