// A small client for the server's client-management API (eSignet's `/v1/esignet/client-mgmt`
// paths and `{requestTime, request}` envelope), turning every way it can fail into a DemoRpError
// that says what to do.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { esignetTime, responseEnvelope } from '@signet-kiosk/shared/esignet';
import { demoAdminTokenFile } from '@signet-kiosk/server';
import { DemoRpError } from './errors.js';

const TIMEOUT_MS = 10_000;
const ANY_ENVELOPE = responseEnvelope(z.unknown());
// Only a server on this machine may be sent the token from the local data folder.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface AdminToken {
  token: string;
  /** Where it came from, for error messages. */
  source: string;
}

/**
 * SIGNET_ADMIN_TOKEN if given, else the demo server's token file in the data folder (loopback
 * servers only); throws admin_token_missing with the way to get one.
 */
export function resolveAdminToken(issuer: string, adminToken: string | undefined, dataDir: string): AdminToken {
  if (adminToken) return { token: adminToken, source: 'SIGNET_ADMIN_TOKEN' };
  const file = demoAdminTokenFile(dataDir);
  if (LOOPBACK_HOSTS.has(new URL(issuer).hostname)) {
    try {
      const token = readFileSync(file, 'utf8').trim();
      if (token) return { token, source: file };
    } catch {
      // Not there: explained below.
    }
  }
  throw new DemoRpError(
    'admin_token_missing',
    `no admin token: set SIGNET_ADMIN_TOKEN to the server's admin token, or start the server in demo mode ("npm start") on this machine with the same SIGNET_DATA_DIR (its token is then read from ${file})`,
  );
}

/** An answer with an eSignet error in it (status and errorCode), for the caller to act on. */
export class AdminApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

export class AdminApi {
  constructor(
    private readonly issuer: string,
    private readonly admin: AdminToken,
  ) {}

  /**
   * Calls one endpoint; answers the envelope's `response` parsed with `schema`. Throws
   * AdminApiRefusal for an eSignet error the caller may handle, DemoRpError for everything else.
   */
  async call<T extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    schema: T,
    request?: unknown,
  ): Promise<z.infer<T>> {
    const url = `${this.issuer}/v1/esignet/client-mgmt${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.admin.token}`,
          accept: 'application/json',
          ...(request === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request === undefined ? undefined : JSON.stringify({ requestTime: esignetTime(), request }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new DemoRpError(
        'server_unreachable',
        `cannot reach the Signet server at ${this.issuer} (${describeFetchError(e)}): is it running? Start it with "npm start", or set SIGNET_ISSUER to its URL`,
      );
    }
    const text = await res.text();
    let envelope;
    try {
      envelope = ANY_ENVELOPE.safeParse(JSON.parse(text));
    } catch {
      envelope = undefined;
    }
    if (!envelope?.success) {
      throw new DemoRpError(
        'not_a_signet_server',
        `${method} ${url} answered HTTP ${res.status} without an eSignet envelope: is ${this.issuer} a Signet server with the client-management API?`,
      );
    }
    const first = envelope.data.errors[0];
    if (first) {
      if (first.errorCode === 'unauthorized') {
        throw new DemoRpError(
          'admin_token_rejected',
          `the server at ${this.issuer} refused the admin token from ${this.admin.source} (HTTP ${res.status} unauthorized): use the token the server was started with`,
        );
      }
      if (first.errorCode === 'forbidden') {
        throw new DemoRpError(
          'admin_api_disabled',
          `the server at ${this.issuer} has no admin token configured, so it cannot register clients: start it with SIGNET_ADMIN_TOKEN set, or in demo mode ("npm start")`,
        );
      }
      throw new AdminApiRefusal(res.status, first.errorCode, `${first.errorCode}: ${first.errorMessage}`);
    }
    const response = schema.safeParse(envelope.data.response);
    if (!res.ok || !response.success)
      throw new DemoRpError(
        'not_a_signet_server',
        `${method} ${url}: HTTP ${res.status}, unexpected answer: ${text.slice(0, 300)}`,
      );
    return response.data;
  }
}

function describeFetchError(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}
