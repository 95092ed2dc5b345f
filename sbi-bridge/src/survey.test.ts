// The device model beyond HTTP ports: an endpoint from another source (standing in for a serial
// module wrapped as an L0 device) and scanner presence from USB with no SBI service answering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEVICES } from '../simulator/devices.js';
import type { RunningSimulator } from '../simulator/server.js';
import { SbiBridge } from './bridge.js';
import type { EndpointSource, PresenceSource, SbiEndpoint } from './transports/endpoint.js';
import { HttpSbiEndpoint } from './transports/http.js';
import { portBlock, simulatorTrust, startTestSimulator } from './testing/simulator-fixture.js';

const SIM_PORTS = portBlock(6);
const EMPTY_PORTS = portBlock(7);
let sim: RunningSimulator;

/** An in-process endpoint answering with an L0 simulator's JSON, as the serial wrapper will. */
function serialLike(): SbiEndpoint {
  const http = new HttpSbiEndpoint(sim.port);
  return {
    id: 'serial:/dev/ttyFAKE0',
    transport: 'serial',
    dialects: ['mds'],
    call: (operation, body, opts) => http.call(operation, body, opts),
  };
}
const serialSource: EndpointSource = { name: 'serial', list: async () => [serialLike()] };
const secugen = { vendorId: 0x1162, productId: 0x2200, vendor: 'SecuGen', product: 'Hamster Pro 20' };
const hid: PresenceSource = { name: 'hid', list: async () => ({ available: true, scanners: [secugen] }) };
const noLibusb: PresenceSource = {
  name: 'hid-without-libusb',
  list: async () => ({ available: false, reason: 'node-hid could not be loaded' }),
};

beforeAll(async () => {
  const spec = DEFAULT_DEVICES.find((d) => d.serialNo === 'SIM-FNG-0001')!;
  sim = await startTestSimulator(
    SIM_PORTS,
    {},
    { devices: [{ ...spec, certification: 'L0', purpose: 'Registration' }] },
  );
});
afterAll(async () => {
  await sim.close();
});

describe('survey', () => {
  it('lists devices of other endpoint sources (an L0 serial-backed device) with the same checks', async () => {
    const bridge = new SbiBridge({ trust: simulatorTrust(sim), ports: EMPTY_PORTS, sources: [serialSource] });
    const [device] = await bridge.discover();
    expect(device).toMatchObject({
      transport: 'serial',
      endpoint: 'serial:/dev/ttyFAKE0',
      key: 'serial:/dev/ttyFAKE0#SIM-FNG-0001',
      certification: 'L0',
      purpose: 'Registration',
      digitalIdVerified: true,
      verdict: { trusted: true },
    });
    expect(device).not.toHaveProperty('port');
    const r = await bridge.registrationCapture(device!, { transactionId: 'serial-0001' });
    expect(r.verdict.trusted).toBe(true);
    expect(() => bridge.stream(device!)).toThrow(expect.objectContaining({ code: 'ERR_BRIDGE_UNSUPPORTED' }));
  });

  it('names scanners attached with no SBI service answering, and presence checks that cannot run', async () => {
    const broken: EndpointSource = { name: 'serial', list: () => Promise.reject(new Error('udevadm not found')) };
    const bridge = new SbiBridge({
      trust: simulatorTrust(sim),
      ports: EMPTY_PORTS,
      presence: [hid, noLibusb],
      sources: [broken],
    });
    const survey = await bridge.survey();
    expect(survey.devices).toEqual([]);
    expect(survey.scanners).toEqual([secugen]);
    expect(survey.unserved).toEqual([{ ...secugen, hint: expect.stringContaining('no SBI service answers') }]);
    expect(survey.failures).toEqual([
      {
        endpoint: 'source:serial',
        code: 'ERR_BRIDGE_CONNECTION',
        message: expect.stringContaining('udevadm not found'),
      },
    ]);
    expect(survey.presence).toEqual([
      { source: 'hid', available: true },
      { source: 'hid-without-libusb', available: false, reason: 'node-hid could not be loaded' },
    ]);
  });
});
