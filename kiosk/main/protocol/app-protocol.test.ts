// The app:// handler serves the renderer build's files with their type and the CSP, and refuses
// every path that would leave the build folder, however it is spelt.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskContentSecurityPolicy } from './content-security-policy.js';
import { appProtocolHandler, resolveAppPath } from './app-protocol.js';

let dir: string;
let root: string;
let handler: (request: Request) => Promise<Response>;
const CSP = kioskContentSecurityPolicy('https://id.signet.test');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-app-protocol-'));
  root = path.join(dir, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // A secret beside the build folder, and one whose name starts like it.
  await writeFile(path.join(dir, 'secret.txt'), 'SECRET');
  await mkdir(path.join(dir, 'renderer-private'));
  await writeFile(path.join(dir, 'renderer-private', 'key.txt'), 'SECRET');
  handler = appProtocolHandler(root, CSP);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('app:// files', () => {
  it('serves the page at / with the CSP and its content type', async () => {
    const res = await handler(new Request('app://kiosk/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>kiosk</title>');
  });

  it('serves assets, also under the base the build names them by (/login/app/)', async () => {
    for (const url of ['app://kiosk/assets/index-abc.js', 'app://kiosk/login/app/assets/index-abc.js']) {
      const res = await handler(new Request(url));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await res.text()).toBe('console.log(1)');
    }
  });

  it("answers the page's icon and a browser's /favicon.ico with the build's SVG icon", async () => {
    for (const url of ['app://kiosk/login/assets/favicon.svg', 'app://kiosk/favicon.ico', 'app://kiosk/favicon.svg']) {
      const res = await handler(new Request(url));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(await res.text()).toMatch(/^<svg /);
    }
  });

  it('ships the icon in the renderer build', async () => {
    const shipped = await readFile(path.resolve(import.meta.dirname, '../../renderer/public/favicon.svg'), 'utf8');
    expect(shipped).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 24 24">/);
  });

  it('answers 404 for a missing file or a folder, 405 for a POST', async () => {
    expect((await handler(new Request('app://kiosk/nope.js'))).status).toBe(404);
    expect((await handler(new Request('app://kiosk/assets'))).status).toBe(404);
    expect((await handler(new Request('app://kiosk/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('the renderer build', () => {
  it('is served whole: the page and every script and stylesheet it names (npm test builds first)', async () => {
    const build = path.resolve(import.meta.dirname, '../../dist/renderer');
    const serve = appProtocolHandler(build, CSP);
    const page = await (await serve(new Request('app://kiosk/'))).text();
    const assets = [...page.matchAll(/(?:src|href)="(\/login\/app\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) expect((await serve(new Request(`app://kiosk${asset}`))).status, asset).toBe(200);
  });
});

describe('path traversal', () => {
  it.each([
    'app://kiosk/%2e%2e/secret.txt',
    'app://kiosk/%2E%2E/secret.txt',
    'app://kiosk/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://kiosk/..%2fsecret.txt',
    'app://kiosk/..%2Fsecret.txt',
    'app://kiosk/..%5csecret.txt',
    'app://kiosk/..\\secret.txt',
    'app://kiosk/%2e./secret.txt',
    'app://kiosk/index.html%00.js',
    'app://kiosk/../renderer-private/key.txt',
    'app://kiosk//etc/passwd',
    'app://kiosk/%252e%252e/secret.txt',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('refuses %s with the answer of a missing file', async (url) => {
    const res = await handler(new Request(url));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('SECRET');
  });

  it('never resolves a path outside the build folder, even one the URL parser normalised', () => {
    // The URL parser removes plain `..` segments before the handler sees them: what is left is inside.
    expect(resolveAppPath(root, 'app://kiosk/../../secret.txt')).toBe(path.join(root, 'secret.txt'));
    expect(resolveAppPath(root, 'app://kiosk/..%2f..%2fsecret.txt')).toBeUndefined();
    // %2e%2e is a dot segment to the parser too: removed, the rest stays inside.
    expect(resolveAppPath(root, 'app://kiosk/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
  });
});
