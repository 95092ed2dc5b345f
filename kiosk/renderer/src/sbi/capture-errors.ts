// The SbiClientError for a device's SBI error code (CAPTURE answers HTTP 200 with `errorCode`): what
// the resident can do about it, never the code's text.
import { sbiErrorMessage } from '@signet-kiosk/shared/sbi';
import { SbiClientError, type SbiClientErrorCode } from './sbi-client.js';

/** SBI codes with their own client code; every other one is a device_error. */
const CLIENT_CODES: Readonly<Record<string, SbiClientErrorCode>> = {
  // 101: nothing was presented to the sensor in time, as the resident sees it.
  '101': 'capture_timeout',
  '701': 'capture_timeout',
  '801': 'capture_timeout',
  '111': 'device_busy',
  '703': 'device_busy',
  '803': 'device_busy',
};

/**
 * The error for a device error code; busy ones say when to ask again.
 * @example throw captureErrorOf('703', 2000) // SbiClientError device_busy, retryAfterMs 2000
 */
export function captureErrorOf(sbiCode: string, retryAfterMs: number): SbiClientError {
  const code = CLIENT_CODES[sbiCode] ?? 'device_error';
  const message = `The device answered ${sbiCode}: ${sbiErrorMessage(sbiCode)}.`;
  return code === 'device_busy' ? new SbiClientError(code, message, retryAfterMs) : new SbiClientError(code, message);
}
