// The SBI error catalogue: device-side error codes as they travel in `error.errorCode`, and the
// stable codes our verifiers raise when a device response fails a cryptographic or shape check.

/**
 * Device error codes and their meaning: 0–112 and 202 from the SBI specification, 701/703 (and
 * 801/803) from the MOSIP mock. The mock uses 113–123 for request fields that do not match the
 * device; which field each code names is our assignment, used by our simulator. 5xx are vendor
 * codes; our simulator uses 500 for a malformed request and 501 for an unsupported one.
 */
export const SBI_ERRORS = {
  '0': 'Success',
  '100': 'Device not registered',
  '101': 'Unable to detect a biometric object',
  '102': 'Technical error during extraction',
  '103': 'Device tamper detected',
  '104': 'Unable to connect to management server',
  '105': 'Image orientation error',
  '106': 'Device not found',
  '107': 'Device public key expired',
  '108': 'Domain public key missing',
  '109': 'Requested number of biometrics not supported',
  '110': 'Device not ready',
  '111': 'Device busy',
  '112': 'Invalid transaction id',
  '113': 'Invalid or missing purpose',
  '114': 'Invalid or missing specVersion',
  '115': 'Invalid or missing environment',
  '116': 'Invalid timeout',
  '117': 'Invalid or missing bio type',
  '118': 'Invalid bio count for this device',
  '119': 'Invalid or missing bio subtype',
  '120': 'Invalid requested score',
  '121': 'Invalid deviceId or deviceSubId',
  '122': 'Invalid previous hash',
  '123': 'Invalid or missing domainUri',
  '202': 'No device connected',
  '500': 'Vendor error: malformed request',
  '501': 'Vendor error: unsupported method or path',
  '701': 'Capture timed out',
  '703': 'Capture already in progress',
  '801': 'Capture timed out',
  '803': 'Capture already in progress',
} as const;

export type SbiErrorCode = keyof typeof SBI_ERRORS;

/** The `error` object every SBI response carries. */
export interface SbiErrorObject {
  errorCode: string;
  errorInfo: string;
}

/** Builds the wire `error` object for a catalogued code. */
export function sbiError(code: SbiErrorCode, info?: string): SbiErrorObject {
  return { errorCode: code, errorInfo: info ?? SBI_ERRORS[code] };
}

/** Human message for any device error code, including vendor (5xx) codes we do not catalogue. */
export function sbiErrorMessage(code: string): string {
  if (code in SBI_ERRORS) return SBI_ERRORS[code as SbiErrorCode];
  if (/^5\d\d$/.test(code)) return `Vendor error ${code}`;
  return `Unknown device error ${code}`;
}

/** Codes raised while checking what a device sent; stable, so callers switch on them. */
export const SBI_VERIFY_ERRORS = {
  ERR_SBI_JWS_MALFORMED: 'The JWS is not a three-part compact serialisation with a JSON header.',
  ERR_SBI_JWS_ALG: 'The JWS algorithm is not RS256.',
  ERR_SBI_X5C_MISSING: 'The JWS header carries no x5c certificate.',
  ERR_SBI_CERT_MALFORMED: 'An x5c certificate is not valid base64 DER.',
  ERR_SBI_CERT_NOT_YET_VALID: 'The signing certificate is not valid yet.',
  ERR_SBI_CERT_EXPIRED: 'The signing certificate has expired.',
  ERR_SBI_CERT_KEY: 'The signing certificate does not hold an RSA key of at least 2048 bits.',
  ERR_SBI_CERT_UNTRUSTED: 'The signing certificate does not chain to a trusted certificate authority.',
  ERR_SBI_JWS_SIGNATURE: 'The JWS signature does not verify with the key of its x5c certificate.',
  ERR_SBI_PAYLOAD_INVALID: 'The signed payload is not the JSON the SBI specification describes.',
  ERR_SBI_HASH_MALFORMED: 'A hash is not 64 hexadecimal characters.',
  ERR_SBI_HASH_MISMATCH: 'The hash chain does not match the biometric records.',
  ERR_SBI_SESSION_KEY: 'The session key could not be unwrapped with the encryption key.',
  ERR_SBI_THUMBPRINT_MISMATCH: 'The thumbprint does not name the encryption certificate.',
  ERR_SBI_DECRYPT_FAILED:
    'The biometric value could not be decrypted (wrong key, timestamp, transaction id or tampered data).',
  ERR_SBI_TIMESTAMP_FORMAT: 'The timestamp is not yyyy-MM-ddTHH:mm:ssZ.',
} as const;

export type SbiVerifyErrorCode = keyof typeof SBI_VERIFY_ERRORS;

/** A failed check on device data; `code` is stable, `message` is for people. */
export class SbiVerifyError extends Error {
  override readonly name = 'SbiVerifyError';
  constructor(
    readonly code: SbiVerifyErrorCode,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(detail ? `${SBI_VERIFY_ERRORS[code]} ${detail}` : SBI_VERIFY_ERRORS[code], options);
  }
}
