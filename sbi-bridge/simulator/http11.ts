// HTTP/1.1 read and written by hand on a `net` socket, because Node's http server rejects the
// SBI verbs (MOSIPDISC, CAPTURE, …). One request per connection; every answer closes it.
import type { Socket } from 'node:net';

export interface Http11Request {
  method: string;
  target: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface Http11Response {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface Http11Limits {
  maxHeaderBytes: number;
  maxBodyBytes: number;
  /** A client that has not sent a whole request in this time is answered 408. */
  requestTimeoutMs: number;
}

export const DEFAULT_HTTP11_LIMITS: Http11Limits = {
  maxHeaderBytes: 16 * 1024,
  maxBodyBytes: 2 * 1024 * 1024,
  requestTimeoutMs: 15_000,
};

const REASONS: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  411: 'Length Required',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  505: 'HTTP Version Not Supported',
};

// RFC 9110 token characters for the method; request-target without spaces or controls.
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) ([\x21-\x7e]+) HTTP\/1\.([01])$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

/** Why a request could not be read; the connection is answered with `status` and closed. */
export class Http11ParseError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses the head (request line and headers, without the blank line). */
export function parseHead(head: string): Omit<Http11Request, 'body'> {
  const lines = head.split('\r\n');
  const m = REQUEST_LINE.exec(lines[0] ?? '');
  if (!m) {
    if (/ HTTP\/\d/.test(lines[0] ?? '') && !/ HTTP\/1\.[01]$/.test(lines[0] ?? ''))
      throw new Http11ParseError(505, 'only HTTP/1.0 and HTTP/1.1 are spoken here');
    throw new Http11ParseError(400, 'malformed request line');
  }
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const line of lines.slice(1)) {
    const h = HEADER_LINE.exec(line);
    if (!h) throw new Http11ParseError(400, 'malformed header line');
    const name = h[1]!.toLowerCase();
    const value = h[2]!;
    if (name === 'content-length' && headers[name] !== undefined && headers[name] !== value)
      throw new Http11ParseError(400, 'conflicting Content-Length');
    headers[name] = headers[name] !== undefined && name !== 'content-length' ? `${headers[name]}, ${value}` : value;
  }
  return { method: m[1]!, target: m[2]!, headers };
}

/** Status line and headers (with Connection: close) up to the blank line; for bodies of unknown length. */
export function serializeHead(status: number, headers: Record<string, string> = {}): Buffer {
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? 'Status'}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v.replace(/[\r\n]+/g, ' ')}`);
  lines.push('Connection: close', '', '');
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** Serialises a response; adds Content-Length and Connection: close. */
export function serializeResponse(res: Http11Response): Buffer {
  const body =
    res.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(res.body) ? res.body : Buffer.from(res.body, 'utf8');
  if (res.status === 204) return serializeHead(204, res.headers);
  return Buffer.concat([serializeHead(res.status, { ...res.headers, 'Content-Length': String(body.length) }), body]);
}

/**
 * Reads one request from the socket, hands it to `handle`, writes the answer and closes. Any
 * malformed input gets a 4xx answer; nothing a client sends can throw out of here.
 * `handle` may instead take over the socket (for streams) by returning 'taken'.
 */
export function serveHttp11Connection(
  socket: Socket,
  handle: (req: Http11Request, socket: Socket) => Promise<Http11Response | 'taken'>,
  limits: Http11Limits = DEFAULT_HTTP11_LIMITS,
  onError: (err: unknown) => void = () => {},
): void {
  let buf = Buffer.alloc(0);
  let head: Omit<Http11Request, 'body'> | undefined;
  let bodyStart = 0;
  let bodyLength = 0;
  let done = false;

  const finish = (res: Http11Response): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.removeListener('data', onData);
    if (!socket.destroyed) socket.end(serializeResponse(res));
  };
  const fail = (status: number, message: string): void =>
    finish({
      status,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ error: { errorCode: '500', errorInfo: message } }),
    });

  const timer = setTimeout(() => fail(408, 'request not received in time'), limits.requestTimeoutMs);
  timer.unref();

  const dispatch = (req: Http11Request): void => {
    done = true;
    clearTimeout(timer);
    socket.removeListener('data', onData);
    handle(req, socket).then(
      (res) => {
        if (res !== 'taken' && !socket.destroyed) socket.end(serializeResponse(res));
      },
      (err: unknown) => {
        onError(err);
        if (!socket.destroyed)
          socket.end(
            serializeResponse({
              status: 500,
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ error: { errorCode: '500', errorInfo: 'internal error' } }),
            }),
          );
      },
    );
  };

  function onData(chunk: Buffer): void {
    if (done) return;
    buf = Buffer.concat([buf, chunk]);
    try {
      if (!head) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > limits.maxHeaderBytes) fail(431, 'request head too large');
          return;
        }
        if (end > limits.maxHeaderBytes) return fail(431, 'request head too large');
        head = parseHead(buf.subarray(0, end).toString('latin1'));
        bodyStart = end + 4;
        if (head.headers['transfer-encoding'] !== undefined) return fail(411, 'send the body with Content-Length');
        const cl = head.headers['content-length'];
        if (cl !== undefined && !/^\d{1,10}$/.test(cl)) return fail(400, 'malformed Content-Length');
        bodyLength = cl === undefined ? 0 : Number(cl);
        if (bodyLength > limits.maxBodyBytes) return fail(413, 'request body too large');
      }
      if (buf.length - bodyStart >= bodyLength) {
        dispatch({ ...head, body: buf.subarray(bodyStart, bodyStart + bodyLength) });
      }
    } catch (err) {
      if (err instanceof Http11ParseError) return fail(err.status, err.message);
      onError(err);
      fail(400, 'unreadable request');
    }
  }

  socket.on('data', onData);
  socket.on('error', () => {
    clearTimeout(timer);
    socket.destroy();
  });
  socket.on('end', () => {
    // The client stopped sending before a whole request arrived.
    if (!done) fail(400, 'incomplete request');
  });
}
