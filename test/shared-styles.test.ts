// One source for Signet's look: the login app's bundle and the server's pages both carry the rules
// of @signet-kiosk/shared/styles/base.css, and neither part's own stylesheet declares them again.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@signet-kiosk/server/testing';

const source = (url: string) => readFileSync(new URL(url, import.meta.url), 'utf8');
const base = readFileSync(createRequire(import.meta.url).resolve('@signet-kiosk/shared/styles/base.css'), 'utf8');
const appCss = source('../kiosk/renderer/src/styles/app.css');
const pageCss = source('../server/src/pages/static/page.css');
const BUILT_ASSETS = new URL('../kiosk/dist/renderer/assets/', import.meta.url);

/** The custom properties a stylesheet declares (`--name:`), comments left out. */
const tokensDeclared = (css: string) =>
  new Set([...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/(--[a-z0-9-]+)\s*:/g)].map((m) => m[1]!));
/** Rule blocks as `selector { declarations }` with spaces squeezed, comments left out. */
const ruleBlocks = (css: string) =>
  [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(
    (m) => `${m[1]!.trim().replace(/\s+/g, ' ')} { ${m[2]!.trim().replace(/\s+/g, ' ')} }`,
  );

describe('the shared base stylesheet', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it("is what the server's pages are styled with first, followed by page.css", async () => {
    const res = await fetch(`${server.url}/pages/page.css`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`${base}\n${pageCss}`);
  });

  it("is bundled into the login app's stylesheet: every token and every rule's selector", () => {
    const built = readdirSync(BUILT_ASSETS).filter((f) => /^index-.+\.css$/.test(f));
    expect(built).toHaveLength(1);
    const css = readFileSync(new URL(built[0]!, BUILT_ASSETS), 'utf8');
    for (const token of tokensDeclared(base)) expect(css, token).toMatch(new RegExp(`${token}:`));
    for (const selector of ['.btn-primary:hover:not(:disabled)', '.status-neutral', '.brand-mark', '.card'])
      expect(css).toContain(selector);
  });

  it("is the only place the tokens and shared rules are written: neither part's stylesheet repeats them", () => {
    const shared = tokensDeclared(base);
    expect(shared.size).toBeGreaterThan(15);
    for (const [name, css] of [
      ['app.css', appCss],
      ['page.css', pageCss],
    ] as const) {
      expect(
        [...tokensDeclared(css)].filter((t) => shared.has(t)),
        name,
      ).toEqual([]);
      const blocks = new Set(ruleBlocks(base));
      expect(
        ruleBlocks(css).filter((b) => blocks.has(b)),
        name,
      ).toEqual([]);
    }
    expect(appCss).toContain("@import '@signet-kiosk/shared/styles/base.css';");
  });
});
