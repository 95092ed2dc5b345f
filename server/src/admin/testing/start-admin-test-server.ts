// Test harness for the admin API: a real context (createContext: SQLite registry, keys, audit)
// in a temporary data folder, with clientMgmtRouter mounted on a fresh Express app listening
// on a free port — beside a plain route, to show the admin middleware stays on its own paths.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { MemoryAuditSink } from '../../audit/audit-sink.js';
import { loadConfig, type Config } from '../../config.js';
import type { ServerContext } from '../../context.js';
import { closeContext, createContext } from '../../server.js';
import { TEST_ADMIN_TOKEN } from '../../testing/start-test-server.js';
import { clientMgmtRouter } from '../client-mgmt-routes.js';
import { STUB_AUTHENTICATOR } from './stub-authenticator.js';

export { TEST_ADMIN_TOKEN };

/** Answered by the app after the admin router, without any token: GET and POST (text body). */
export const PLAIN_ROUTE = '/plain';

export interface CallOptions {
  /** JSON-encoded as the body. */
  body?: unknown;
  /** Sent as is (overrides body). */
  rawBody?: string;
  /** Bearer token; default TEST_ADMIN_TOKEN, null for none. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  json: { responseTime?: string; response: unknown; errors: { errorCode: string; errorMessage: string }[] } & Record<
    string,
    unknown
  >;
}

export interface AdminTestServer {
  url: string;
  /** One HTTP request to the server, JSON in and out. */
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  ctx: ServerContext;
  config: Config;
  audit: MemoryAuditSink;
  close(): Promise<void>;
}

/**
 * Overrides go to loadConfig.
 * @example const closed = await startAdminTestServer({ adminToken: undefined }); // admin API answers 403
 */
export async function startAdminTestServer(overrides: Record<string, unknown> = {}): Promise<AdminTestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-admin-test-'));
  const config = loadConfig(
    {},
    {
      port: 0,
      dataDir,
      adminToken: TEST_ADMIN_TOKEN,
      authenticator: STUB_AUTHENTICATOR,
      logLevel: 'silent',
      ...overrides,
    },
  );
  const audit = new MemoryAuditSink();
  const ctx = await createContext(config, { audit, logger: pino({ level: 'silent' }) });
  const app = express();
  app.use(clientMgmtRouter(ctx));
  app.get(PLAIN_ROUTE, (_req, res) => {
    res.json({ plain: true });
  });
  app.post(PLAIN_ROUTE, express.text(), (req, res) => {
    res.json({ plain: true, body: req.body as unknown });
  });
  const http = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async call(method, route, options = {}) {
      const token = options.token === undefined ? TEST_ADMIN_TOKEN : options.token;
      const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      const res = await fetch(url + route, {
        method,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        body,
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, json: JSON.parse(text) as CallResult['json'] };
    },
    ctx,
    config,
    audit,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await closeContext(ctx);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
