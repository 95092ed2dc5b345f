// route() and errorResponder() over real HTTP: thrown errors and rejected promises reach the
// router's error handler, known errors are answered in the router's format, unexpected ones are
// reported and answered generically, and an answer already under way goes on to the final handler.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponder, route, type ErrorFormat } from './route.js';

class Known extends Error {}

const TEXT_FORMAT: ErrorFormat = {
  answerKnown(res, err) {
    if (!(err instanceof Known)) return false;
    res.status(418).type('text').send(`known: ${err.message}`);
    return true;
  },
  answerUnexpected: (res) => void res.status(500).type('text').send('unexpected'),
};

describe('route and errorResponder', () => {
  const reported: unknown[] = [];
  let url: string;
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    app.get(
      '/ok',
      route(async (_req, res) => void res.send('fine')),
    );
    app.get(
      '/sync-known',
      route(() => {
        throw new Known('thrown');
      }),
    );
    app.get(
      '/async-known',
      route(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Known('rejected');
      }),
    );
    app.get(
      '/async-unexpected',
      route(async () => {
        throw new Error('secret detail');
      }),
    );
    app.get(
      '/after-headers',
      route(async (_req, res) => {
        res.status(200).write('partial');
        throw new Known('too late');
      }),
    );
    app.use(errorResponder(TEXT_FORMAT, (err) => reported.push(err)));
    app.use(
      (_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.end(),
    );
    const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('lets a handler that succeeds answer', async () => {
    const res = await fetch(`${url}/ok`);
    expect([res.status, await res.text()]).toEqual([200, 'fine']);
  });

  it('answers an error thrown synchronously, and one a promise rejects with, in the format', async () => {
    for (const [path, message] of [
      ['sync-known', 'thrown'],
      ['async-known', 'rejected'],
    ]) {
      const res = await fetch(`${url}/${path}`);
      expect([res.status, await res.text()]).toEqual([418, `known: ${message}`]);
    }
    expect(reported).toEqual([]);
  });

  it('reports an unexpected error and answers without its details', async () => {
    const res = await fetch(`${url}/async-unexpected`);
    expect([res.status, await res.text()]).toEqual([500, 'unexpected']);
    expect(reported).toHaveLength(1);
    expect((reported[0] as Error).message).toBe('secret detail');
  });

  it('passes an error after the answer started on to the next handler, which ends it', async () => {
    const res = await fetch(`${url}/after-headers`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('partial');
    expect(reported).toHaveLength(1);
  });
});
