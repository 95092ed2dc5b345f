import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../simulator/server.js';
import type { SbiBridge } from './bridge.js';
import type { DeviceEvent } from './events.js';
import { portBlock, startTestSimulator, testBridge } from './testing/simulator-fixture.js';

const PORTS = portBlock(3);
let sim: RunningSimulator;
let bridge: SbiBridge;

/** Collects events until `done` says enough (the test's timeout bounds the wait). */
async function collect(
  events: AsyncIterator<DeviceEvent>,
  done: (seen: DeviceEvent[]) => boolean,
): Promise<DeviceEvent[]> {
  const seen: DeviceEvent[] = [];
  while (!done(seen)) {
    const next = await events.next();
    if (next.done) break;
    seen.push(next.value);
  }
  return seen;
}

beforeAll(async () => {
  sim = await startTestSimulator(PORTS);
  bridge = testBridge(sim, PORTS);
});
afterAll(async () => {
  await sim.close();
});

describe('DeviceWatcher', () => {
  it('reports attached, status-changed and detached devices by polling, then stops', async () => {
    const watcher = bridge.watch({ intervalMs: 50 });
    const attached: string[] = [];
    watcher.on('attached', (d) => attached.push(d.serialNo));
    const iterator = watcher.events();
    watcher.start();

    // The first scan attaches the four devices.
    await collect(iterator, (seen) => seen.filter((e) => e.type === 'attached').length === 4);
    expect(attached).toEqual(['SIM-FNG-0001', 'SIM-IRS-0001', 'SIM-FAC-0001', 'SIM-SLP-0001']);

    // A status change, seen on the next poll, keeps the device's identity (key).
    sim.setStatus('1', 'Not Registered');
    const [changed] = await collect(iterator, (seen) => seen.some((e) => e.type === 'status-changed'));
    expect(changed).toMatchObject({
      type: 'status-changed',
      device: { serialNo: 'SIM-FNG-0001', status: 'Not Registered' },
      previous: { status: 'Ready' },
    });
    if (changed?.type !== 'status-changed') throw new Error('expected a status change');
    expect(changed.device.key).toBe(changed.previous.key);
    sim.setStatus('1', 'Ready');
    await collect(iterator, (seen) => seen.some((e) => e.type === 'status-changed'));

    // A second device service appears on the next free port, then goes away.
    const second = await startTestSimulator(PORTS);
    const more = await collect(iterator, (seen) => seen.filter((e) => e.type === 'attached').length === 4);
    expect(more.every((e) => e.type === 'attached' && e.device.port === second.port)).toBe(true);
    await second.close();
    const gone = await collect(iterator, (seen) => seen.filter((e) => e.type === 'detached').length === 4);
    expect(gone.map((e) => [e.type, e.device.port])).toEqual(Array(4).fill(['detached', second.port]));
    expect(watcher.devices.map((d) => d.port)).toEqual(Array(4).fill(sim.port));

    await watcher.stop();
    // The iterator ends once the watcher stops.
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('poll() runs one scan on demand and stop() aborts a scan in flight', async () => {
    const watcher = bridge.watch({ intervalMs: 60_000 });
    const events: DeviceEvent[] = [];
    watcher.on('event', (e) => events.push(e));
    await watcher.poll();
    expect(events.map((e) => e.type)).toEqual(['attached', 'attached', 'attached', 'attached']);
    watcher.start();
    await watcher.stop();
    expect(events).toHaveLength(4);
  });
});
