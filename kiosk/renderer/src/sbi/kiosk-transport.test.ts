// KioskSbiClient turns the kiosk bridge's replies into what screens expect: values, SbiClientErrors
// with their codes, and an AbortSignal into a cancel message for the same capture. The bridge here
// answers as the main process does, and checks every message against the shared IPC contract.
import { describe, expect, it } from 'vitest';
import { KIOSK_INVOKE_CHANNELS, type KioskApi, type KioskReply, type SbiDeviceView } from '@signet-kiosk/shared/kiosk';
import { KioskSbiClient } from './kiosk-transport.js';
import { SbiClientError } from './sbi-client.js';

const DEVICE: SbiDeviceView = {
  key: 'http://127.0.0.1:4501#SIM-FNG-0001',
  modality: 'Finger',
  status: 'Ready',
  trusted: true,
  issues: [],
  details: { endpoint: 'http://127.0.0.1:4501', serialNo: 'SIM-FNG-0001' },
};
const CAPTURE = {
  deviceKey: DEVICE.key,
  transactionId: 'tx-1',
  domainUri: 'https://id.signet.test',
  count: 1,
  timeoutMs: 10_000,
};

/** A bridge whose captures wait until cancelled or answered; every request parsed by the contract. */
function bridge(answer: KioskReply<'sbi:capture'> | 'wait') {
  const sent: { channel: string; request: unknown }[] = [];
  const running = new Map<string, (reply: KioskReply<'sbi:capture'>) => void>();
  const api: KioskApi['sbi'] = {
    async discover(request) {
      sent.push({ channel: 'sbi:discover', request: KIOSK_INVOKE_CHANNELS['sbi:discover'].request.parse(request) });
      return { ok: true, value: [DEVICE] };
    },
    capture(request) {
      const parsed = KIOSK_INVOKE_CHANNELS['sbi:capture'].request.parse(request);
      sent.push({ channel: 'sbi:capture', request: parsed });
      if (answer !== 'wait') return Promise.resolve(answer);
      return new Promise((resolve) => running.set(parsed.captureId, resolve));
    },
    async cancelCapture(request) {
      const { captureId } = KIOSK_INVOKE_CHANNELS['sbi:cancel-capture'].request.parse(request);
      sent.push({ channel: 'sbi:cancel-capture', request: { captureId } });
      const finish = running.get(captureId);
      finish?.({ ok: false, error: { code: 'capture_cancelled', message: 'The capture was cancelled.' } });
      return { ok: true, value: { cancelled: finish !== undefined } };
    },
    onDeviceEvent: () => () => undefined,
  };
  return { api, sent };
}

async function rejection(p: Promise<unknown>): Promise<SbiClientError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SbiClientError);
  return err as SbiClientError;
}

describe('KioskSbiClient', () => {
  it('discovers and captures through the bridge with a fresh random capture id each time', async () => {
    const { api, sent } = bridge({ ok: true, value: { challenge: 'W3t9XQ' } });
    const client = new KioskSbiClient(api);
    expect(await client.discover()).toEqual([DEVICE]);
    expect(await client.capture(CAPTURE)).toEqual({ challenge: 'W3t9XQ' });
    await client.capture(CAPTURE);
    const ids = sent
      .filter((s) => s.channel === 'sbi:capture')
      .map((s) => (s.request as { captureId: string }).captureId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("throws the reply's code as an SbiClientError, with when to retry a busy device", async () => {
    const busy = new KioskSbiClient(
      bridge({ ok: false, error: { code: 'device_busy', message: 'busy', retryAfterMs: 1200 } }).api,
    );
    expect(await rejection(busy.capture(CAPTURE))).toMatchObject({ code: 'device_busy', retryAfterMs: 1200 });
    const untrusted = new KioskSbiClient(
      bridge({ ok: false, error: { code: 'untrusted_capture', message: 'does not verify' } }).api,
    );
    expect(await rejection(untrusted.capture(CAPTURE))).toMatchObject({ code: 'untrusted_capture' });
  });

  it('shows an error of the IPC layer itself as a device error', async () => {
    const client = new KioskSbiClient(bridge({ ok: false, error: { code: 'invalid_request', message: 'bad' } }).api);
    expect(await rejection(client.capture(CAPTURE))).toMatchObject({ code: 'device_error' });
  });

  it('cancels the running capture by its id when the signal aborts', async () => {
    const { api, sent } = bridge('wait');
    const ctl = new AbortController();
    const capturing = new KioskSbiClient(api).capture({ ...CAPTURE, signal: ctl.signal });
    await Promise.resolve();
    ctl.abort();
    expect(await rejection(capturing)).toMatchObject({ code: 'capture_cancelled' });
    const [capture, cancel] = sent;
    expect(cancel).toEqual({
      channel: 'sbi:cancel-capture',
      request: { captureId: (capture!.request as { captureId: string }).captureId },
    });
  });

  it('sends nothing for a signal already aborted', async () => {
    const { api, sent } = bridge('wait');
    const ctl = new AbortController();
    ctl.abort();
    expect(await rejection(new KioskSbiClient(api).capture({ ...CAPTURE, signal: ctl.signal }))).toMatchObject({
      code: 'capture_cancelled',
    });
    expect(await rejection(new KioskSbiClient(api).discover(ctl.signal))).toMatchObject({ code: 'capture_cancelled' });
    expect(sent).toEqual([]);
  });
});
