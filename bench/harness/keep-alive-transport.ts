// A lean HTTP/1.1 client for the load generator: node:http over a keep-alive agent, the body
// gathered as one string. The bench shares the machine with the server it measures, and fetch
// (undici, web streams) costs about three times the CPU per request of this.
import http from 'node:http';
import type { HttpReply, HttpTransport } from '@signet-kiosk/server/testing';

/** Response headers as the UI client reads them: `get` joins repeated headers, `getSetCookie` lists them. */
function replyHeaders(res: http.IncomingMessage): HttpReply['headers'] {
  return {
    get(name: string): string | null {
      const v = res.headers[name.toLowerCase()];
      if (v === undefined) return null;
      return Array.isArray(v) ? v.join(', ') : String(v);
    },
    getSetCookie(): string[] {
      return res.headers['set-cookie'] ?? [];
    },
  };
}

/**
 * A transport over `agent` (one per run, so sockets are reused across sign-ins as a browser
 * would). Rejects on network errors and when the socket stays silent for `timeoutMs`.
 */
export function keepAliveTransport(agent: http.Agent, timeoutMs = 10_000): HttpTransport {
  return (url, init) =>
    new Promise<HttpReply>((resolve, reject) => {
      const headers: Record<string, string | number> = { ...init.headers };
      if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
      const req = http.request(url, { method: init.method, headers, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: replyHeaders(res),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${init.method} ${url}: nothing received for ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(init.body);
    });
}
