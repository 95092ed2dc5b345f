// What the login UI's router serves under /login/app: the built bundle, and never a source map —
// neither served (even one a build left beside the bundle) nor shipped by the build.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { DEFAULT_LOGIN_APP_DIR } from './login-app.js';

const assets = (dir: string) => readdirSync(path.join(dir, 'assets'));

describe('/login/app', () => {
  let server: TestServer;
  let appDir: string;
  let script: string;

  beforeAll(async () => {
    // A copy of the built app with a source map planted beside its script, as a build with maps on would leave it.
    appDir = mkdtempSync(path.join(tmpdir(), 'signet-login-app-'));
    cpSync(DEFAULT_LOGIN_APP_DIR, appDir, { recursive: true });
    script = assets(appDir).find((f) => /^index-.+\.js$/.test(f))!;
    writeFileSync(path.join(appDir, 'assets', `${script}.map`), '{"version":3,"sources":["secret.ts"]}');
    server = await startTestServer({ loginAppDir: appDir });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(appDir, { recursive: true, force: true });
  });

  it('serves the bundle, under the login CSP and COOP/CORP', async () => {
    const res = await fetch(`${server.url}/login/app/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('refuses a source map even when one lies beside the bundle', async () => {
    const res = await fetch(`${server.url}/login/app/assets/${script}.map`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret.ts');
  });
});

describe('GET /login', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  const csrfOf = (page: string) => /<body [^>]*data-csrf="([^"]*)"/.exec(page)?.[1];
  const cookieOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith('XSRF-TOKEN='))
      ?.match(/^XSRF-TOKEN=([^;]*)/)?.[1];

  it('carries the browser’s CSRF token in the page, the same as its strict HttpOnly cookie, a new one per browser', async () => {
    const first = await fetch(`${server.url}/login?client_id=some-client`);
    const page = await first.text();
    const token = csrfOf(page);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookieOf(first)).toBe(token);
    expect(first.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='))).toMatch(/HttpOnly.*SameSite=Strict/i);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const other = csrfOf(await (await fetch(`${server.url}/login?client_id=some-client`)).text());
    expect(other).not.toBe(token);
  });

  it('keeps the token a browser already holds (two tabs do not undo each other), and replaces a malformed one', async () => {
    const held = 'A'.repeat(43);
    const again = await fetch(`${server.url}/login?client_id=some-client`, {
      headers: { cookie: `XSRF-TOKEN=${held}` },
    });
    expect(csrfOf(await again.text())).toBe(held);
    const bad = await fetch(`${server.url}/login?client_id=some-client`, {
      headers: { cookie: 'XSRF-TOKEN="><script>' },
    });
    const replaced = csrfOf(await bad.text());
    expect(replaced).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookieOf(bad)).toBe(replaced);
  });
});

describe('the built login app (npm run build:renderer)', () => {
  const scripts = () =>
    assets(DEFAULT_LOGIN_APP_DIR)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(path.join(DEFAULT_LOGIN_APP_DIR, 'assets', f), 'utf8'));

  it('ships its catalogues parsed and no ICU message parser (the build compiled them)', () => {
    // Texts of the parser's own errors: present in every build that bundles it.
    expect(
      scripts().filter((s) => /UNCLOSED_TAG|EXPECT_ARGUMENT_CLOSING_BRACE|INVALID_PLURAL_ARGUMENT_SELECTOR/.test(s)),
    ).toEqual([]);
    const entryFile = assets(DEFAULT_LOGIN_APP_DIR).find((f) => /^index-.+\.js$/.test(f))!;
    const entry = readFileSync(path.join(DEFAULT_LOGIN_APP_DIR, 'assets', entryFile), 'utf8');
    expect(entry, 'its messages as syntax trees').toMatch(/"action\.back":\[\{type:0,value:.Back.\}\]/);
  });

  it('holds no source map, and its scripts point to none', () => {
    const files = assets(DEFAULT_LOGIN_APP_DIR);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const f of files.filter((f) => /\.(js|css)$/.test(f)))
      expect(readFileSync(path.join(DEFAULT_LOGIN_APP_DIR, 'assets', f), 'utf8')).not.toContain('sourceMappingURL');
  });
});
