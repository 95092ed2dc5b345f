// The app:// protocol: the kiosk's own pages, the renderer build (kiosk/dist/renderer), served from
// its folder instead of file:// (which would give the page the whole disk's origin). A path that
// leaves the folder — `..`, encoded slashes or dots, backslashes, NUL — is refused, never resolved.
// The page's icon, which the server keeps under /login/assets/, is the kiosk's own here (favicon.svg
// of the build, from kiosk/renderer/public/), as is a browser's /favicon.ico.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KIOSK_APP_ORIGIN } from '../navigation/navigation-guard.js';

/** Where the renderer build says its files are (Vite's `base`): the same files. */
const RENDERER_BASE = '/login/app/';
/** The icon's paths: the one the page links to on the server, and the one browsers ask by default. */
const ICON_PATHS = new Set(['/login/assets/favicon.svg', '/favicon.ico']);
const ICON_FILE = 'favicon.svg';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The file under `root` an app:// URL names, or undefined when it is not ours or would leave `root`.
 * @example resolveAppPath('/opt/kiosk/renderer', 'app://kiosk/assets/index.js')
 */
export function resolveAppPath(root: string, url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (`${u.protocol}//${u.host}` !== KIOSK_APP_ORIGIN) return undefined;
  // The raw path, before any decoding: an encoded separator or dot segment is an attack, not a name.
  const raw = u.pathname;
  if (/%2f|%5c|%00|%2e|\\/i.test(raw)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').some((segment) => segment === '..')) return undefined;
  // The build names its assets under the base the server serves it at (vite.config.ts).
  const inBuild = decoded.startsWith(RENDERER_BASE) ? decoded.slice(RENDERER_BASE.length - 1) : decoded;
  const relative = ICON_PATHS.has(decoded) ? ICON_FILE : inBuild === '/' ? 'index.html' : inBuild.replace(/^\/+/, '');
  const absoluteRoot = path.resolve(root);
  const file = path.resolve(absoluteRoot, relative);
  if (!file.startsWith(absoluteRoot + path.sep)) return undefined;
  return file;
}

/**
 * The protocol handler (protocol.handle('app', handler)): the file, with its type and the CSP; 404
 * for anything else, the same answer for a traversal as for a missing file.
 * @example protocol.handle('app', appProtocolHandler(rendererDir, csp));
 */
export function appProtocolHandler(
  root: string,
  contentSecurityPolicy: string,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = resolveAppPath(root, request.url);
    if (!file) return notFound();
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return notFound();
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}
