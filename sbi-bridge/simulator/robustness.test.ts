// Whatever arrives on the socket, the simulator answers with an HTTP status or an SBI error code and
// keeps serving (a fast-check property over random bytes and random near-HTTP requests); and a
// STREAM stops as soon as its client goes away.
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJwsX5cJson } from '@signet-kiosk/shared/sbi/crypto';
import { CaptureDataSchema, CaptureResponseSchema, DiscoveryResponseSchema } from '@signet-kiosk/shared/sbi';
import { startSimulator, type RunningSimulator } from './server.js';

const PORT_MIN = 30_000 + Math.floor(Math.random() * 2_000) * 5;

let dataDir: string;
let sim: RunningSimulator;
const ownErrors: unknown[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sbi-sim-robust-'));
  sim = await startSimulator(
    { dataDir, portMin: PORT_MIN, portMax: PORT_MIN + 4 },
    { onError: (e) => ownErrors.push(e) },
  );
});
afterAll(async () => {
  await sim?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Sends raw bytes, half-closes, and collects everything until the simulator closes. */
function raw(bytes: Uint8Array, halfClose = true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = connect(sim.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error('no answer within 5 s'));
    }, 5000);
    s.on('data', (d) => chunks.push(d));
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    s.write(bytes, () => {
      if (halfClose) s.end();
    });
  });
}

async function stillWorks(): Promise<void> {
  const disc = await fetch(`${sim.url}/device`, { method: 'MOSIPDISC', body: '{"type":"Finger"}' });
  expect(DiscoveryResponseSchema.parse(await disc.json())[0]!.deviceStatus).toBe('Ready');
  const body = {
    env: 'Developer',
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: 10000,
    captureTime: new Date().toISOString(),
    domainUri: 'https://id.example.org',
    transactionId: 'robust-0001',
    customOpts: null,
    bio: [
      {
        type: 'Finger',
        count: 1,
        bioSubType: ['UNKNOWN'],
        requestedScore: 60,
        deviceId: '1',
        deviceSubId: 0,
        previousHash: '',
      },
    ],
  };
  const res = CaptureResponseSchema.parse(
    await (await fetch(`${sim.url}/capture`, { method: 'CAPTURE', body: JSON.stringify(body) })).json(),
  );
  await verifyJwsX5cJson(res.biometrics[0]!.data!, CaptureDataSchema, {
    trustAnchors: [sim.pki.deviceProviderCa.certificate],
  });
}

const STATUS_LINE = /^HTTP\/1\.1 (\d{3}) /;

const METHODS = [
  'MOSIPDISC',
  'MOSIPDINFO',
  'CAPTURE',
  'RCAPTURE',
  'STREAM',
  'SBIDISC',
  'SBIINFO',
  'POST',
  'GET',
  'OPTIONS',
  'DELETE',
  'PUT',
];
const PATHS = [
  '/device',
  '/info',
  '/capture',
  '/rcapture',
  '/stream',
  '/match',
  '/admin/state',
  '/admin/faults',
  '/admin/profile',
  '/',
  '*',
];

/** Near-HTTP requests: real verbs and paths, random headers, bodies that are JSON, near-JSON or bytes, lengths right or wrong. */
const nearHttp = fc
  .record({
    method: fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 12 })),
    path: fc.oneof(fc.constantFrom(...PATHS), fc.string({ maxLength: 40 })),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'HTTP/1.1 ', ''),
    headers: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom('Origin', 'Content-Type', 'Transfer-Encoding', 'X-Sim-Individual-Id'),
          fc.string({ maxLength: 10 }),
        ),
        fc.string({ maxLength: 30 }),
      ),
      { maxLength: 5 },
    ),
    body: fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.constant(
        JSON.stringify({
          env: 'Developer',
          purpose: 'Auth',
          bio: [{ type: 'Finger', count: 1e9, deviceId: '1', deviceSubId: 0 }],
        }),
      ),
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
    ),
    lengthDelta: fc.constantFrom(0, 0, 0, -1, 1, 1000, null),
  })
  .map(({ method, path, version, headers, body, lengthDelta }) => {
    const bytes = Buffer.from(body, 'latin1');
    const lines = [`${method} ${path} ${version}`.trimEnd(), ...headers.map(([k, v]) => `${k}: ${v}`)];
    if (lengthDelta !== null) lines.push(`Content-Length: ${Math.max(0, bytes.length + lengthDelta)}`);
    return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), bytes]);
  });

describe('robustness', () => {
  it('answers random bytes with an HTTP error and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const reply = (await raw(bytes)).toString('latin1');
        expect(reply).toMatch(STATUS_LINE);
      }),
      { numRuns: 150 },
    );
    await stillWorks();
    expect(ownErrors).toEqual([]);
  });

  it('answers random near-HTTP requests with a status (and SBI error codes in JSON) and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(nearHttp, async (bytes) => {
        const reply = (await raw(bytes)).toString('latin1');
        const m = STATUS_LINE.exec(reply);
        expect(m).not.toBeNull();
        // Every JSON answer is a parseable body: SBI answers carry an error code, admin ones an error or state.
        const head = reply.slice(0, reply.indexOf('\r\n\r\n'));
        if (/content-type: application\/json/i.test(head) && /content-length/i.test(head)) {
          expect(() => JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).not.toThrow();
        }
      }),
      { numRuns: 250 },
    );
    await stillWorks();
    expect(ownErrors).toEqual([]);
  });

  it('refuses oversized bodies and heads with 413 and 431 before reading them', async () => {
    const big = await raw(
      Buffer.from(`CAPTURE /capture HTTP/1.1\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n{`),
      false,
    );
    expect(big.toString('latin1')).toMatch(/^HTTP\/1\.1 413 /);
    expect(JSON.parse(big.toString('latin1').split('\r\n\r\n')[1]!)).toMatchObject({ error: { errorCode: '500' } });
    const head = await raw(Buffer.from(`MOSIPDISC /device HTTP/1.1\r\nX-Long: ${'a'.repeat(40_000)}\r\n\r\n`), false);
    expect(head.toString('latin1')).toMatch(/^HTTP\/1\.1 431 /);
    await stillWorks();
  });

  it('answers many garbage connections at once', async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        raw(
          Buffer.from(
            i % 2 ? 'CAPTURE /capture HTTP/1.1\r\nContent-Length: 3\r\n\r\n{{{' : '\x00\x01\x02\r\n\r\n',
            'latin1',
          ),
        ),
      ),
    );
    for (const r of replies) expect(r.toString('latin1')).toMatch(STATUS_LINE);
    await stillWorks();
  });
});

describe('STREAM ending', () => {
  const activeStreams = async () =>
    ((await (await fetch(`${sim.url}/admin/state`)).json()) as { activeStreams: number }).activeStreams;
  const waitForNoStreams = async () => {
    const until = Date.now() + 2000;
    while ((await activeStreams()) !== 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    return activeStreams();
  };

  it('stops when the client aborts', async () => {
    const ac = new AbortController();
    const res = await fetch(`${sim.url}/stream`, {
      method: 'STREAM',
      body: JSON.stringify({ deviceId: '4', deviceSubId: 1, timeout: 60_000 }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    expect(await activeStreams()).toBe(1);
    ac.abort();
    expect(await waitForNoStreams()).toBe(0);
  });

  it('stops when the socket is destroyed or half-closed', async () => {
    for (const how of ['destroy', 'end'] as const) {
      await new Promise<void>((resolve) => {
        const s = connect(sim.port, '127.0.0.1');
        s.on('error', () => {});
        s.once('data', () => {
          if (how === 'destroy') s.destroy();
          else s.end();
          resolve();
        });
        const body = JSON.stringify({ deviceId: '4', deviceSubId: 2, timeout: 60_000 });
        s.write(`STREAM /stream HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      });
      expect(await waitForNoStreams()).toBe(0);
    }
    await stillWorks();
  });
});
