// Whether a resident has walked away from a relying party's page in the kiosk window. The login app
// tells the kiosk itself when it goes idle (resident:done); a relying party's pages cannot, so the
// Electron shell asks the system how long nobody touched the machine and resets the window when this
// says so, once per idle stretch (a home page that redirects elsewhere is not reset again and again).
// The kiosk's own pages (the operator console, locked by the operator session's own timer), the
// login app's page with a sign-in request (its own idle timeout, which also tells the kiosk when the
// request failed) and the home page (nothing left to clear) never are. The server's other pages (an
// error page, /authorize with a bad client, /login without a request) have no timer and are reset.
import { originOf } from '../ipc/sender-policy.js';
import { KIOSK_APP_ORIGIN } from '../navigation/navigation-guard.js';

export interface WalkedAwayCheck {
  /** Seconds since the last touch, key or pointer move anywhere on the machine (Electron: powerMonitor.getSystemIdleTime()). */
  systemIdleSeconds: number;
  /** The kiosk's kiosk.residentIdleSeconds; 0: never. */
  limitSeconds: number;
  /** The page the kiosk window shows now. */
  url: string;
  homeUrl: string;
  serverUrl: string;
}

/**
 * True when the window shows a page nobody has touched for the resident idle time, other than the
 * home page, the kiosk's own pages or the login app's page with a sign-in request.
 * @example if (residentWalkedAway({ systemIdleSeconds, limitSeconds: 90, url, homeUrl, serverUrl })) await reset.done('idle');
 */
export function residentWalkedAway(c: WalkedAwayCheck): boolean {
  if (!(c.limitSeconds > 0) || c.systemIdleSeconds < c.limitSeconds) return false;
  const origin = originOf(c.url);
  if (!origin || origin === KIOSK_APP_ORIGIN || isLoginAppWithRequest(c.url, c.serverUrl)) return false;
  return !sameDocument(c.url, c.homeUrl);
}

/**
 * The server's `/login` with a sign-in request (a client_id, as the server's pages decide): the page
 * the login app runs on, whose idle timeout resets the window itself.
 */
function isLoginAppWithRequest(url: string, serverUrl: string): boolean {
  try {
    const u = new URL(url);
    return u.origin === new URL(serverUrl).origin && LOGIN_APP_PATHS.has(u.pathname) && u.searchParams.has('client_id');
  } catch {
    return false;
  }
}

/** Where the server serves the login app (Express matches a trailing slash too). */
const LOGIN_APP_PATHS: ReadonlySet<string> = new Set(['/login', '/login/']);

/** Asked every few seconds; says reset at most once while nobody touches the machine. */
export class WalkedAwayWatch {
  /** The system idle time at the last reset: while it keeps growing, it is the same idle stretch. */
  private resetAtIdle = Number.POSITIVE_INFINITY;

  constructor(private readonly o: Pick<WalkedAwayCheck, 'limitSeconds' | 'homeUrl' | 'serverUrl'>) {}

  /**
   * Whether to reset the window now.
   * @example if (watch.shouldReset(powerMonitor.getSystemIdleTime(), win.webContents.getURL())) void reset.done('idle');
   */
  shouldReset(systemIdleSeconds: number, url: string): boolean {
    if (systemIdleSeconds >= this.resetAtIdle) return false;
    this.resetAtIdle = Number.POSITIVE_INFINITY;
    if (!residentWalkedAway({ ...this.o, systemIdleSeconds, url })) return false;
    this.resetAtIdle = systemIdleSeconds;
    return true;
  }
}

/** The same URL but for its fragment. */
function sameDocument(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    x.hash = '';
    y.hash = '';
    return x.href === y.href;
  } catch {
    return false;
  }
}
