// The SbiClient of the kiosk window: `window.kiosk.sbi` (the preload's bridge to the main process,
// which drives the devices and verifies every capture) made into the SbiClient screens use. The
// bridge carries no AbortSignal and no Error's code, so a signal becomes a cancel message naming the
// capture, and a typed error reply becomes an SbiClientError.
import type { KioskApi, KioskIpcError } from '@signet-kiosk/shared/kiosk';
import {
  SbiClientError,
  type SbiCaptureRequest,
  type SbiCaptureResult,
  type SbiClient,
  type SbiClientErrorCode,
  type SbiDeviceView,
} from './sbi-client.js';

const SBI_CODES: ReadonlySet<string> = new Set<SbiClientErrorCode>([
  'no_device_service',
  'device_busy',
  'capture_cancelled',
  'capture_timeout',
  'capture_quality',
  'untrusted_capture',
  'device_error',
]);

/** The SbiClientError for an error reply; codes of the IPC layer itself are device errors to a screen. */
function clientErrorOf(error: KioskIpcError): SbiClientError {
  const code = SBI_CODES.has(error.code) ? (error.code as SbiClientErrorCode) : 'device_error';
  return new SbiClientError(code, error.message, error.retryAfterMs);
}

const cancelled = (what: string) => new SbiClientError('capture_cancelled', `${what} was cancelled.`);

/** A capture id for the main process: 128 random bits, base64url. */
function newCaptureId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export class KioskSbiClient implements SbiClient {
  constructor(private readonly sbi: KioskApi['sbi']) {}

  async discover(signal?: AbortSignal): Promise<SbiDeviceView[]> {
    if (signal?.aborted) throw cancelled('Discovery');
    const reply = await this.sbi.discover({});
    if (signal?.aborted) throw cancelled('Discovery');
    if (!reply.ok) throw clientErrorOf(reply.error);
    return reply.value;
  }

  async capture(request: SbiCaptureRequest): Promise<SbiCaptureResult> {
    const { signal, ...rest } = request;
    if (signal?.aborted) throw cancelled('The capture');
    const captureId = newCaptureId();
    const cancel = () => void this.sbi.cancelCapture({ captureId });
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const reply = await this.sbi.capture({ ...rest, captureId });
      if (!reply.ok) throw clientErrorOf(reply.error);
      return reply.value;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }
}
