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

describe('the built login app (npm run build:renderer)', () => {
  it('holds no source map, and its scripts point to none', () => {
    const files = assets(DEFAULT_LOGIN_APP_DIR);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const f of files.filter((f) => /\.(js|css)$/.test(f)))
      expect(readFileSync(path.join(DEFAULT_LOGIN_APP_DIR, 'assets', f), 'utf8')).not.toContain('sourceMappingURL');
  });
});
