// What the app answers for an error no router's own handler answered (a malformed %-escape in a
// route parameter, a route without an error handler of its own): the status and its standard
// phrase, never Express's development page with the error's stack and the server's file paths.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { route } from './route.js';
import { lastResortErrorHandler } from './last-resort-errors.js';

describe('the app behind every router', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a route parameter that is not valid %-encoding with 400 and no stack trace', async () => {
    const res = await fetch(`${server.config.issuer}/pages/fonts/%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await res.text();
    expect(body).toBe('Bad Request');
  });
});

describe('lastResortErrorHandler', () => {
  const reported: unknown[] = [];
  let url: string;
  let close: () => void;
  beforeAll(async () => {
    const app = express();
    app.get(
      '/boom',
      route(async () => {
        throw new Error('secret detail at /srv/signet/dist/x.js');
      }),
    );
    app.get(
      '/refused',
      route(() => {
        throw Object.assign(new Error('Forbidden path /srv/signet'), { status: 403 });
      }),
    );
    app.use(lastResortErrorHandler((err) => reported.push(err)));
    const s = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    close = () => s.close();
  });
  afterAll(() => close());

  it('answers an unexpected error with 500 and its standard phrase, and reports it', async () => {
    const res = await fetch(`${url}/boom`);
    expect([res.status, await res.text()]).toEqual([500, 'Internal Server Error']);
    expect(reported).toHaveLength(1);
  });

  it('keeps the 4xx status of an error that carries one, without its message', async () => {
    const res = await fetch(`${url}/refused`);
    expect([res.status, await res.text()]).toEqual([403, 'Forbidden']);
    expect(reported).toHaveLength(1);
  });
});
