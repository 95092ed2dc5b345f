// SBI over HTTP with fetch: custom verbs in upper case (MDS 0.9.5, SBI aliases) or P3167 POSTs behind
// their OPTIONS consent gate; every call bounded by a timeout and the caller's AbortSignal, every
// failure a typed SbiBridgeError. Bodies come back as JSON, still untyped: callers parse them.
import { SBI_HOST, sbiRequestLine, type SbiOperation, ErrorObjectSchema } from '@signet-kiosk/shared/sbi';
import { deviceError, SbiBridgeError } from '../errors.js';
import type { EndpointCallOptions, SbiCallOperation, SbiEndpoint } from './endpoint.js';
import { boundaryCore, MjpegFrameReader } from './mjpeg.js';

/** Largest JSON answer read; a capture of ten fingers is well under 1 MB. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface HttpEndpointOptions {
  host?: string;
  /** Sent as `Origin`; P3167 devices ask the user to consent to it. */
  origin?: string;
}

/** Bounds a call by `timeoutMs` and the caller's signal; tells which of the two fired. */
function callSignal(opts: Pick<EndpointCallOptions, 'timeoutMs' | 'signal'>): {
  signal: AbortSignal;
  cancel: () => void;
  timedOut: () => boolean;
} {
  const timer = new AbortController();
  const t = setTimeout(() => timer.abort(new DOMException('SBI call timed out', 'TimeoutError')), opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timer.signal, opts.signal]) : timer.signal;
  return { signal, cancel: () => clearTimeout(t), timedOut: () => timer.signal.aborted && !opts.signal?.aborted };
}

/** The typed error for whatever fetch (or reading its body) threw. */
function transportError(err: unknown, endpoint: string, timedOut: boolean, userSignal?: AbortSignal): SbiBridgeError {
  if (err instanceof SbiBridgeError) return err;
  if (userSignal?.aborted) return new SbiBridgeError('ERR_BRIDGE_ABORTED', undefined, { cause: err, endpoint });
  if (timedOut) return new SbiBridgeError('ERR_BRIDGE_TIMEOUT', `(${endpoint})`, { cause: err, endpoint });
  const code = (err as { cause?: { code?: string } } | undefined)?.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND')
    return new SbiBridgeError('ERR_BRIDGE_NO_DEVICE', `(${endpoint})`, { cause: err, endpoint });
  return new SbiBridgeError('ERR_BRIDGE_CONNECTION', `(${endpoint}${code ? `: ${code}` : ''})`, {
    cause: err,
    endpoint,
  });
}

/** Reads a body up to MAX_BODY_BYTES. */
async function readBody(res: Response, endpoint: string): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new SbiBridgeError('ERR_BRIDGE_MALFORMED_RESPONSE', `The answer is larger than ${MAX_BODY_BYTES} bytes.`, {
        endpoint,
      });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A device service on a local TCP port.
 * @example const ep = new HttpSbiEndpoint(4501); const json = await ep.call('discover', { type: 'Biometric Device' }, { dialect: 'mds', timeoutMs: 1000 });
 */
export class HttpSbiEndpoint implements SbiEndpoint {
  readonly transport = 'http' as const;
  readonly id: string;
  private readonly origin: string | undefined;
  /** P3167 consent, once granted, holds for this endpoint's life (a 403 later revokes it). */
  private consented = false;

  constructor(
    readonly port: number,
    opts: HttpEndpointOptions = {},
  ) {
    this.id = `http://${opts.host ?? SBI_HOST}:${port}`;
    this.origin = opts.origin;
  }

  private headers(json: boolean): Record<string, string> {
    return { ...(json ? { 'Content-Type': 'application/json' } : {}), ...(this.origin ? { Origin: this.origin } : {}) };
  }

  /** P3167: the preflight is the user-consent gate; 204 with our exact origin echoed means yes. */
  private async consent(signal: AbortSignal, path: string): Promise<void> {
    if (this.consented) return;
    const res = await fetch(this.id + path, {
      method: 'OPTIONS',
      signal,
      headers: {
        ...(this.origin ? { Origin: this.origin } : {}),
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    await res.body?.cancel();
    const echoed = res.headers.get('access-control-allow-origin');
    if (
      res.status === 403 ||
      (res.status >= 200 && res.status < 300 && this.origin !== undefined && echoed !== this.origin && echoed !== '*')
    ) {
      throw new SbiBridgeError('ERR_BRIDGE_CONSENT_DENIED', `(${this.id}, origin ${this.origin ?? 'none'})`, {
        endpoint: this.id,
      });
    }
    if (res.status < 200 || res.status >= 300)
      throw new SbiBridgeError('ERR_BRIDGE_HTTP_STATUS', `OPTIONS answered ${res.status}.`, { endpoint: this.id });
    this.consented = true;
  }

  private async send(
    operation: SbiOperation,
    body: unknown,
    opts: EndpointCallOptions,
    signal: AbortSignal,
  ): Promise<Response> {
    const { method, path } = sbiRequestLine(operation, opts.dialect);
    if (opts.dialect === 'p3167') await this.consent(signal, path);
    const res = await fetch(this.id + path, {
      method,
      signal,
      headers: this.headers(body !== undefined),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status === 403 && opts.dialect === 'p3167') {
      this.consented = false;
      await res.body?.cancel();
      throw new SbiBridgeError('ERR_BRIDGE_CONSENT_DENIED', `(${this.id})`, { endpoint: this.id });
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new SbiBridgeError('ERR_BRIDGE_HTTP_STATUS', `${method} ${path} answered ${res.status}.`, {
        endpoint: this.id,
      });
    }
    return res;
  }

  async call(operation: SbiCallOperation, body: unknown, opts: EndpointCallOptions): Promise<unknown> {
    if (opts.signal?.aborted) throw new SbiBridgeError('ERR_BRIDGE_ABORTED', undefined, { endpoint: this.id });
    const s = callSignal(opts);
    let text: string;
    try {
      const res = await this.send(operation, body, opts, s.signal);
      text = await readBody(res, this.id);
    } catch (err) {
      throw transportError(err, this.id, s.timedOut(), opts.signal);
    } finally {
      s.cancel();
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new SbiBridgeError('ERR_BRIDGE_MALFORMED_RESPONSE', `The answer to ${operation} is not JSON.`, {
        cause,
        endpoint: this.id,
      });
    }
  }

  /**
   * STREAM: M-JPEG frames until the device ends the stream, the caller aborts, or the loop breaks.
   * `timeoutMs` bounds the wait for the answer's head, not the stream.
   */
  async *stream(body: unknown, opts: EndpointCallOptions): AsyncGenerator<Uint8Array> {
    if (opts.signal?.aborted) throw new SbiBridgeError('ERR_BRIDGE_ABORTED', undefined, { endpoint: this.id });
    const stop = new AbortController();
    const s = callSignal({
      timeoutMs: opts.timeoutMs,
      signal: opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal,
    });
    let res: Response;
    try {
      res = await this.send('stream', body, opts, s.signal);
    } catch (err) {
      s.cancel();
      throw transportError(err, this.id, s.timedOut(), opts.signal);
    }
    s.cancel();
    try {
      const type = res.headers.get('content-type') ?? '';
      if (/application\/json/i.test(type)) {
        // A refusal: `{ error: { errorCode, errorInfo } }`.
        const parsed = ErrorObjectSchema.safeParse(
          (JSON.parse(await readBody(res, this.id)) as { error?: unknown } | null)?.error,
        );
        if (!parsed.success)
          throw new SbiBridgeError('ERR_BRIDGE_MALFORMED_RESPONSE', 'The stream refusal carries no error object.', {
            endpoint: this.id,
          });
        throw deviceError(parsed.data, this.id);
      }
      const core = boundaryCore(type);
      if (!/multipart\//i.test(type) || !core || !res.body)
        throw new SbiBridgeError(
          'ERR_BRIDGE_MALFORMED_RESPONSE',
          `The stream is not multipart (${type || 'no content type'}).`,
          { endpoint: this.id },
        );
      const reader = new MjpegFrameReader(core);
      const body = res.body.getReader();
      for (;;) {
        const { done, value } = await body.read();
        if (done) break;
        for (const frame of reader.push(value)) yield frame;
      }
      for (const frame of reader.end()) yield frame;
    } catch (err) {
      if (err instanceof RangeError)
        throw new SbiBridgeError('ERR_BRIDGE_MALFORMED_RESPONSE', err.message, { endpoint: this.id });
      if (err instanceof SyntaxError)
        throw new SbiBridgeError('ERR_BRIDGE_MALFORMED_RESPONSE', 'The stream refusal is not JSON.', {
          endpoint: this.id,
        });
      throw transportError(err, this.id, false, opts.signal);
    } finally {
      // Leaving the loop early (break, return, error) closes the connection.
      stop.abort();
    }
  }
}
