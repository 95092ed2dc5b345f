// The bridge's error catalogue: every failure the kiosk can see, with a stable code, the
// people-facing message an operator reads, and (for device errors) the SBI code it came from.
import { sbiErrorMessage } from '@signet-kiosk/shared/sbi';
import type { TrustVerdict } from '@signet-kiosk/shared/sbi';

/** Every error the bridge raises. Codes are stable: callers switch on them, never on messages. */
export const BRIDGE_ERRORS = {
  // Transport: the device service could not be reached or did not answer properly.
  ERR_BRIDGE_TIMEOUT: 'The device service did not answer in time.',
  ERR_BRIDGE_ABORTED: 'The request to the device service was cancelled.',
  ERR_BRIDGE_NO_DEVICE:
    'No SBI device service answers there. Check that the device is plugged in and its service is running.',
  ERR_BRIDGE_CONNECTION: 'The connection to the device service broke off.',
  ERR_BRIDGE_HTTP_STATUS: 'The device service answered with an unexpected HTTP status.',
  ERR_BRIDGE_MALFORMED_RESPONSE: 'The device service sent an answer that is not valid SBI.',
  ERR_BRIDGE_CONSENT_DENIED: 'The device service refused this application (P3167 consent gate).',
  ERR_BRIDGE_REQUEST_INVALID: 'The request for the device is not valid.',
  ERR_BRIDGE_UNSUPPORTED: 'This device does not support that operation.',
  // Trust: the answer arrived but fails verification; `verdict` lists why.
  ERR_BRIDGE_SIGNATURE_INVALID: 'A device signature does not verify; the capture was not accepted.',
  ERR_BRIDGE_UNTRUSTED:
    'The device is not trusted (unknown certificate authority, expired certificate or not certified for authentication); the capture was not accepted.',
  ERR_BRIDGE_CAPTURE_INVALID:
    'The capture does not belong to this request (transaction id, domain, timestamps or hash chain); it was not accepted.',
  // Device: the device answered with a non-zero SBI error code.
  ERR_DEVICE_NOT_REGISTERED:
    'The device is not registered. Ask an administrator to register it with the device management server.',
  ERR_DEVICE_NO_BIOMETRIC: 'Nothing was detected on the sensor. Place the finger (or face the camera) and try again.',
  ERR_DEVICE_EXTRACTION: 'The device could not process the sample. Try again.',
  ERR_DEVICE_TAMPER: 'The device reports tampering. Do not use it; call support.',
  ERR_DEVICE_MANAGEMENT_SERVER: 'The device cannot reach its management server.',
  ERR_DEVICE_ORIENTATION: 'The sample is badly oriented. Place it straight and try again.',
  ERR_DEVICE_NOT_FOUND: 'The device service does not know that device any more. Refresh the device list.',
  ERR_DEVICE_KEY_EXPIRED: 'The device key has expired. The device must be re-registered.',
  ERR_DEVICE_DOMAIN_KEY_MISSING: 'The device has no key for this domain.',
  ERR_DEVICE_COUNT_UNSUPPORTED: 'The device cannot capture that number of biometrics.',
  ERR_DEVICE_NOT_READY: 'The device is not ready. Wait a moment and try again.',
  ERR_DEVICE_BUSY: 'The device is busy with another capture. Wait for it to finish.',
  ERR_DEVICE_TRANSACTION_ID: 'The device refused the transaction id.',
  ERR_DEVICE_REQUEST_REJECTED: 'The device refused the request.',
  ERR_DEVICE_NOT_CONNECTED: 'No device is connected to the service.',
  ERR_DEVICE_CAPTURE_TIMEOUT: 'The capture timed out before a good sample was taken. Try again.',
  ERR_DEVICE_VENDOR: 'The device reported a vendor-specific error.',
  ERR_DEVICE_UNKNOWN: 'The device reported an unknown error.',
} as const;

export type BridgeErrorCode = keyof typeof BRIDGE_ERRORS;

/** SBI `errorCode` → bridge code; 113–123 and 500/501 are request mismatches. */
const DEVICE_CODES: Record<string, BridgeErrorCode> = {
  '100': 'ERR_DEVICE_NOT_REGISTERED',
  '101': 'ERR_DEVICE_NO_BIOMETRIC',
  '102': 'ERR_DEVICE_EXTRACTION',
  '103': 'ERR_DEVICE_TAMPER',
  '104': 'ERR_DEVICE_MANAGEMENT_SERVER',
  '105': 'ERR_DEVICE_ORIENTATION',
  '106': 'ERR_DEVICE_NOT_FOUND',
  '107': 'ERR_DEVICE_KEY_EXPIRED',
  '108': 'ERR_DEVICE_DOMAIN_KEY_MISSING',
  '109': 'ERR_DEVICE_COUNT_UNSUPPORTED',
  '110': 'ERR_DEVICE_NOT_READY',
  '111': 'ERR_DEVICE_BUSY',
  '112': 'ERR_DEVICE_TRANSACTION_ID',
  '202': 'ERR_DEVICE_NOT_CONNECTED',
  '500': 'ERR_DEVICE_REQUEST_REJECTED',
  '501': 'ERR_DEVICE_REQUEST_REJECTED',
  '701': 'ERR_DEVICE_CAPTURE_TIMEOUT',
  '801': 'ERR_DEVICE_CAPTURE_TIMEOUT',
  '703': 'ERR_DEVICE_BUSY',
  '803': 'ERR_DEVICE_BUSY',
};
for (let c = 113; c <= 123; c++) DEVICE_CODES[String(c)] = 'ERR_DEVICE_REQUEST_REJECTED';

/**
 * The bridge code for an SBI device error code.
 * @example bridgeCodeForSbi('703') // 'ERR_DEVICE_BUSY'
 */
export function bridgeCodeForSbi(sbiCode: string): BridgeErrorCode {
  return DEVICE_CODES[sbiCode] ?? (/^5\d\d$/.test(sbiCode) ? 'ERR_DEVICE_VENDOR' : 'ERR_DEVICE_UNKNOWN');
}

export interface SbiBridgeErrorOptions {
  cause?: unknown;
  /** The device's own error code and text, for device errors. */
  sbi?: { errorCode: string; errorInfo: string };
  /** Why a capture or device was not trusted. */
  verdict?: TrustVerdict;
  /** Where the request went (`http://127.0.0.1:4501`, `serial:/dev/ttyUSB0`). */
  endpoint?: string;
}

/** Any failure of the bridge. `code` is stable; `message` is for people (operator console). */
export class SbiBridgeError extends Error {
  override readonly name = 'SbiBridgeError';
  readonly sbi: { errorCode: string; errorInfo: string } | undefined;
  readonly verdict: TrustVerdict | undefined;
  readonly endpoint: string | undefined;
  constructor(
    readonly code: BridgeErrorCode,
    detail?: string,
    options: SbiBridgeErrorOptions = {},
  ) {
    // A detail starting with a line break (a zod problem list) goes on lines of its own.
    super(
      detail ? `${BRIDGE_ERRORS[code]}${detail.startsWith('\n') ? '' : ' '}${detail}` : BRIDGE_ERRORS[code],
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.sbi = options.sbi;
    this.verdict = options.verdict;
    this.endpoint = options.endpoint;
  }

  /** What kind of failure: the link, the device's trust, or the device's own refusal. */
  get kind(): 'transport' | 'trust' | 'device' {
    if (this.code.startsWith('ERR_DEVICE_')) return 'device';
    return this.code === 'ERR_BRIDGE_SIGNATURE_INVALID' ||
      this.code === 'ERR_BRIDGE_UNTRUSTED' ||
      this.code === 'ERR_BRIDGE_CAPTURE_INVALID'
      ? 'trust'
      : 'transport';
  }

  /** A plain object for IPC and logs (the kiosk's main process hands this to the renderer). */
  toJSON(): {
    code: BridgeErrorCode;
    kind: string;
    message: string;
    sbi?: { errorCode: string; errorInfo: string };
    verdict?: TrustVerdict;
    endpoint?: string;
  } {
    return {
      code: this.code,
      kind: this.kind,
      message: this.message,
      ...(this.sbi ? { sbi: this.sbi } : {}),
      ...(this.verdict ? { verdict: this.verdict } : {}),
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
    };
  }
}

/**
 * The typed error for a device's non-zero `error` object.
 * @example throw deviceError({ errorCode: '111', errorInfo: 'Device busy' }, 'http://127.0.0.1:4501')
 */
export function deviceError(error: { errorCode: string; errorInfo: string }, endpoint?: string): SbiBridgeError {
  const info = error.errorInfo || sbiErrorMessage(error.errorCode);
  return new SbiBridgeError(bridgeCodeForSbi(error.errorCode), `(SBI ${error.errorCode}: ${info})`, {
    sbi: error,
    ...(endpoint ? { endpoint } : {}),
  });
}
