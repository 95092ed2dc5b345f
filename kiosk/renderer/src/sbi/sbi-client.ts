// The one door to biometric devices for the resident app: `window.kiosk.sbi` in the kiosk, or the
// browser transport to local SBI device services elsewhere. Screens depend on this interface only.

export type SbiModality = 'Finger' | 'Iris' | 'Face';

/** A device as the resident app shows it; everything technical sits in `details`. */
export interface SbiDeviceView {
  /** Stable id to pass to `capture`. */
  key: string;
  modality: SbiModality;
  /** Slap, Single, Touchless, Double, Full face. */
  subType?: string;
  status: 'Ready' | 'Busy' | 'Not Ready' | 'Not Registered';
  /** Its signed device info verified and chains to a device-provider CA the server trusts. */
  trusted: boolean;
  /** Why it is not trusted: stable codes of the shared SBI catalogues; empty when trusted. */
  issues: readonly string[];
  /** Only behind a "device details" disclosure. */
  details: {
    endpoint: string;
    serialNo: string;
    make?: string;
    model?: string;
    provider?: string;
    certificateSubject?: string;
  };
}

export interface SbiCaptureRequest {
  deviceKey: string;
  /** The SBI transaction id (shared `esignetSbiTransactionId` of the transaction id) and the domainUri. */
  transactionId: string;
  domainUri: string;
  /** How many biometrics (fingers, eyes; 1 for face). */
  count: number;
  bioSubType?: string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface SbiCaptureResult {
  /** The BIO challenge exactly as `authenticate` takes it (`encoded-json`, base64url). */
  challenge: string;
}

export type SbiClientErrorCode =
  | 'no_device_service' // nothing answered discovery
  | 'device_busy' // another capture holds the device (retry after `retryAfterMs`)
  | 'capture_cancelled' // the signal aborted it; the device was told to stop or has been released
  | 'capture_timeout' // the resident did not present in time
  | 'capture_quality' // the device captured but below the requested score
  | 'untrusted_capture' // signatures, chain or binding did not verify; never submitted
  | 'device_error'; // any other device failure

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
