// The kiosk's browser stand-in (demo only): where no Electron binary runs, an HTTP server on loopback
// plays the kiosk window for an ordinary browser. It serves the renderer build as app:// does, the
// server's pages through itself (so that they run on its origin, where window.kiosk exists), and
// window.kiosk over HTTP, every call through the same IpcRouter and handlers the Electron main uses.
// Its pages are on the other loopback name than the server's (localhost for a server on 127.0.0.1):
// browsers keep cookies by host, not by port, and the stand-in's token, the server's cookies it relays
// and the server's own cookies in the same browser must not reach one another.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  KIOSK_CONSOLE_FRAGMENT,
  KIOSK_EVENT_CHANNELS,
  type KioskEventChannel,
  type KioskPageSettings,
} from '@signet-kiosk/shared/kiosk';
import { KioskError } from '../errors.js';
import { IpcRouter, type IpcLog, type KioskIpcHandlers } from '../ipc/ipc-router.js';
import { originOf, SenderPolicy, type IpcSender } from '../ipc/sender-policy.js';
import { operatorCallbackRoute } from '../operator/operator-callback-route.js';
import type { OperatorSession } from '../operator/operator-session.js';
import { resolveAppPath } from '../protocol/app-protocol.js';
import { kioskContentSecurityPolicy } from '../protocol/content-security-policy.js';
import {
  kioskApiScript,
  STAND_IN_EVENTS_PATH,
  STAND_IN_INVOKE_PATH,
  STAND_IN_NAVIGATE_EVENT,
  STAND_IN_PREFIX,
  STAND_IN_SCRIPT_PATH,
} from './kiosk-api-script.js';

/** The stand-in binds these only: it hands out the kiosk's devices and key to whoever reaches it. */
const LOOPBACK = new Set(['127.0.0.1', '::1']);
/** The names its pages may be on: each a name of this machine's loopback, which browsers never look up elsewhere. */
const PAGE_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** The one "kiosk window" of the stand-in: the sender check's web contents id for its page. */
const STAND_IN_PAGE = 1;
const TOKEN_COOKIE = 'signet-kiosk-stand-in';
const TOKEN_PARAM = 'kiosk_token';
const MAX_REQUEST_BYTES = 256 * 1024;
/** How many forgotten cookies the stand-in remembers. */
const MAX_FORGOTTEN = 200;
const SCRIPT_TAG = `<script src="${STAND_IN_SCRIPT_PATH}"></script>`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * The host name the stand-in's pages are on: the loopback name the server's URL does not use, so that
 * the browser keeps their cookies apart (`localhost` for a server on 127.0.0.1, else `127.0.0.1`).
 * @example standInPageHost('http://127.0.0.1:8088') // 'localhost'
 */
export function standInPageHost(serverUrl: string): string {
  return new URL(serverUrl).hostname === 'localhost' ? '127.0.0.1' : 'localhost';
}

export interface StandInOptions {
  /** The address it listens on: must be 127.0.0.1 or ::1. */
  host: string;
  /** The host name of its pages (localhost, 127.0.0.1 or [::1]); by default standInPageHost(serverUrl). */
  pageHost?: string;
  /** 0: any free port. */
  port: number;
  /** The stand-in runs in demo mode only (SIGNET_DEMO); anything else refuses to start. */
  demo: boolean;
  /** The renderer build (kiosk/dist/renderer): the kiosk's own pages. */
  rendererDir: string;
  /** The Signet server whose pages the stand-in passes through. */
  serverUrl: string;
  /** The kiosk main process's handlers, as kioskHandlers() makes them for Electron. */
  handlers: KioskIpcHandlers;
  /** The kiosk's page settings window.kiosk carries (the preload's: the idle timeout). */
  page?: KioskPageSettings;
  /** Pushed events (Electron: webContents.send): called once at start with the push every open page's stream gets. */
  watchEvents?: (push: (channel: KioskEventChannel, payload: unknown) => void) => void;
  /**
   * The operator session whose sign-in returns to the stand-in (the redirect URI's path, on either
   * loopback name): the stand-in hands the return to it, then shows its console.
   */
  operator?: { session: Pick<OperatorSession, 'isCallback' | 'completeSignIn'>; redirectUri: string };
  log?: IpcLog;
}

export interface RunningStandIn {
  /** The origin of the stand-in's pages, e.g. http://localhost:3300. */
  url: string;
  /** The URL to open: the kiosk's operator console with the token. */
  openUrl: string;
  /** The kiosk's operator console on the stand-in (without the token). */
  consoleUrl: string;
  /** The loopback addresses it listens on: its host, and localhost's other one where the machine has it. */
  addresses: string[];
  /**
   * Sends the open pages to `url` (Electron: win.loadURL), the server's URLs on the stand-in's own
   * origin; a URL elsewhere is not followed by the page.
   */
  navigate(url: string): void;
  /**
   * Forgets the server's cookies it relays (Electron: the session's clearStorageData): those the
   * page's next request carries are never relayed again, and are expired in the browser.
   */
  forgetCookies(): void;
  close(): Promise<void>;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Cookie header's parts without the stand-in's own cookie: the server's cookies it relays. */
function relayedCookies(req: IncomingMessage): string[] {
  return (req.headers.cookie ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p && p.split('=')[0]!.trim() !== TOKEN_COOKIE);
}

/** The Cookie header for the server: its token never reaches the server. */
function cookiesForServer(req: IncomingMessage): string | undefined {
  const kept = relayedCookies(req);
  return kept.length ? kept.join('; ') : undefined;
}

/** The Set-Cookie value that expires a relayed cookie (`name=value`; the server sets all of them on Path=/). */
const expiryOf = (cookie: string) => `${cookie.split('=')[0]!.trim()}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new KioskError('invalid_request', '(too large)'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

/** The renderer's HTML with window.kiosk's script first in <head>, before the page's own modules. */
const withKioskScript = (html: string) => html.replace(/<head([^>]*)>/i, (head) => `${head}\n    ${SCRIPT_TAG}`);

/**
 * Listens on one address; a port in use is invalid_config. An `optional` address the machine does not
 * have (no IPv6 loopback) leaves the server closed and resolves all the same.
 */
function listenOn(server: Server, port: number, host: string, optional = false): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (optional && (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT')) resolve();
      else if (err.code === 'EADDRINUSE')
        reject(new KioskError('invalid_config', `(port ${port} on ${host} is already in use)`));
      else reject(err);
    });
    server.listen(port, host, () => resolve());
  });
}

/**
 * Starts the stand-in; refuses outside demo mode and on any address but loopback.
 * @example const standIn = await startStandIn({ host: '127.0.0.1', port: 3300, demo: true, rendererDir, serverUrl, handlers });
 */
export async function startStandIn(options: StandInOptions): Promise<RunningStandIn> {
  if (!options.demo) throw new KioskError('stand_in_refused', '(not demo mode: set SIGNET_DEMO=1)');
  if (!LOOPBACK.has(options.host)) throw new KioskError('stand_in_refused', `(${options.host} is not loopback)`);
  const serverOrigin = originOf(options.serverUrl);
  if (!serverOrigin) throw new KioskError('invalid_config', `(server URL ${options.serverUrl})`);
  const server = new URL(serverOrigin);
  const pageHost = options.pageHost ?? standInPageHost(serverOrigin);
  if (!PAGE_HOSTS.has(pageHost)) throw new KioskError('stand_in_refused', `(${pageHost} is not loopback)`);

  // A CSPRNG token of 256 bits: in the URL once, then in an HttpOnly cookie of this origin.
  const token = randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  const holdsToken = (value: string | null | undefined) => !!value && timingSafeEqual(digest(value), tokenDigest);

  let ownOrigin = '';
  /** Host header of the stand-in's pages, e.g. localhost:3300. */
  let ownHost = '';
  /** Set by forgetCookies(): the cookies the next request carries are forgotten. */
  let forgetNext = false;
  /**
   * Relayed cookies forgotten, by the digest of `name=value` (no resident's session id kept in memory):
   * never relayed again, expired whenever the browser still sends one.
   */
  const forgotten = new Set<string>();
  const isForgotten = (cookie: string) => forgotten.has(digest(cookie).toString('base64url'));
  // Made once listening: the page's origin (the one the sender policy allows, the console the sign-in returns to) is known then.
  const listening: {
    router?: IpcRouter;
    operatorCallback?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  } = {};
  const csp = kioskContentSecurityPolicy(serverOrigin);
  const script = kioskApiScript(options.page);
  const streams = new Set<ServerResponse>();

  /** The sender as the router sees it: the stand-in's page, at the origin the browser says it is on. */
  const senderOf = (req: IncomingMessage): IpcSender => {
    const origin = req.headers.origin;
    return { webContentsId: STAND_IN_PAGE, frame: origin ? { url: `${origin}/`, isMainFrame: true } : null };
  };

  async function invoke(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    let payload: unknown;
    try {
      payload = JSON.parse(await readBody(req));
    } catch {
      payload = undefined;
    }
    // The stand-in's origin stands for the server's, as its pages do: a capture the page binds to it
    // is bound to the server's, the site the Electron kiosk's pages are on and the server accepts.
    if (channel === 'sbi:capture' && payload && typeof payload === 'object') {
      const request = payload as { domainUri?: unknown };
      if (typeof request.domainUri === 'string' && originOf(request.domainUri) === ownOrigin)
        request.domainUri = serverOrigin;
    }
    try {
      const reply = await listening.router!.handle(channel, senderOf(req), payload);
      // resident:done may have asked to forget the cookies: this request's are, and its answer expires them.
      forgetIfAsked(req, res);
      sendJson(res, 200, reply);
    } catch (err) {
      if (err instanceof KioskError && err.code === 'sender_refused') sendJson(res, 403, { message: err.message });
      else if (err instanceof KioskError && err.code === 'invalid_request')
        sendJson(res, 404, { message: err.message });
      else {
        options.log?.warn({ channel, err: (err as Error).message }, 'IPC handler failed');
        sendJson(res, 500, { message: 'The kiosk failed to answer.' });
      }
    }
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.write(': connected\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
  }

  /** A file of the renderer build (app://kiosk/<path>), or false when there is none. */
  async function rendererFile(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const file = resolveAppPath(options.rendererDir, `app://kiosk${pathname}`);
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) return false;
    const ext = path.extname(file).toLowerCase();
    let body: Buffer | string = await readFile(file);
    if (ext === '.html') body = withKioskScript(body.toString('utf8'));
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }

  /**
   * After forgetCookies(), the cookies of the next request (the browser's jar then; for resident:done,
   * its own request) are forgotten. A forgotten cookie is dropped from every request (the server never
   * sees it again) and expired in the browser with the answer, however often the browser still sends it
   * (an answer cut short by the page's navigation does not bring it back).
   */
  function forgetIfAsked(req: IncomingMessage, res: ServerResponse): void {
    const relayed = relayedCookies(req);
    if (forgetNext) {
      forgetNext = false;
      for (const cookie of relayed) forgotten.add(digest(cookie).toString('base64url'));
      // Bounded: a demo's stand-in lives for hours; the oldest are long expired in the browser.
      for (const old of [...forgotten].slice(0, Math.max(0, forgotten.size - MAX_FORGOTTEN))) forgotten.delete(old);
    }
    const stale = relayed.filter(isForgotten);
    if (!stale.length) return;
    const token = cookieValue(req, TOKEN_COOKIE);
    req.headers.cookie = [
      ...(token ? [`${TOKEN_COOKIE}=${token}`] : []),
      ...relayed.filter((c) => !isForgotten(c)),
    ].join('; ');
    res.setHeader('set-cookie', stale.map(expiryOf));
  }

  /** Everything else goes to the server, answered on this origin: its redirects and its pages with window.kiosk. */
  function passThrough(req: IncomingMessage, res: ServerResponse): void {
    const expiries = res.getHeader('set-cookie');
    const headers = { ...req.headers, host: server.host, 'accept-encoding': 'identity' };
    delete headers.cookie;
    const cookie = cookiesForServer(req);
    if (cookie) headers.cookie = cookie;
    if (headers.origin === ownOrigin) headers.origin = serverOrigin!;
    if (typeof headers.referer === 'string' && headers.referer.startsWith(`${ownOrigin}/`))
      headers.referer = serverOrigin + headers.referer.slice(ownOrigin.length);
    const upstream = httpRequest(
      { host: server.hostname, port: server.port || 80, method: req.method, path: req.url, headers },
      (answer) => {
        const out = { ...answer.headers };
        // The server's own cookies last: a cookie it sets again outlives the expiry of the forgotten one.
        if (Array.isArray(expiries)) out['set-cookie'] = [...expiries, ...(out['set-cookie'] ?? [])];
        if (typeof out.location === 'string' && out.location.startsWith(serverOrigin!))
          out.location = ownOrigin + out.location.slice(serverOrigin!.length);
        const isPage = /^text\/html/i.test(String(out['content-type'] ?? '')) && answer.statusCode === 200;
        if (!isPage) {
          res.writeHead(answer.statusCode ?? 502, out);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const html = withKioskScript(Buffer.concat(chunks).toString('utf8'));
          delete out['content-length'];
          res.writeHead(200, { ...out, 'content-length': Buffer.byteLength(html) }).end(html);
        });
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('The Signet server does not answer.');
    });
    req.pipe(upstream);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The operator sign-in's return comes to the redirect URI, which may name the other loopback
    // name (no token cookie there): state and PKCE protect it, as any loopback redirect (RFC 8252).
    if (listening.operatorCallback && (await listening.operatorCallback(req, res))) return;
    // Only the pages' own host name: no other name of this machine, and no DNS name rebound to it.
    if (req.headers.host !== ownHost) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end(`This kiosk stand-in answers at ${ownOrigin} only.`);
      return;
    }
    const url = new URL(req.url ?? '/', ownOrigin);
    const fromUrl = url.searchParams.get(TOKEN_PARAM);
    if (fromUrl !== null && req.method === 'GET') {
      if (!holdsToken(fromUrl)) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('This kiosk stand-in needs its own token.');
        return;
      }
      url.searchParams.delete(TOKEN_PARAM);
      res
        .writeHead(303, {
          location: url.pathname + url.search,
          'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          'cache-control': 'no-store',
        })
        .end();
      return;
    }
    if (!holdsToken(cookieValue(req, TOKEN_COOKIE))) {
      res
        .writeHead(401, { 'content-type': 'text/plain; charset=utf-8' })
        .end('This kiosk stand-in answers only the URL with its token that `npm start` printed.');
      return;
    }
    const { pathname } = url;
    if (!pathname.startsWith(STAND_IN_INVOKE_PATH)) forgetIfAsked(req, res);
    if (pathname === STAND_IN_SCRIPT_PATH && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(script);
    } else if (pathname.startsWith(STAND_IN_INVOKE_PATH) && req.method === 'POST') {
      await invoke(req, res, decodeURIComponent(pathname.slice(STAND_IN_INVOKE_PATH.length)));
    } else if (pathname === STAND_IN_EVENTS_PATH && req.method === 'GET') {
      events(req, res);
    } else if (pathname.startsWith(`${STAND_IN_PREFIX}/`)) {
      res.writeHead(404).end();
    } else if (!(await rendererFile(req, res, pathname))) {
      passThrough(req, res);
    }
  }

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      options.log?.warn({ err: (err as Error).message }, 'stand-in request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('The kiosk stand-in failed.');
    });
  };
  const http = createServer(answer);
  await listenOn(http, options.port, options.host);
  const { port } = http.address() as AddressInfo;
  const servers = [http];
  // A browser may try localhost's other loopback address first: the stand-in holds it too, so that
  // no other program listening there gets the page and its token.
  if (pageHost === 'localhost') {
    const twin = createServer(answer);
    try {
      await listenOn(twin, port, options.host === '::1' ? '127.0.0.1' : '::1', true);
      if (twin.listening) servers.push(twin);
    } catch (err) {
      if (!(err instanceof KioskError)) throw err;
      await new Promise((resolve) => http.close(resolve));
      throw err;
    }
  }
  ownHost = `${pageHost}:${port}`;
  ownOrigin = `http://${ownHost}`;
  const consoleUrl = `${ownOrigin}/${KIOSK_CONSOLE_FRAGMENT}`;
  listening.operatorCallback = options.operator
    ? operatorCallbackRoute(options.operator.session, { redirectUri: options.operator.redirectUri, after: consoleUrl })
    : undefined;
  options.watchEvents?.((channel, payload) => {
    // Held to the contract like every reply: an off-contract event is a bug, not something to send.
    const event = `event: ${channel}\ndata: ${JSON.stringify(KIOSK_EVENT_CHANNELS[channel].parse(payload))}\n\n`;
    for (const stream of streams) stream.write(event);
  });
  // One origin plays both the kiosk's own pages and the server's (passed through): in the demo-only
  // stand-in the console and the login app cannot be told apart by origin, as app:// and the server are in the app.
  listening.router = new IpcRouter(
    options.handlers,
    new SenderPolicy(() => STAND_IN_PAGE, [ownOrigin], [ownOrigin]),
    options.log,
  );
  return {
    url: ownOrigin,
    openUrl: `${ownOrigin}/?${TOKEN_PARAM}=${token}${KIOSK_CONSOLE_FRAGMENT}`,
    consoleUrl,
    addresses: servers.map((server) => (server.address() as AddressInfo).address),
    navigate(url) {
      const target = url.startsWith(serverOrigin) ? ownOrigin + url.slice(serverOrigin.length) : url;
      const event = `event: ${STAND_IN_NAVIGATE_EVENT}\ndata: ${JSON.stringify(target)}\n\n`;
      for (const stream of streams) stream.write(event);
    },
    forgetCookies() {
      forgetNext = true;
    },
    close: async () => {
      for (const s of streams) s.end();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
