// The headers the server's own pages are sent with: `/`, `/login` without a sign-in and an
// /authorize error page each in a browsing context of its own (COOP) and readable by this origin
// only (CORP), as the login app's pages are, under the no-script page CSP; the stylesheet too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { PAGE_CSP, PAGE_STYLESHEET_PATH } from './layout.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe("the server's pages", () => {
  it.each([
    ['the home page', '/', 200],
    ['/login without a sign-in', '/login', 200],
    ['/login without a sign-in, in Khmer', '/login?ui_locales=km', 200],
    ['an /authorize error page', '/authorize?client_id=nobody', 400],
  ])('send %s with COOP, CORP and the page CSP, never cached', async (_name, url, status) => {
    const res = await fetch(server.url + url);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('send their stylesheet readable by this origin only', async () => {
    const res = await fetch(server.url + PAGE_STYLESHEET_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});
