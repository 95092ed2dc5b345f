// One test per fault knob of the simulator's admin API: each must surface as its typed error and,
// for captures that arrive but fail verification, as the named issue in the verdict.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../simulator/server.js';
import type { SbiBridge } from './bridge.js';
import type { SbiDevice } from './device.js';
import { SbiBridgeError, type BridgeErrorCode } from './errors.js';
import { portBlock, simulatorAdmin, startTestSimulator, testBridge } from './testing/simulator-fixture.js';
import type { TrustIssueCode } from '@signet-kiosk/shared/sbi';

const PORTS = portBlock(4);
const DOMAIN = 'https://id.signet.test';
let sim: RunningSimulator;
let bridge: SbiBridge;
let finger: SbiDevice;
let slap: SbiDevice;

beforeAll(async () => {
  sim = await startTestSimulator(PORTS);
  bridge = testBridge(sim, PORTS);
  const devices = await bridge.discover();
  finger = devices.find((d) => d.type === 'Finger' && d.purpose === 'Auth')!;
  slap = devices.find((d) => d.purpose === 'Registration')!;
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await simulatorAdmin(sim, 'POST', '/admin/reset');
});

const fault = (spec: Record<string, unknown>) => simulatorAdmin(sim, 'POST', '/admin/faults', { count: 1, ...spec });
const capture = (o: { timeoutMs?: number; allowUntrusted?: boolean } = {}) =>
  bridge.capture(finger, { transactionId: 'fault-1234', domainUri: DOMAIN, ...o });

async function expectRefusal(
  p: Promise<unknown>,
  code: BridgeErrorCode,
  issue?: TrustIssueCode,
  sbi?: string,
): Promise<SbiBridgeError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SbiBridgeError);
  const e = err as SbiBridgeError;
  expect(e.code).toBe(code);
  if (issue) expect(e.verdict?.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toContain(issue);
  if (sbi) expect(e.sbi?.errorCode).toBe(sbi);
  return e;
}

describe('simulator fault knobs → typed errors', () => {
  it('timeout → ERR_DEVICE_CAPTURE_TIMEOUT (701)', async () => {
    await fault({ fault: 'timeout' });
    await expectRefusal(capture({ timeoutMs: 200 }), 'ERR_DEVICE_CAPTURE_TIMEOUT', undefined, '701');
  });

  it('busy → ERR_DEVICE_BUSY (111)', async () => {
    await fault({ fault: 'busy' });
    await expectRefusal(capture(), 'ERR_DEVICE_BUSY', undefined, '111');
  });

  it('notRegistered → ERR_DEVICE_NOT_REGISTERED (100)', async () => {
    await fault({ fault: 'notRegistered' });
    await expectRefusal(capture(), 'ERR_DEVICE_NOT_REGISTERED', undefined, '100');
  });

  it('badSignature → ERR_BRIDGE_SIGNATURE_INVALID (DEVICE_SIGNATURE_INVALID)', async () => {
    await fault({ fault: 'badSignature' });
    const e = await expectRefusal(capture(), 'ERR_BRIDGE_SIGNATURE_INVALID', 'DEVICE_SIGNATURE_INVALID');
    expect(e.verdict?.issues.find((i) => i.code === 'DEVICE_SIGNATURE_INVALID')?.verifyCode).toBe(
      'ERR_SBI_JWS_SIGNATURE',
    );
  });

  it('brokenHashChain → ERR_BRIDGE_CAPTURE_INVALID (HASH_CHAIN_BROKEN), for CAPTURE with the ID system key and for RCAPTURE', async () => {
    await fault({ fault: 'brokenHashChain' });
    await expectRefusal(capture(), 'ERR_BRIDGE_CAPTURE_INVALID', 'HASH_CHAIN_BROKEN');
    await fault({ fault: 'brokenHashChain' });
    await expectRefusal(
      bridge.registrationCapture(slap, { transactionId: 'fault-1234', deviceSubId: 1, count: 4 }),
      'ERR_BRIDGE_CAPTURE_INVALID',
      'HASH_CHAIN_BROKEN',
    );
  });

  it('wrongTransactionId → ERR_BRIDGE_CAPTURE_INVALID (TRANSACTION_ID_MISMATCH)', async () => {
    await fault({ fault: 'wrongTransactionId' });
    await expectRefusal(capture(), 'ERR_BRIDGE_CAPTURE_INVALID', 'TRANSACTION_ID_MISMATCH');
  });

  it('expiredCert → ERR_BRIDGE_UNTRUSTED (DEVICE_CERT_EXPIRED)', async () => {
    await fault({ fault: 'expiredCert' });
    const e = await expectRefusal(capture(), 'ERR_BRIDGE_UNTRUSTED', 'DEVICE_CERT_EXPIRED');
    expect(e.message).toContain('not accepted');
  });

  it('untrustedCa → ERR_BRIDGE_UNTRUSTED (DEVICE_CERT_UNTRUSTED)', async () => {
    await fault({ fault: 'untrustedCa' });
    await expectRefusal(capture(), 'ERR_BRIDGE_UNTRUSTED', 'DEVICE_CERT_UNTRUSTED');
  });

  it('clockSkew → ERR_BRIDGE_CAPTURE_INVALID (TIMESTAMP_SKEW); a skew inside the tolerance passes', async () => {
    await fault({ fault: 'clockSkew', seconds: -600 });
    await expectRefusal(capture(), 'ERR_BRIDGE_CAPTURE_INVALID', 'TIMESTAMP_SKEW');
    await fault({ fault: 'clockSkew', seconds: 10 });
    expect((await capture()).verdict.trusted).toBe(true);
  });

  it('millisecondsInTimestamps → ERR_BRIDGE_CAPTURE_INVALID (TIMESTAMP_FORMAT)', async () => {
    await fault({ fault: 'millisecondsInTimestamps' });
    const e = await expectRefusal(capture(), 'ERR_BRIDGE_CAPTURE_INVALID', 'TIMESTAMP_FORMAT');
    expect(e.verdict?.issues.map((i) => i.at)).toContain('biometrics[0].data.timestamp');
  });

  it('a faulty capture can still be looked at with allowUntrusted, flagged', async () => {
    await fault({ fault: 'wrongTransactionId' });
    const r = await capture({ allowUntrusted: true });
    expect(r.verdict.trusted).toBe(false);
    expect(r.verdict.issues.map((i) => i.code)).toEqual(['TRANSACTION_ID_MISMATCH']);
  });
});
