// The stand-in's HTTP layer against the real kiosk handlers and the real simulator: it refuses to
// start outside demo mode or off loopback, answers nothing without its token, turns the token into
// a cookie, answers window.kiosk's calls from its own origin only, and streams device events. Its
// pages are on the other loopback name than the server's and answer that host name only; the server's
// cookies it relays are forgotten (never relayed again, expired) when a resident's sign-in ends.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SbiBridge } from '@signet-kiosk/sbi-bridge';
import { portBlock, simulatorAdmin, simulatorTrust, startTestSimulator } from '@signet-kiosk/sbi-bridge/testing';
import { KioskError } from '../errors.js';
import { kioskHandlers } from '../kiosk-handlers.js';
import { KioskSbi } from '../sbi/kiosk-sbi.js';
import { STAND_IN_SCRIPT_PATH } from './kiosk-api-script.js';
import { standInPageHost, startStandIn, type RunningStandIn, type StandInOptions } from './stand-in-server.js';

const PORTS = portBlock(11);
let sim: Awaited<ReturnType<typeof startTestSimulator>>;
let sbi: KioskSbi;
let standIn: RunningStandIn;
let options: StandInOptions;
/** A renderer build of one page. */
const rendererDir = mkdtempSync(path.join(tmpdir(), 'stand-in-renderer-'));
writeFileSync(
  path.join(rendererDir, 'index.html'),
  '<!doctype html><html><head><title>Kiosk</title></head><body></body></html>',
);

/** A GET to one address with the Host header given (fetch does not let a caller set it). */
function getAt(address: string, port: number, host: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, path: '/', headers: { host, cookie } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The stand-in's cookie, got by opening its URL with the token. */
async function cookieOf(s: RunningStandIn): Promise<string> {
  const res = await fetch(s.openUrl, { redirect: 'manual' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/');
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return cookie.split(';')[0]!;
}

beforeAll(async () => {
  sim = await startTestSimulator(PORTS);
  sbi = new KioskSbi({
    bridge: new SbiBridge({ trust: simulatorTrust(sim), ports: PORTS, discoveryTimeoutMs: 5000 }),
    requestedScore: { Finger: 70, Iris: 70, Face: 70 },
    rescanIntervalMs: 300,
  });
  options = {
    host: '127.0.0.1',
    port: 0,
    demo: true,
    rendererDir,
    serverUrl: 'http://127.0.0.1:9',
    handlers: kioskHandlers({ sbi, identity: () => Promise.reject(new KioskError('identity_unavailable')) }),
    watchEvents: (push) => sbi.watch((event) => push('sbi:device-event', event)),
  };
  standIn = await startStandIn(options);
}, 60_000);

afterAll(async () => {
  await standIn?.close();
  await sbi?.close();
  await sim?.close();
});

describe('the kiosk browser stand-in', () => {
  it('refuses to start outside demo mode, and on any address but loopback', async () => {
    await expect(startStandIn({ ...options, demo: false })).rejects.toMatchObject({ code: 'stand_in_refused' });
    await expect(startStandIn({ ...options, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'stand_in_refused' });
  });

  it('answers nothing without its token, nor with another one', async () => {
    for (const p of ['/', STAND_IN_SCRIPT_PATH, '/__kiosk/events', '/authorize', '/operator/callback'])
      expect((await fetch(`${standIn.url}${p}`)).status).toBe(401);
    const invoke = await fetch(`${standIn.url}/__kiosk/invoke/sbi:discover`, {
      method: 'POST',
      headers: { origin: standIn.url, cookie: `signet-kiosk-stand-in=${randomBytes(32).toString('base64url')}` },
      body: '{}',
    });
    expect(invoke.status).toBe(401);
    const guessed = await fetch(`${standIn.url}/?kiosk_token=${randomBytes(32).toString('base64url')}`, {
      redirect: 'manual',
    });
    expect(guessed.status).toBe(401);
    expect(guessed.headers.get('set-cookie')).toBeNull();
  });

  it("serves the renderer's page with window.kiosk's script first and app://'s CSP", async () => {
    const cookie = await cookieOf(standIn);
    const page = await fetch(`${standIn.url}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    expect(await page.text()).toMatch(/<head>\s*<script src="\/__kiosk\/kiosk-api\.js"><\/script>\s*<title>/);
    const script = await (await fetch(`${standIn.url}${STAND_IN_SCRIPT_PATH}`, { headers: { cookie } })).text();
    for (const channel of ['sbi:discover', 'sbi:capture', 'sbi:cancel-capture', 'kiosk:identity', 'sbi:device-event'])
      expect(script).toContain(`"${channel}"`);
  });

  it("answers its own origin's calls through the router, and refuses another origin's", async () => {
    const cookie = await cookieOf(standIn);
    const call = (origin: string, channel: string, body: string) =>
      fetch(`${standIn.url}/__kiosk/invoke/${channel}`, { method: 'POST', headers: { origin, cookie }, body });
    const discovered = await call(standIn.url, 'sbi:discover', '{}');
    expect(discovered.status).toBe(200);
    const reply = (await discovered.json()) as { ok: boolean; value: { details: { serialNo: string } }[] };
    expect(reply.ok).toBe(true);
    expect(reply.value.map((d) => d.details.serialNo)).toContain('SIM-FNG-0001');
    expect(await (await call(standIn.url, 'sbi:discover', '{"extra":1}')).json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect((await call(standIn.url, 'no:such-channel', '{}')).status).toBe(404);
    expect((await call('http://127.0.0.1:9', 'sbi:discover', '{}')).status).toBe(403);
    const noOrigin = await fetch(`${standIn.url}/__kiosk/invoke/sbi:discover`, {
      method: 'POST',
      headers: { cookie },
      body: '{}',
    });
    expect(noOrigin.status).toBe(403);
  });

  it('streams pushed device events to the page as server-sent events', async () => {
    const cookie = await cookieOf(standIn);
    const abort = new AbortController();
    const res = await fetch(`${standIn.url}/__kiosk/events`, { headers: { cookie }, signal: abort.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    // A change the background rescan sees after the page subscribed.
    await simulatorAdmin(sim, 'POST', '/admin/status', { deviceId: '2', status: 'Not Ready' });
    let text = '';
    while (!/event: sbi:device-event\ndata: .*"status-changed"/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    expect(text).toMatch(
      /event: sbi:device-event\ndata: \{"type":"status-changed".*"modality":"Iris".*"status":"Not Ready"/,
    );
  }, 30_000);

  it("is on the other loopback name than the server's, and answers that host name only", async () => {
    expect(standInPageHost('http://127.0.0.1:8088')).toBe('localhost');
    expect(standInPageHost('http://localhost:8088')).toBe('127.0.0.1');
    expect(new URL(standIn.url).hostname).toBe('localhost');
    const cookie = await cookieOf(standIn);
    const port = Number(new URL(standIn.url).port);
    expect((await getAt('127.0.0.1', port, `localhost:${port}`, cookie)).status).toBe(200);
    for (const host of [`127.0.0.1:${port}`, `rebound.example.org:${port}`])
      expect((await getAt('127.0.0.1', port, host, cookie)).status, host).toBe(421);
    // localhost's other loopback address, where this machine has one, is the stand-in's too: no other
    // program listening there gets its pages.
    const ipv6Loopback = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(0, '::1', () => probe.close(() => resolve(true)));
    });
    expect(standIn.addresses).toEqual(ipv6Loopback ? ['127.0.0.1', '::1'] : ['127.0.0.1']);
    for (const address of standIn.addresses) {
      const answer = await getAt(address, port, `localhost:${port}`, cookie);
      expect(answer.status, address).toBe(200);
      expect(answer.body).toContain('<title>Kiosk</title>');
    }
    await expect(startStandIn({ ...options, pageHost: 'kiosk.example.org' })).rejects.toMatchObject({
      code: 'stand_in_refused',
    });
  });

  it("forgets the server's cookies it relays when a resident's sign-in ends: never relayed again, expired", async () => {
    // The server: says which cookies reached it.
    const seen: (string | undefined)[] = [];
    const upstream: Server = createServer((req, res) => {
      seen.push(req.headers.cookie);
      res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': 'XSRF-TOKEN=fresh; Path=/' }).end('ok');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const forgetting: { standIn?: RunningStandIn } = {};
    const relaying = await startStandIn({
      ...options,
      serverUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      handlers: kioskHandlers({
        sbi,
        identity: () => Promise.reject(new KioskError('identity_unavailable')),
        resident: { done: async () => forgetting.standIn?.forgetCookies() },
      }),
    });
    forgetting.standIn = relaying;
    try {
      const token = await cookieOf(relaying);
      const jar = `${token}; SIGNET-BROWSER=resident-a; signet_sso=resident-a-session`;
      const page = (cookie: string) => fetch(`${relaying.url}/authorize`, { headers: { cookie } });
      expect((await page(jar)).status).toBe(200);
      expect(seen.at(-1)).toBe('SIGNET-BROWSER=resident-a; signet_sso=resident-a-session');

      const done = await fetch(`${relaying.url}/__kiosk/invoke/resident:done`, {
        method: 'POST',
        headers: { origin: relaying.url, cookie: jar },
        body: JSON.stringify({ reason: 'left' }),
      });
      expect(await done.json()).toEqual({ ok: true, value: { cleared: true } });
      expect(done.headers.getSetCookie()).toEqual([
        'SIGNET-BROWSER=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
        'signet_sso=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
      ]);

      // A browser that still sends them (an answer cut short): the server never sees them, and they are expired again.
      const again = await page(jar);
      expect(seen.at(-1)).toBeUndefined();
      expect(again.headers.getSetCookie()).toEqual([
        'SIGNET-BROWSER=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
        'signet_sso=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
        'XSRF-TOKEN=fresh; Path=/',
      ]);
      // The next resident's own cookies pass.
      await page(`${token}; SIGNET-BROWSER=resident-b`);
      expect(seen.at(-1)).toBe('SIGNET-BROWSER=resident-b');
    } finally {
      await relaying.close();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});
