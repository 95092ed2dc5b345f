// One SBI call from a browser: a custom verb (MOSIPDISC, MOSIPDINFO, CAPTURE) to a local device
// service with a JSON body, bounded by a timeout and the caller's signal; the answer's JSON. fetch
// sends custom verbs (the service answers their CORS preflight); failures say which kind they are.

export type SbiCallFailure = 'aborted' | 'timeout' | 'unreachable' | 'not-json';

/** Why a call gave no JSON: the caller aborted, the time ran out, nothing answered, or the answer is not JSON. */
export class SbiCallError extends Error {
  constructor(
    readonly failure: SbiCallFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SbiCallError';
  }
}

/**
 * Sends `verb` to `url` and reads the JSON answer.
 * @example const entries = await sbiCall('http://127.0.0.1:4501/device', 'MOSIPDISC', { type: 'Biometric Device' }, { timeoutMs: 1500 });
 */
export async function sbiCall(
  url: string,
  verb: string,
  body: unknown,
  opts: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<unknown> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let text: string;
  try {
    const res = await fetch(url, {
      method: verb,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
      signal,
      // Device services never need the page's cookies.
      credentials: 'omit',
      cache: 'no-store',
    });
    text = await res.text();
  } catch (cause) {
    if (opts.signal?.aborted) throw new SbiCallError('aborted', `${verb} ${url} was cancelled.`, { cause });
    if (timeout.aborted)
      throw new SbiCallError('timeout', `${verb} ${url} did not answer within ${opts.timeoutMs} ms.`, { cause });
    throw new SbiCallError('unreachable', `${verb} ${url}: nothing answered.`, { cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new SbiCallError('not-json', `${verb} ${url} answered something that is not JSON.`, { cause });
  }
}
