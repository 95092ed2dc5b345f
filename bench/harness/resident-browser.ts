// The resident's side of the assisted flow as the bench drives it: a BIO sign-in opened through the
// login-UI API, a link code, and the two ways a browser waits for the kiosk — the progress stream
// (server-sent events over its own socket) and the progress long poll — each event time-stamped.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  LinkCodeResponseSchema,
  LinkProgressSchema,
  type LinkProgress,
  type LinkProgressState,
} from '@signet-kiosk/shared/esignet';
import type { HttpTransport } from '@signet-kiosk/server/testing';
import { EsignetUiDriver } from '../../test/support/esignet-ui-driver.js';

export const BIO_ACR = 'mosip:idp:acr:biometrics';
export const LINKED_PATH = '/v1/esignet/linked-authorization';
export const PROGRESS_PATH = '/v1/signet/linked-authorization/progress';

/** A resident's browser holding an open BIO sign-in and a link code for it. */
export interface ResidentLink {
  driver: EsignetUiDriver;
  transactionId: string;
  linkCode: string;
}

/** authorize → CSRF → oauth-details → link-code, as the login app does for "verify at a kiosk" (without its individualId binding, as eSignet's clients ask). */
export async function openResidentLink(
  baseUrl: string,
  rp: { clientId: string; redirectUri: string },
  transport: HttpTransport,
): Promise<ResidentLink> {
  const driver = new EsignetUiDriver(baseUrl, transport);
  const url = `${baseUrl}/authorize?${new URLSearchParams({
    client_id: rp.clientId,
    redirect_uri: rp.redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    acr_values: BIO_ACR,
    nonce: randomBytes(16).toString('base64url'),
    state: randomBytes(16).toString('base64url'),
    code_challenge: randomBytes(32).toString('base64url'),
    code_challenge_method: 'S256',
  })}`;
  const auth = await driver.authorize(url);
  if (!auth.location) throw new Error(`authorize did not redirect (${auth.status}): ${auth.body.slice(0, 200)}`);
  const details = await driver.oauthDetailsFrom(auth.location);
  if (!details.response) throw new Error(`oauth-details: ${JSON.stringify(details.errors)}`);
  const issued = await driver.call('POST', `${LINKED_PATH}/link-code`, { transactionId: driver.transactionId });
  if (!issued.response) throw new Error(`link-code: ${JSON.stringify(issued.errors)}`);
  const { linkCode } = LinkCodeResponseSchema.parse(issued.response);
  return { driver, transactionId: driver.transactionId!, linkCode };
}

/** One progress event and when it arrived (performance.now() of this process). */
export interface TimedProgress {
  progress: LinkProgress;
  at: number;
}

/**
 * The progress stream as a browser's EventSource holds it: one socket of `agent`, the binding
 * cookie, each `data:` line parsed with LinkProgressSchema and time-stamped on arrival.
 */
export class ProgressStreamClient {
  readonly events: TimedProgress[] = [];
  private readonly waiters: { state: LinkProgressState; resolve: (e: TimedProgress) => void }[] = [];
  private request: http.ClientRequest | undefined;
  ended = false;
  error: Error | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly link: ResidentLink,
    private readonly agent: http.Agent,
  ) {}

  /** Opens the stream; resolves once the answer's head arrived (rejects on anything but a 200 stream). */
  open(): Promise<void> {
    const url = `${this.baseUrl}${PROGRESS_PATH}?${new URLSearchParams({
      transactionId: this.link.transactionId,
      linkCode: this.link.linkCode,
    })}`;
    return new Promise((resolve, reject) => {
      const req = http.get(
        url,
        { agent: this.agent, headers: { cookie: this.link.driver.cookieHeader(), accept: 'text/event-stream' } },
        (res) => {
          if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString('utf8')));
            res.on('end', () => reject(new Error(`progress stream: ${res.statusCode} ${body.slice(0, 200)}`)));
            return;
          }
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            const at = performance.now();
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              for (const line of block.split('\n'))
                if (line.startsWith('data: ')) this.received(LinkProgressSchema.parse(JSON.parse(line.slice(6))), at);
            }
          });
          res.on('end', () => (this.ended = true));
          res.on('error', () => (this.ended = true));
          resolve();
        },
      );
      req.on('error', (e) => {
        this.error = e;
        this.ended = true;
        reject(e);
      });
      this.request = req;
    });
  }

  private received(progress: LinkProgress, at: number): void {
    const event = { progress, at };
    this.events.push(event);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.state === progress.state) this.waiters.splice(i, 1)[0]!.resolve(event);
    }
  }

  /** The first event in `state` (already received or still to come); rejects after `timeoutMs`. */
  next(state: LinkProgressState, timeoutMs = 30_000): Promise<TimedProgress> {
    const seen = this.events.find((e) => e.progress.state === state);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${state} event in ${timeoutMs} ms (got ${JSON.stringify(this.events)})`)),
        timeoutMs,
      );
      this.waiters.push({
        state,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  /** The browser goes away: its socket is closed. */
  close(): void {
    this.request?.destroy();
  }
}

/**
 * The progress long poll, as a browser without a working stream runs it: POST `after` the last
 * state seen (with the login UI's CSRF and oauth-details headers, over `transport`, which may hold
 * many more sockets than the set-up's); an answer in the same state (the server's wait ran out) is
 * asked again at once. Resolves with the first answer in another state, time-stamped, or undefined
 * once stopped.
 */
export class ProgressLongPoll {
  private stopped = false;
  polls = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly link: ResidentLink,
    private readonly after: LinkProgressState,
    private readonly transport: HttpTransport,
  ) {}

  async next(): Promise<TimedProgress | undefined> {
    const { driver } = this.link;
    const headers = {
      cookie: driver.cookieHeader(),
      'content-type': 'application/json',
      'X-XSRF-TOKEN': driver.csrfToken!,
      'oauth-details-key': driver.transactionId!,
      'oauth-details-hash': driver.hash!,
    };
    while (!this.stopped) {
      this.polls++;
      const body = JSON.stringify({
        requestTime: new Date().toISOString(),
        request: { transactionId: this.link.transactionId, linkCode: this.link.linkCode, after: this.after },
      });
      const res = await this.transport(`${this.baseUrl}${PROGRESS_PATH}`, { method: 'POST', headers, body });
      const at = performance.now();
      const answer = JSON.parse(res.text) as { response: unknown; errors?: unknown[] };
      if (!answer.response) throw new Error(`progress long poll: ${res.status} ${JSON.stringify(answer.errors)}`);
      const progress = LinkProgressSchema.parse(answer.response);
      if (progress.state !== this.after) return { progress, at };
    }
    return undefined;
  }

  /** No new poll after the pending one answers. */
  stop(): void {
    this.stopped = true;
  }
}
