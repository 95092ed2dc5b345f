// The one door to biometric devices for the resident app: `window.kiosk.sbi` in the kiosk, or the
// browser transport to local SBI device services elsewhere. Screens depend on this interface only.
// The wire types live in the kiosk's IPC contract (@signet-kiosk/shared/kiosk), which the kiosk's
// main process answers with; the browser transport gives the same shapes.
import type {
  SbiCaptureIpcRequest,
  SbiCaptureResult,
  SbiClientErrorCode,
  SbiDeviceView,
} from '@signet-kiosk/shared/kiosk';

export type { SbiCaptureResult, SbiClientErrorCode, SbiDeviceView, SbiModality } from '@signet-kiosk/shared/kiosk';

/** A capture as a screen asks for it: the IPC request without its id, plus a signal to cancel it. */
export type SbiCaptureRequest = Omit<SbiCaptureIpcRequest, 'captureId'> & { signal?: AbortSignal };

export class SbiClientError extends Error {
  constructor(
    readonly code: SbiClientErrorCode,
    message: string,
    /** When the device may be asked again (busy). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SbiClientError';
  }
}

export interface SbiClient {
  /** Every device found, trusted ones first, best first within them. */
  discover(signal?: AbortSignal): Promise<SbiDeviceView[]>;
  /** Captures on one device and returns the challenge, or throws SbiClientError. */
  capture(request: SbiCaptureRequest): Promise<SbiCaptureResult>;
}
