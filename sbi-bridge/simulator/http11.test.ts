import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Http11ParseError, parseHead, serializeResponse, serveHttp11Connection } from './http11.js';

describe('parseHead', () => {
  it('reads custom verbs, targets and headers', () => {
    const h = parseHead(
      'MOSIPDISC /device HTTP/1.1\r\nHost: 127.0.0.1:4501\r\nContent-Type:  application/json \r\nX-A: 1\r\nx-a: 2',
    );
    expect(h.method).toBe('MOSIPDISC');
    expect(h.target).toBe('/device');
    expect(h.headers['content-type']).toBe('application/json');
    expect(h.headers['x-a']).toBe('1, 2');
  });
  it.each([
    ['', 400],
    ['MOSIPDISC /device', 400],
    ['MOSIP DISC /device HTTP/1.1', 400],
    ['CAPTURE /capture HTTP/2.0', 505],
    ['CAPTURE /capture HTTP/1.1\r\nno colon here', 400],
    ['CAPTURE /capture HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2', 400],
    ['CAP(TURE /capture HTTP/1.1', 400],
  ])('refuses %j with %i', (head, status) => {
    try {
      parseHead(head);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Http11ParseError);
      expect((e as Http11ParseError).status).toBe(status);
    }
  });
});

describe('serializeResponse', () => {
  it('writes status, headers, length and closes', () => {
    const s = serializeResponse({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":"é"}',
    }).toString('utf8');
    expect(s).toBe(
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n{"a":"é"}',
    );
    expect(serializeResponse({ status: 204 }).toString()).toBe('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
  });
  it('cannot be made to split a header', () => {
    const s = serializeResponse({ status: 200, headers: { 'X-Echo': 'a\r\nSet-Cookie: x=1' } }).toString();
    expect(s).toContain('X-Echo: a Set-Cookie: x=1\r\n');
  });
});

describe('serveHttp11Connection', () => {
  let server: Server;
  let port = 0;
  const seen: { method: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer({ allowHalfOpen: true }, (socket) =>
      serveHttp11Connection(
        socket,
        async (req) => {
          seen.push({ method: req.method, body: req.body.toString() });
          if (req.method === 'THROW') throw new Error('handler bug');
          return { status: 200, body: `${req.method} ${req.body.length}` };
        },
        { maxHeaderBytes: 1024, maxBodyBytes: 64, requestTimeoutMs: 300 },
      ),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** Sends raw bytes (optionally in pieces), returns everything the server wrote. */
  function raw(parts: (string | Buffer)[], opts: { end?: boolean; gapMs?: number } = {}): Promise<string> {
    return new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
      s.on('error', () => resolve(out));
      void (async () => {
        for (const p of parts) {
          s.write(p);
          if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
        }
        if (opts.end) s.end();
      })();
    });
  }

  it('serves custom verbs with a Content-Length body, even split across packets', async () => {
    const out = await raw(['CAPTURE /capture HTTP/1.1\r\nConte', 'nt-Length: 5\r\n\r\nab', 'cde'], { gapMs: 20 });
    expect(out).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(out.endsWith('CAPTURE 5')).toBe(true);
    expect(seen.at(-1)).toEqual({ method: 'CAPTURE', body: 'abcde' });
  });
  it('answers a client that half-closes after its request', async () => {
    expect(await raw(['MOSIPDISC /device HTTP/1.1\r\n\r\n'], { end: true })).toContain('MOSIPDISC 0');
  });
  it.each([
    ['garbage', ['\x00\x01\x02 hello\r\n\r\n'], 400],
    ['chunked bodies', ['CAPTURE / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'], 411],
    ['bad Content-Length', ['CAPTURE / HTTP/1.1\r\nContent-Length: -1\r\n\r\n'], 400],
    ['huge bodies', ['CAPTURE / HTTP/1.1\r\nContent-Length: 65\r\n\r\n'], 413],
    ['huge heads', [`CAPTURE / HTTP/1.1\r\nX: ${'a'.repeat(2000)}\r\n\r\n`], 431],
    ['endless heads', [`CAPTURE / HTTP/1.1\r\nX: ${'a'.repeat(2000)}`], 431],
  ])('refuses %s', async (_name, parts, status) => {
    expect(await raw(parts)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  });
  it('times out slow or truncated requests', async () => {
    expect(await raw(['CAPTURE / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc'])).toMatch(/^HTTP\/1\.1 408 /);
    expect(await raw(['CAPTURE / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc'], { end: true })).toMatch(
      /^HTTP\/1\.1 400 /,
    );
  });
  it('turns a handler failure into a 500, and keeps serving', async () => {
    expect(await raw(['THROW / HTTP/1.1\r\n\r\n'])).toMatch(/^HTTP\/1\.1 500 /);
    expect(await raw(['MOSIPDISC /device HTTP/1.1\r\n\r\n'])).toMatch(/^HTTP\/1\.1 200 /);
  });
});
