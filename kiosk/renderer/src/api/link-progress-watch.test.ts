// The watch's own decisions, on scripted answers: what it passes on, when it stops, when it falls
// back from the stream to the long poll, what it retries. The real stream and long poll against the
// server are exercised by test/browser/login-app-assisted.test.ts.
import type { LinkProgress, LinkProgressState } from '@signet-kiosk/shared/esignet';
import { describe, expect, it } from 'vitest';
import type { Failure } from '../flow/login-machine.js';
import { watchLinkProgress, type LinkProgressSource } from './link-progress-watch.js';
import { FatalApiError, type ApiResult } from './transaction-api.js';

type Answer = ApiResult<LinkProgress> | FatalApiError;

/** A long poll that answers from a script, and records the `after` of every request. */
function scriptedPoll(answers: Answer[]): LinkProgressSource & { afters: (LinkProgressState | null)[] } {
  const afters: (LinkProgressState | null)[] = [];
  return {
    afters,
    linkProgressUrl: (code) => `/progress?linkCode=${code}`,
    async linkProgress(_code, after) {
      afters.push(after);
      const next = answers.shift();
      // The script is over: a poll that never answers, as the server's while nothing happens.
      if (!next) return new Promise(() => {});
      if (next instanceof FatalApiError) throw next;
      return next;
    },
  };
}

/** A stream the test feeds; `opened` records the URLs it was opened on. */
class ScriptedEventSource {
  static last: ScriptedEventSource | undefined;
  static opened: string[] = [];
  onmessage: ((m: MessageEvent<string>) => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(url: string) {
    ScriptedEventSource.opened.push(url);
    ScriptedEventSource.last = this;
  }
  send(data: string) {
    this.onmessage?.({ data } as MessageEvent<string>);
  }
  close() {
    this.closed = true;
  }
}

const ok = (response: LinkProgress): ApiResult<LinkProgress> => ({ ok: true, response });
const refused = (failure: Failure): ApiResult<LinkProgress> => ({ ok: false, failure });
const WAITING: LinkProgress = { state: 'WAITING', expireDateTime: '2026-12-07T00:01:00Z' };
const LINKED: LinkProgress = { state: 'LINKED', linkedDateTime: '2026-12-07T00:00:10Z', kioskName: 'Kiosk 4' };
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function record(source: LinkProgressSource, options: { EventSource?: typeof EventSource; retryMs?: number } = {}) {
  const seen: LinkProgress[] = [];
  const failures: [Failure, boolean][] = [];
  const stop = watchLinkProgress(source, 'ABCDEFGH', {
    onProgress: (p) => seen.push(p),
    onFailure: (f, fatal) => failures.push([f, fatal]),
    retryMs: 1,
    ...options,
  });
  return { seen, failures, stop };
}

describe('watchLinkProgress', () => {
  it('long-polls from the last state, passes on each change once, and stops after AUTHENTICATED', async () => {
    const source = scriptedPoll([
      ok(WAITING),
      ok(WAITING),
      ok(LINKED),
      ok({ state: 'FAILED', errorCode: 'auth_failed', attemptsLeft: 2 }),
      ok({ state: 'FAILED', errorCode: 'auth_failed', attemptsLeft: 1 }),
      ok({ state: 'AUTHENTICATED', consentAction: 'CAPTURE', kioskName: 'Kiosk 4', maskedIndividualId: '••••••5602' }),
      ok(WAITING),
    ]);
    const { seen, failures } = record(source);
    await settle();
    expect(seen.map((p) => p.state)).toEqual(['WAITING', 'LINKED', 'FAILED', 'FAILED', 'AUTHENTICATED']);
    expect(source.afters).toEqual([null, 'WAITING', 'WAITING', 'LINKED', 'FAILED', 'FAILED']);
    expect(failures).toEqual([]);
  });

  it('asks again after response_timeout, reads invalid_link_code as EXPIRED, and ends on any other refusal', async () => {
    const expired = record(
      scriptedPoll([refused({ code: 'response_timeout' }), refused({ code: 'invalid_link_code' })]),
    );
    await settle();
    expect(expired.seen).toEqual([{ state: 'EXPIRED' }]);
    const other = record(scriptedPoll([ok(WAITING), refused({ code: 'too_many_requests' }), ok(LINKED)]));
    await settle();
    expect(other.seen).toEqual([WAITING]);
    expect(other.failures).toEqual([[{ code: 'too_many_requests' }, false]]);
  });

  it('retries the long poll through a few network failures, then gives up; other fatal errors end it at once', async () => {
    const net = () => new FatalApiError({ code: 'network_error' });
    const recovered = record(scriptedPoll([net(), net(), ok(LINKED)]));
    await settle();
    expect(recovered.seen).toEqual([LINKED]);
    const lost = record(scriptedPoll([net(), net(), net(), net(), net(), net(), ok(LINKED)]));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(lost.seen).toEqual([]);
    expect(lost.failures).toEqual([[{ code: 'network_error' }, true]]);
    const gone = record(scriptedPoll([new FatalApiError({ code: 'invalid_transaction' }), ok(LINKED)]));
    await settle();
    expect(gone.failures).toEqual([[{ code: 'invalid_transaction' }, true]]);
  });

  it('listens to the stream first and falls back to the long poll, from the last state heard, when it fails', async () => {
    const source = scriptedPoll([
      ok({
        state: 'AUTHENTICATED',
        consentAction: 'NOCAPTURE',
        kioskName: 'Kiosk 4',
        maskedIndividualId: '••••••5602',
      }),
    ]);
    const { seen } = record(source, { EventSource: ScriptedEventSource as unknown as typeof EventSource });
    const stream = ScriptedEventSource.last!;
    expect(ScriptedEventSource.opened.at(-1)).toBe('/progress?linkCode=ABCDEFGH');
    stream.send(JSON.stringify(WAITING));
    stream.send(JSON.stringify(LINKED));
    expect(source.afters).toEqual([]);
    stream.onerror!();
    await settle();
    expect(stream.closed).toBe(true);
    expect(source.afters).toEqual(['LINKED']);
    expect(seen.map((p) => p.state)).toEqual(['WAITING', 'LINKED', 'AUTHENTICATED']);
  });

  it('leaves a stream that sends what LinkProgressSchema refuses, and closes it on a final state or stop()', async () => {
    const source = scriptedPoll([]);
    const bad = record(source, { EventSource: ScriptedEventSource as unknown as typeof EventSource });
    const badStream = ScriptedEventSource.last!;
    badStream.send(JSON.stringify({ state: 'LINKED' }));
    expect(badStream.closed).toBe(true);
    expect(bad.seen).toEqual([]);
    expect(source.afters).toEqual([null]);

    const done = record(scriptedPoll([]), { EventSource: ScriptedEventSource as unknown as typeof EventSource });
    const doneStream = ScriptedEventSource.last!;
    doneStream.send(JSON.stringify({ state: 'EXPIRED' }));
    expect(doneStream.closed).toBe(true);
    doneStream.send(JSON.stringify(WAITING));
    expect(done.seen).toEqual([{ state: 'EXPIRED' }]);

    const stopped = record(scriptedPoll([]), { EventSource: ScriptedEventSource as unknown as typeof EventSource });
    const stoppedStream = ScriptedEventSource.last!;
    stopped.stop();
    expect(stoppedStream.closed).toBe(true);
    stoppedStream.send(JSON.stringify(WAITING));
    expect(stopped.seen).toEqual([]);
  });
});
