// The HTTP transport against misbehaving device services: a tiny raw `net` server answers each
// request as the test says (garbage, wrong shapes, silence, resets, odd stream framing).
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signJwsX5c } from '@signet-kiosk/shared/sbi/crypto';
import type { RunningSimulator } from '../../simulator/server.js';
import { SbiBridge } from '../bridge.js';
import { SbiBridgeError } from '../errors.js';
import { portBlock, simulatorTrust, startTestSimulator, TEST_SITE, testBridge } from '../testing/simulator-fixture.js';
import { HttpSbiEndpoint } from './http.js';

const PORTS = portBlock(2);
const RAW_PORT = PORTS.max;
let sim: RunningSimulator;
let raw: Server;
let answer: (req: { method: string; path: string; headers: string; body: string }, socket: Socket) => void;

function startRaw(port: number): Promise<Server> {
  const server = createServer((socket) => {
    let buf = '';
    socket.on('error', () => {});
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.slice(0, end);
      const len = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      const [method = '', path = ''] = head.split(' ');
      answer({ method, path, headers: head, body: buf.slice(end + 4, end + 4 + len) }, socket);
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const json = (socket: Socket, body: string, status = '200 OK') =>
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );

async function rejection(p: Promise<unknown>): Promise<SbiBridgeError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SbiBridgeError);
  return err as SbiBridgeError;
}

const endpoint = () => new HttpSbiEndpoint(RAW_PORT, { origin: 'https://kiosk.signet.test' });
const call = (timeoutMs = 1000, signal?: AbortSignal) =>
  endpoint().call('discover', { type: 'Biometric Device' }, { dialect: 'mds', timeoutMs, signal });

beforeAll(async () => {
  // The simulator takes the first free port of the block; the raw server its last.
  [sim, raw] = await Promise.all([startTestSimulator({ min: PORTS.min, max: PORTS.max - 1 }), startRaw(RAW_PORT)]);
});
afterAll(async () => {
  await sim.close();
  await new Promise((r) => raw.close(r));
});
afterEach(() => {
  answer = (_req, socket) => json(socket, '[]');
});

describe('transport errors', () => {
  it('sends custom verbs in upper case with JSON and Origin', async () => {
    let seen = '';
    answer = (req, socket) => {
      seen = `${req.method} ${req.path} ${/origin: (.*)/i.exec(req.headers)?.[1]} ${req.body}`;
      json(socket, '[]');
    };
    expect(await call()).toEqual([]);
    expect(seen).toBe('MOSIPDISC /device https://kiosk.signet.test {"type":"Biometric Device"}');
  });

  it('no service → ERR_BRIDGE_NO_DEVICE', async () => {
    const e = await rejection(
      new HttpSbiEndpoint(PORTS.max - 1).call('info', undefined, { dialect: 'mds', timeoutMs: 500 }),
    );
    expect(e.code).toBe('ERR_BRIDGE_NO_DEVICE');
  });

  it('silence → ERR_BRIDGE_TIMEOUT after the timeout', async () => {
    answer = () => {};
    const t0 = performance.now();
    expect((await rejection(call(200))).code).toBe('ERR_BRIDGE_TIMEOUT');
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  it('AbortSignal → ERR_BRIDGE_ABORTED, also when already aborted', async () => {
    answer = () => {};
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    expect((await rejection(call(5_000, ac.signal))).code).toBe('ERR_BRIDGE_ABORTED');
    expect((await rejection(call(5_000, AbortSignal.abort()))).code).toBe('ERR_BRIDGE_ABORTED');
  });

  it('garbage, bad JSON, HTTP errors and resets are typed', async () => {
    answer = (_req, socket) => socket.end('this is not HTTP at all\r\n\r\n');
    expect(['ERR_BRIDGE_CONNECTION', 'ERR_BRIDGE_MALFORMED_RESPONSE']).toContain((await rejection(call())).code);
    answer = (_req, socket) => json(socket, '{"deviceStatus": ');
    expect((await rejection(call())).code).toBe('ERR_BRIDGE_MALFORMED_RESPONSE');
    answer = (_req, socket) => json(socket, '{}', '500 Internal Server Error');
    expect((await rejection(call())).code).toBe('ERR_BRIDGE_HTTP_STATUS');
    answer = (_req, socket) => socket.destroy();
    expect((await rejection(call())).code).toBe('ERR_BRIDGE_CONNECTION');
  });
});

describe('discovery against bad services', () => {
  it('lists the good service and reports the bad one as a typed failure (all dialects tried)', async () => {
    const verbs: string[] = [];
    answer = (req, socket) => {
      verbs.push(`${req.method} ${req.path}`);
      if (req.method === 'OPTIONS')
        return socket.end(
          `HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: ${TEST_SITE}\r\nConnection: close\r\n\r\n`,
        );
      json(socket, JSON.stringify([{ deviceStatus: 'Sleeping', nonsense: true }]));
    };
    const bridge = testBridge(sim, PORTS);
    const survey = await bridge.survey();
    expect(survey.devices.map((d) => d.endpoint)).toEqual(Array(4).fill(sim.url));
    expect(survey.failures).toEqual([
      {
        endpoint: `http://127.0.0.1:${RAW_PORT}`,
        code: 'ERR_BRIDGE_MALFORMED_RESPONSE',
        message: expect.stringContaining('p3167'),
      },
    ]);
    expect(verbs).toEqual(
      expect.arrayContaining(['MOSIPDISC /device', 'SBIDISC /device', 'OPTIONS /device', 'POST /device']),
    );
  });

  it('a service that accepts but never answers costs the scan one discovery timeout, not more', async () => {
    answer = () => {};
    const t0 = performance.now();
    // The default timeout: the simulator, in this process, must answer within it also when test
    // files side by side hold this process up (200 ms was once not enough).
    const survey = await testBridge(sim, PORTS, { discoveryTimeoutMs: 1_000 }).survey();
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(survey.devices).toHaveLength(4);
    expect(survey.failures.map((f) => f.code)).toEqual(['ERR_BRIDGE_TIMEOUT']);
  });

  it('discovery is cancelled by an AbortSignal', async () => {
    answer = () => {};
    const t0 = performance.now();
    const e = await rejection(testBridge(sim, PORTS).discover({ signal: AbortSignal.timeout(100) }));
    expect(e.code).toBe('ERR_BRIDGE_ABORTED');
    expect(performance.now() - t0).toBeLessThan(900);
  });

  it('falls back to the next dialect when a service does not know MOSIPDISC', async () => {
    // A service that refuses 0.9.5 verbs but answers SBIDISC/SBIINFO by forwarding to the simulator.
    answer = (req, socket) => {
      if (req.method.startsWith('MOSIP')) return json(socket, '{}', '400 Bad Request');
      void fetch(sim.url + req.path, { method: req.method, ...(req.body ? { body: req.body } : {}) }).then(async (r) =>
        json(socket, await r.text()),
      );
    };
    const devices = await new SbiBridge({
      trust: simulatorTrust(sim),
      ports: { min: RAW_PORT, max: RAW_PORT },
    }).discover();
    expect(devices.map((d) => [d.dialect, d.deviceId, d.verdict.trusted])).toEqual([
      ['sbi', 'SIM-FNG-0001', true],
      ['sbi', 'SIM-IRS-0001', true],
      ['sbi', 'SIM-FAC-0001', true],
      ['sbi', 'SIM-SLP-0001', true],
    ]);
  });

  it('a capture answer that is not SBI → ERR_BRIDGE_MALFORMED_RESPONSE; a bare error object → the device error', async () => {
    const [finger] = await testBridge(sim, { min: PORTS.min, max: PORTS.max - 1 }).discover({ type: 'Finger' });
    const fake = { ...finger!, endpoint: `http://127.0.0.1:${RAW_PORT}`, port: RAW_PORT };
    const bridge = testBridge(sim, PORTS);
    answer = (_req, socket) => json(socket, JSON.stringify({ biometrics: 'none' }));
    const notSbi = await rejection(bridge.capture(fake, { transactionId: 'abcd1234', domainUri: 'https://x.test' }));
    expect(notSbi.code).toBe('ERR_BRIDGE_MALFORMED_RESPONSE');
    expect(notSbi.message).toBe(
      'The device service sent an answer that is not valid SBI. The capture answer:\n✖ Invalid input: expected array, received string\n  → at biometrics',
    );
    answer = (_req, socket) => json(socket, JSON.stringify({ error: { errorCode: 111, errorInfo: 'busy' } }));
    expect(
      (await rejection(bridge.capture(fake, { transactionId: 'abcd1234', domainUri: 'https://x.test' }))).code,
    ).toBe('ERR_DEVICE_BUSY');
    // Signed by the real device key, but not an SBI capture payload.
    const keys = sim.pki.devices.get('SIM-FNG-0001')!.device;
    const data = await signJwsX5c(
      { bioType: 'Cat' },
      { privateKey: keys.privateKey, certificates: [keys.certificate] },
    );
    answer = (_req, socket) =>
      json(
        socket,
        JSON.stringify({
          biometrics: [
            {
              specVersion: '0.9.5',
              data,
              hash: 'A'.repeat(64),
              sessionKey: 'x',
              thumbprint: 'y',
              error: { errorCode: '0', errorInfo: 'Success' },
            },
          ],
        }),
      );
    const bad = await rejection(bridge.capture(fake, { transactionId: 'abcd1234', domainUri: 'https://x.test' }));
    expect(bad.code).toBe('ERR_BRIDGE_MALFORMED_RESPONSE');
    const payload = bad.verdict?.issues.find((i) => i.code === 'PAYLOAD_INVALID');
    // The issue's sentence, then every problem of the payload on lines of its own.
    expect(payload?.message).toMatch(
      /^A signed payload is not what the SBI specification describes\.\n✖ .+\n {2}→ at digitalId\n/,
    );
    expect(payload?.message).toContain('\n  → at bioType');
    answer = (_req, socket) => json(socket, JSON.stringify({ biometrics: [] }));
    expect(
      (await rejection(bridge.capture(fake, { transactionId: 'abcd1234', domainUri: 'https://x.test' }))).code,
    ).toBe('ERR_BRIDGE_MALFORMED_RESPONSE');
    // The capture HTTP call is bounded by the device timeout plus the grace.
    answer = () => {};
    const slow = testBridge(sim, PORTS, { captureGraceMs: 100 });
    expect(
      (await rejection(slow.capture(fake, { transactionId: 'abcd1234', domainUri: 'https://x.test', timeoutMs: 100 })))
        .code,
    ).toBe('ERR_BRIDGE_TIMEOUT');
  });
});

describe('P3167 consent gate', () => {
  it('refuses when the preflight does not consent, and never sends the POST', async () => {
    const verbs: string[] = [];
    answer = (req, socket) => {
      verbs.push(req.method);
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    };
    const e = await rejection(endpoint().call('discover', {}, { dialect: 'p3167', timeoutMs: 1000 }));
    expect(e.code).toBe('ERR_BRIDGE_CONSENT_DENIED');
    expect(verbs).toEqual(['OPTIONS']);
  });

  it('refuses a preflight that echoes another origin', async () => {
    answer = (_req, socket) =>
      socket.end(
        'HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: https://evil.example\r\nConnection: close\r\n\r\n',
      );
    expect((await rejection(endpoint().call('discover', {}, { dialect: 'p3167', timeoutMs: 1000 }))).code).toBe(
      'ERR_BRIDGE_CONSENT_DENIED',
    );
  });
});

describe('stream framing', () => {
  const jpeg = (n: number) =>
    Buffer.concat([Buffer.from([0xff, 0xd8, n]), Buffer.from('--not-a-boundary\r\n'), Buffer.from([0xff, 0xd9])]);

  async function framesFrom(parts: Buffer): Promise<Buffer[]> {
    answer = (_req, socket) => {
      socket.write(
        'HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=--BoundaryString\r\nConnection: close\r\n\r\n',
      );
      // Dribble the bytes so frames straddle chunks.
      let at = 0;
      const step = () => {
        if (at >= parts.length) return socket.end();
        socket.write(parts.subarray(at, at + 7));
        at += 7;
        setImmediate(step);
      };
      step();
    };
    const out: Buffer[] = [];
    for await (const f of endpoint().stream({ deviceId: '4', deviceSubId: '1' }, { dialect: 'mds', timeoutMs: 1000 }))
      out.push(Buffer.from(f));
    return out;
  }

  it('reads RFC 2046 delimiters (----BoundaryString) with Content-Length', async () => {
    const part = (n: number) =>
      Buffer.concat([
        Buffer.from(`----BoundaryString\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg(n).length}\r\n\r\n`),
        jpeg(n),
        Buffer.from('\r\n'),
      ]);
    expect(await framesFrom(Buffer.concat([part(1), part(2), part(3)]))).toEqual([jpeg(1), jpeg(2), jpeg(3)]);
  });

  it('reads the short delimiter (--BoundaryString) without Content-Length', async () => {
    const part = (n: number) =>
      Buffer.concat([
        Buffer.from('--BoundaryString\r\nContent-Type: image/jpeg\r\n\r\n'),
        jpeg(n),
        Buffer.from('\r\n'),
      ]);
    expect(await framesFrom(Buffer.concat([part(1), part(2), part(3), Buffer.from('--BoundaryString--\r\n')]))).toEqual(
      [jpeg(1), jpeg(2), jpeg(3)],
    );
  });

  it('a stream that is not multipart → ERR_BRIDGE_MALFORMED_RESPONSE', async () => {
    answer = (_req, socket) =>
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc');
    const e = await rejection(
      (async () => {
        for await (const _ of endpoint().stream({}, { dialect: 'mds', timeoutMs: 1000 })) break;
      })(),
    );
    expect(e.code).toBe('ERR_BRIDGE_MALFORMED_RESPONSE');
  });
});
