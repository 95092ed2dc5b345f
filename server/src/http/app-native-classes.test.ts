import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { appNativeClasses } from './app-native-classes.js';

describe('appNativeClasses', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('builds requests and responses with the app’s prototypes, still Node’s own kinds', () => {
    const app = express();
    const { IncomingMessage: AppRequest, ServerResponse: AppResponse } = appNativeClasses(app);
    const req = new AppRequest!(new Socket());
    const res = new AppResponse!(req);
    expect(Object.getPrototypeOf(req)).toBe(app.request);
    expect(Object.getPrototypeOf(res)).toBe(app.response);
    expect(req).toBeInstanceOf(IncomingMessage);
    expect(res).toBeInstanceOf(ServerResponse);
    // Node's constructors ran: the fields they set are there.
    expect(req.headers).toEqual({});
    expect(res.statusCode).toBe(200);
  });

  it('serves an Express app unchanged: routing, body parsing, headers, status, JSON, 404', async () => {
    const app = express();
    app.use(express.json());
    let sameBeforeExpress: boolean | undefined;
    app.post('/echo/:id', (req, res) => {
      res
        .set('X-Id', req.params.id)
        .status(201)
        .json({ body: req.body as unknown, type: req.get('content-type') });
    });
    server = createServer(appNativeClasses(app), (req, res) => {
      sameBeforeExpress = Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response;
      app(req, res);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const ok = await fetch(`${base}/echo/7`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('x-id')).toBe('7');
    expect(await ok.json()).toEqual({ body: { a: 1 }, type: 'application/json' });
    expect(sameBeforeExpress).toBe(true);

    const missing = await fetch(`${base}/nothing`);
    expect(missing.status).toBe(404);
  });
});
