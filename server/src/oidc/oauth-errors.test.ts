import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthErrorHandler } from './oauth-errors.js';

describe('oauthErrorHandler', () => {
  const unexpected: unknown[] = [];
  let url: string;
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    app.post('/form', express.urlencoded({ extended: false, parameterLimit: 2 }), (_req, res) => void res.json({}));
    app.get('/plugin-failure', () => {
      throw Object.assign(new Error('the ID system said 401'), { status: 401 });
    });
    app.use(oauthErrorHandler((err) => unexpected.push(err)));
    const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('answers a body the parser refuses with invalid_request "request body could not be parsed"', async () => {
    const res = await fetch(`${url}/form`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b=2&c=3',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      error_description: 'request body could not be parsed',
    });
  });

  it('answers any other error with a 4xx status as a server error, and reports it', async () => {
    const res = await fetch(`${url}/plugin-failure`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'server_error', error_description: 'unexpected server error' });
    expect(unexpected).toHaveLength(1);
  });
});
