// The TCP scan behind discovery: which ports of a range accept a connection, also when the
// process itself was held up (a busy kiosk, or test files running side by side on two cores).
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPorts } from './discover.js';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Keeps the event loop busy for `ms`, as a process does when it gets no CPU for that long. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('openPorts', () => {
  it('still finds a listening port when the process stalls past the probe timeout', async () => {
    for (let i = 0; i < 5; i++) {
      const scan = openPorts('127.0.0.1', port, port, 50);
      // The connection is made at once; the loop then runs nothing for four timeouts, and its next
      // turn sees the expired timer and the finished connection together.
      setImmediate(() => stall(200));
      expect(await scan).toEqual([port]);
    }
  });
});
