import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, issueTestCertificate, type TestKeyPair } from '@signet-kiosk/shared/sbi/crypto';
import { DEFAULT_DEVICES, SIM_PROVIDER } from '../../simulator/devices.js';
import type { RunningSimulator } from '../../simulator/server.js';
import type { SbiDevice } from '../device.js';
import { SbiBridgeError } from '../errors.js';
import {
  portBlock,
  simulatorAdmin,
  simulatorTrust,
  startTestSimulator,
  testBridge,
} from '../testing/simulator-fixture.js';

const PORTS = portBlock(1);
const L0_PORTS = portBlock(5);
const DOMAIN = 'https://id.signet.test';
const DAY = 86_400_000;
let sim: RunningSimulator;
let rogueCa: TestKeyPair;

async function rejection(p: Promise<unknown>): Promise<SbiBridgeError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SbiBridgeError);
  return err as SbiBridgeError;
}
const codes = (d: { verdict: { issues: { code: string }[] } }) => d.verdict.issues.map((i) => i.code);
const finger = (devices: SbiDevice[]) => devices.find((d) => d.serialNo === 'SIM-FNG-0001')!;

/** Signs as the finger device with another key pair for the length of `fn`. */
async function withDeviceKey<T>(pair: TestKeyPair, fn: () => Promise<T>): Promise<T> {
  const keys = sim.pki.devices.get('SIM-FNG-0001')!;
  const own = keys.device;
  keys.device = pair;
  try {
    return await fn();
  } finally {
    keys.device = own;
  }
}

beforeAll(async () => {
  [sim, rogueCa] = await Promise.all([
    startTestSimulator(PORTS),
    createTestCa({ subject: 'CN=Rogue Device Provider CA, O=Not Trusted' }),
  ]);
});
afterAll(async () => {
  await sim.close();
});

describe('trust anchors', () => {
  it('trusts the simulator with its own CAs', async () => {
    const devices = await testBridge(sim, PORTS).discover();
    expect(devices.every((d) => d.verdict.trusted && d.digitalIdVerified)).toBe(true);
  });

  it('flags every device (never drops one) when the anchors do not match, and refuses its captures', async () => {
    const stranger = testBridge(sim, PORTS, {
      trust: simulatorTrust(sim, { deviceProviderCas: [rogueCa.certificate], ftmCas: [rogueCa.certificate] }),
    });
    const devices = await stranger.discover();
    expect(devices).toHaveLength(4);
    for (const d of devices) {
      expect(d.verdict.trusted).toBe(false);
      expect(codes(d)).toEqual(['DEVICE_CERT_UNTRUSTED', 'DIGITAL_ID_CERT_UNTRUSTED']);
      expect(d.digitalIdVerified).toBe(false);
      // What the operator sees still names the device (read, not verified).
      expect(d.digitalId?.serialNo).toBe(d.serialNo);
    }
    const e = await rejection(stranger.capture(finger(devices), { transactionId: 'abcd1234', domainUri: DOMAIN }));
    expect(e.code).toBe('ERR_BRIDGE_UNTRUSTED');
    expect(e.kind).toBe('trust');
    expect(e.verdict?.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['DEVICE_CERT_UNTRUSTED', 'DIGITAL_ID_CERT_UNTRUSTED']),
    );
    expect(e.toJSON()).toMatchObject({ code: 'ERR_BRIDGE_UNTRUSTED', kind: 'trust', verdict: { trusted: false } });

    // Diagnostics may look at it anyway; it stays flagged.
    const diag = await stranger.capture(finger(devices), {
      transactionId: 'abcd1234',
      domainUri: DOMAIN,
      allowUntrusted: true,
    });
    expect(diag.verdict.trusted).toBe(false);
    expect(diag.items).toHaveLength(1);
  });

  it('needs the FTM CA for L1 digitalIds: the device-provider CA alone is not enough', async () => {
    const t = simulatorTrust(sim);
    const devices = await testBridge(sim, PORTS, { trust: { ...t, ftmCas: t.deviceProviderCas } }).discover();
    expect(codes(finger(devices))).toEqual(['DIGITAL_ID_CERT_UNTRUSTED']);
  });

  it('flags an expired device certificate (discovery and capture)', async () => {
    const expired = await issueTestCertificate(sim.pki.deviceProviderCa, {
      subject: 'CN=SIM-FNG-0001, OU=Device (expired)',
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    await withDeviceKey(expired, async () => {
      const bridge = testBridge(sim, PORTS);
      const d = finger(await bridge.discover());
      expect(codes(d)).toEqual(['DEVICE_CERT_EXPIRED']);
      const e = await rejection(bridge.capture(d, { transactionId: 'abcd1234', domainUri: DOMAIN }));
      expect(e.code).toBe('ERR_BRIDGE_UNTRUSTED');
      expect(e.verdict?.issues.map((i) => i.code)).toContain('DEVICE_CERT_EXPIRED');
    });
  });

  it('flags a device certificate from an untrusted CA', async () => {
    const rogue = await issueTestCertificate(rogueCa, { subject: 'CN=SIM-FNG-0001, OU=Device (rogue)' });
    await withDeviceKey(rogue, async () => {
      const bridge = testBridge(sim, PORTS);
      const d = finger(await bridge.discover());
      expect(codes(d)).toEqual(['DEVICE_CERT_UNTRUSTED']);
      expect((await rejection(bridge.capture(d, { transactionId: 'abcd1234', domainUri: DOMAIN }))).code).toBe(
        'ERR_BRIDGE_UNTRUSTED',
      );
    });
  });

  it('flags a capture whose digitalId names another device than the one asked', async () => {
    const bridge = testBridge(sim, PORTS);
    const d = finger(await bridge.discover());
    const e = await rejection(
      bridge.capture({ ...d, serialNo: 'SIM-FNG-9999' }, { transactionId: 'abcd1234', domainUri: DOMAIN }),
    );
    expect(e.code).toBe('ERR_BRIDGE_UNTRUSTED');
    expect(e.verdict?.issues.map((i) => [i.code, i.at])).toEqual([
      ['IDENTITY_MISMATCH', 'biometrics[0].data.digitalId'],
    ]);
  });

  it('flags a capture encrypted for another certificate, or one the configured key cannot open', async () => {
    const other = await issueTestCertificate(rogueCa, { subject: 'CN=Other ID system', use: 'encrypt' });
    const bridge = testBridge(sim, PORTS, {
      trust: simulatorTrust(sim, { encryptionCertificate: other.certificate, decryptionKey: other.privateKey }),
    });
    const d = finger(await bridge.discover());
    const e = await rejection(bridge.capture(d, { transactionId: 'abcd1234', domainUri: DOMAIN }));
    expect(e.code).toBe('ERR_BRIDGE_CAPTURE_INVALID');
    expect(e.verdict?.issues.map((i) => i.code)).toEqual(['THUMBPRINT_MISMATCH', 'DECRYPT_FAILED']);
  });
});

describe('device binding: the device certificate names the device of the digitalId (certificate subject)', () => {
  it('flags a device whose info is signed with another device’s key of the same CA (the slap scanner’s), and refuses its captures', async () => {
    await withDeviceKey(sim.pki.devices.get('SIM-SLP-0001')!.device, async () => {
      const bridge = testBridge(sim, PORTS);
      const d = finger(await bridge.discover());
      expect(d.verdict.issues.map((i) => [i.code, i.at])).toEqual([['DEVICE_CERT_SUBJECT_MISMATCH', 'deviceInfo']]);
      expect(d.verdict.issues[0]!.message).toContain(
        'the digitalId names serialNo "SIM-FNG-0001"; the certificate\'s CN is "SIM-SLP-0001"',
      );
      const e = await rejection(bridge.capture(d, { transactionId: 'abcd1234', domainUri: DOMAIN }));
      expect(e.code).toBe('ERR_BRIDGE_UNTRUSTED');
      expect(e.verdict?.issues.map((i) => [i.code, i.at])).toEqual([
        ['DEVICE_CERT_SUBJECT_MISMATCH', 'biometrics[0].data'],
      ]);
    });
  });

  it.each([
    ['foreignDeviceKey', 'CN is "SIM-SLP-0001"'],
    ['foreignProviderCert', 'O is "Another Device Provider"'],
  ])('refuses a capture the simulator signs with %s', async (fault, found) => {
    const bridge = testBridge(sim, PORTS);
    const d = finger(await bridge.discover());
    await simulatorAdmin(sim, 'POST', '/admin/faults', { fault, count: 1 });
    const e = await rejection(bridge.capture(d, { transactionId: 'abcd1234', domainUri: DOMAIN }));
    expect(e.code).toBe('ERR_BRIDGE_UNTRUSTED');
    const issue = e.verdict!.issues.find((i) => i.severity === 'error')!;
    expect([issue.code, issue.at]).toEqual(['DEVICE_CERT_SUBJECT_MISMATCH', 'biometrics[0].data']);
    expect(issue.message).toContain(found);
  });

  it('leaves the binding to the server for providers that bind by registration (deviceBinding unchecked)', async () => {
    const bridge = testBridge(sim, PORTS, { trust: simulatorTrust(sim, { deviceBinding: 'unchecked' }) });
    const d = finger(await bridge.discover());
    await simulatorAdmin(sim, 'POST', '/admin/faults', { fault: 'foreignDeviceKey', count: 1 });
    const r = await bridge.capture(d, { transactionId: 'abcd1234', domainUri: DOMAIN });
    expect(r.verdict.issues.map((i) => [i.code, i.severity])).toEqual([['DEVICE_KEY_CHANGED', 'warning']]);
  });

  it('flags a device certificate naming this device from the CA of another provider the policy trusts, and refuses its captures', async () => {
    const otherCa = await createTestCa({ subject: 'CN=Other Devices Inc Device CA, O=Other Devices Inc' });
    const impostor = await issueTestCertificate(otherCa, { subject: `CN=SIM-FNG-0001, OU=Device, O=${SIM_PROVIDER}` });
    const trust = simulatorTrust(sim, {
      deviceProviderCas: [sim.pki.deviceProviderCa.certificate, otherCa.certificate],
      deviceProviders: new Map([
        [sim.pki.deviceProviderCa.certificate.fingerprint256, SIM_PROVIDER],
        [otherCa.certificate.fingerprint256, 'Other Devices Inc'],
      ]),
    });
    await withDeviceKey(impostor, async () => {
      const bridge = testBridge(sim, PORTS, { trust });
      const d = finger(await bridge.discover());
      expect(d.verdict.issues.map((i) => [i.code, i.at])).toEqual([['DEVICE_CERT_PROVIDER_MISMATCH', 'deviceInfo']]);
      expect(d.verdict.issues[0]!.message).toContain(
        'the digitalId names deviceProvider "Signet Simulated Devices"; its CA (CN=Other Devices Inc Device CA, O=Other Devices Inc) is trusted for "Other Devices Inc"',
      );
      const e = await rejection(bridge.capture(d, { transactionId: 'abcd1234', domainUri: DOMAIN }));
      expect(e.code).toBe('ERR_BRIDGE_UNTRUSTED');
      expect(e.verdict?.issues.map((i) => [i.code, i.at])).toEqual([
        ['DEVICE_CERT_PROVIDER_MISMATCH', 'biometrics[0].data'],
      ]);
    });
    // The simulator's own certificates pass under the same policy, also with binding left to the server.
    expect(finger(await testBridge(sim, PORTS, { trust }).discover()).verdict.trusted).toBe(true);
    await withDeviceKey(impostor, async () => {
      const d = finger(await testBridge(sim, PORTS, { trust: { ...trust, deviceBinding: 'unchecked' } }).discover());
      expect(d.verdict.issues.map((i) => i.code)).toEqual(['DEVICE_CERT_PROVIDER_MISMATCH']);
    });
  });

  it('flags a stale digitalId (dated 2020-01-01) as outside the capture window', async () => {
    const bridge = testBridge(sim, PORTS);
    const d = finger(await bridge.discover());
    await simulatorAdmin(sim, 'POST', '/admin/faults', { fault: 'staleDigitalId', count: 1 });
    const e = await rejection(bridge.capture(d, { transactionId: 'abcd1234', domainUri: DOMAIN }));
    expect(e.verdict?.issues.map((i) => [i.code, i.at])).toEqual([
      ['TIMESTAMP_SKEW', 'biometrics[0].data.digitalId.dateTime'],
    ]);
  });
});

describe('L0 devices', () => {
  let l0: RunningSimulator;
  beforeAll(async () => {
    const spec = DEFAULT_DEVICES.find((d) => d.serialNo === 'SIM-FNG-0001')!;
    l0 = await startTestSimulator(L0_PORTS, {}, { devices: [{ ...spec, certification: 'L0' }] });
  });
  afterAll(async () => {
    await l0.close();
  });

  it('flags an L0 device for authentication and refuses its captures', async () => {
    const bridge = testBridge(l0, L0_PORTS);
    const [d] = await bridge.discover();
    expect(d).toMatchObject({ certification: 'L0', purpose: 'Auth', digitalIdVerified: true });
    expect(d!.verdict.issues.map((i) => [i.code, i.severity])).toEqual([['L0_FOR_AUTH', 'error']]);
    const e = await rejection(bridge.capture(d!, { transactionId: 'abcd1234', domainUri: DOMAIN }));
    expect(e.code).toBe('ERR_BRIDGE_UNTRUSTED');
  });

  it('accepts it, with a warning, when the policy allows L0 for authentication', async () => {
    const bridge = testBridge(l0, L0_PORTS, { trust: simulatorTrust(l0, { allowL0ForAuth: true }) });
    const [d] = await bridge.discover();
    expect(d!.verdict).toMatchObject({ trusted: true, issues: [{ code: 'L0_FOR_AUTH', severity: 'warning' }] });
    const r = await bridge.capture(d!, { transactionId: 'abcd1234', domainUri: DOMAIN });
    expect(r.verdict.trusted).toBe(true);
  });
});
