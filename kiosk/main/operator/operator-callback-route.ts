// The operator sign-in's return where the kiosk runs as a browser stand-in (no Electron shell, no
// navigation guard to catch it): an HTTP route at the redirect URI's path hands the code to the
// session, which exchanges it in this process, and sends the browser on to the kiosk's page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KioskError } from '../errors.js';
import type { OperatorSession } from './operator-session.js';

/**
 * A node:http handler for the sign-in's return: true when it answered the request (the redirect
 * URI's path), false for any other request. Success: 303 to `after`; failure: 400 with the kiosk's error code.
 * @example if (await callback(req, res)) return; // else the stand-in's other routes
 */
export function operatorCallbackRoute(
  session: Pick<OperatorSession, 'isCallback' | 'completeSignIn'>,
  o: { redirectUri: string; after: string },
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    // Only at the redirect URI's own host (a loopback address): no other name of this machine, no DNS
    // name rebound to it, whose page could otherwise send a return of its own.
    if (req.headers.host !== new URL(o.redirectUri).host) return false;
    const url = new URL(req.url ?? '/', o.redirectUri).href;
    if (req.method !== 'GET' || !session.isCallback(url)) return false;
    // The code and state are in this URL: no caching, and no Referer carries them on.
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    try {
      await session.completeSignIn(url);
      res.writeHead(303, { location: o.after }).end();
    } catch (err) {
      const code = err instanceof KioskError ? err.code : 'sign_in_failed';
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`${code}\n`);
    }
    return true;
  };
}
