// Follows a link code's progress for the resident's browser: server-sent events where the browser
// and the network carry them, else the long poll; every event parsed with LinkProgressSchema.
import { LinkProgressSchema, type LinkProgress, type LinkProgressState } from '@signet-kiosk/shared/esignet';
import type { Failure } from '../flow/login-machine.js';
import { FatalApiError, type ApiResult } from './transaction-api.js';

/** The two ways of hearing about a code (TransactionApi provides them). */
export interface LinkProgressSource {
  linkProgressUrl(linkCode: string): string;
  linkProgress(linkCode: string, after: LinkProgressState | null): Promise<ApiResult<LinkProgress>>;
}

export interface LinkProgressWatch {
  onProgress(progress: LinkProgress): void;
  /** The watch ended without a final state: a refusal, or (`fatal`) a failure that ends the sign-in. */
  onFailure(failure: Failure, fatal: boolean): void;
  /** Absent (or failing), the long poll alone. */
  EventSource?: typeof EventSource;
  /** First wait before the long poll is tried again after a network failure (doubles each time). */
  retryMs?: number;
}

/** After these the server has nothing more to say about the code. */
const FINAL: ReadonlySet<LinkProgressState> = new Set(['AUTHENTICATED', 'EXPIRED']);
/** Network failures of the long poll in a row before the watch gives up. */
const MAX_NETWORK_FAILURES = 5;

/** Starts watching `linkCode`; the function returned stops (the app calls it when the screen changes). */
export function watchLinkProgress(source: LinkProgressSource, linkCode: string, watch: LinkProgressWatch): () => void {
  let stopped = false;
  let last: LinkProgress | undefined;
  let events: EventSource | undefined;
  const retryMs = watch.retryMs ?? 1000;

  const stop = () => {
    stopped = true;
    events?.close();
    events = undefined;
  };
  const fail = (failure: Failure, fatal: boolean) => {
    if (stopped) return;
    stop();
    watch.onFailure(failure, fatal);
  };
  const deliver = (progress: LinkProgress) => {
    if (stopped) return;
    // The long poll answers the same state again when nothing happened for a while.
    if (last && JSON.stringify(last) === JSON.stringify(progress)) return;
    last = progress;
    if (FINAL.has(progress.state)) stop();
    watch.onProgress(progress);
  };

  const poll = async () => {
    let networkFailures = 0;
    while (!stopped) {
      let answer: ApiResult<LinkProgress>;
      try {
        answer = await source.linkProgress(linkCode, last?.state ?? null);
      } catch (err) {
        if (!(err instanceof FatalApiError)) throw err;
        if (err.failure.code !== 'network_error' || ++networkFailures > MAX_NETWORK_FAILURES) {
          fail(err.failure, true);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, retryMs * 2 ** (networkFailures - 1)));
        continue;
      }
      networkFailures = 0;
      if (answer.ok) deliver(answer.response);
      // eSignet's long-poll answer when nothing happened in time: ask again.
      else if (answer.failure.code === 'response_timeout') continue;
      // The code is gone (expired, or the transaction ended): the screen offers a new one.
      else if (answer.failure.code === 'invalid_link_code') deliver({ state: 'EXPIRED' });
      else fail(answer.failure, false);
    }
  };

  const fallBack = () => {
    events?.close();
    events = undefined;
    if (!stopped) void poll();
  };

  if (watch.EventSource) {
    try {
      events = new watch.EventSource(source.linkProgressUrl(linkCode));
    } catch {
      events = undefined;
    }
  }
  if (!events) {
    void poll();
    return stop;
  }
  events.onmessage = (message: MessageEvent<string>) => {
    let json: unknown;
    try {
      json = JSON.parse(message.data);
    } catch {
      json = undefined;
    }
    const progress = LinkProgressSchema.safeParse(json);
    // Something this page does not understand on the stream: the long poll's answers are checked too.
    if (progress.success) deliver(progress.data);
    else fallBack();
  };
  // Refused, cut, or never reached (a proxy that buffers, a server without the stream): instead of
  // EventSource's own reconnect, the long poll carries on from the last state heard.
  events.onerror = fallBack;
  return stop;
}
