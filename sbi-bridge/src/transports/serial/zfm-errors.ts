// The ZFM serial driver's error catalogue: framing and link failures, and the module's own
// confirmation codes, each with a stable code, a message for people and the bridge code it becomes.
import type { BridgeErrorCode } from '../../errors.js';

/**
 * Every error the driver raises, with the bridge error it surfaces as (sbi-bridge/src/errors.ts)
 * once the L0 device wrapper hands it to the kiosk.
 */
export const ZFM_ERRORS = {
  // Framing: the bytes on the line are not a well-formed ZFM frame.
  ERR_ZFM_FRAME_HEADER: ['The frame does not start with the ZFM header EF 01.', 'ERR_BRIDGE_MALFORMED_RESPONSE'],
  ERR_ZFM_FRAME_ADDRESS: ['The frame is addressed to another module.', 'ERR_BRIDGE_MALFORMED_RESPONSE'],
  ERR_ZFM_FRAME_PID: [
    'The frame is not a command (01), data (02), acknowledgement (07) or end-of-data (08) packet.',
    'ERR_BRIDGE_MALFORMED_RESPONSE',
  ],
  ERR_ZFM_FRAME_LENGTH: ['The frame length field does not match the bytes received.', 'ERR_BRIDGE_MALFORMED_RESPONSE'],
  ERR_ZFM_FRAME_CHECKSUM: [
    'The frame checksum does not match its content (line noise or a wrong baud rate).',
    'ERR_BRIDGE_MALFORMED_RESPONSE',
  ],
  ERR_ZFM_UNEXPECTED_PACKET: ['The module sent a packet the command did not expect.', 'ERR_BRIDGE_MALFORMED_RESPONSE'],
  ERR_ZFM_ACK_SHORT: ["The acknowledgement is shorter than the command's answer.", 'ERR_BRIDGE_MALFORMED_RESPONSE'],
  ERR_ZFM_IMAGE_SIZE: ['The uploaded image is not 256 × 288 pixels (36,864 bytes).', 'ERR_BRIDGE_MALFORMED_RESPONSE'],
  // The link.
  ERR_ZFM_TIMEOUT: [
    'The fingerprint module did not answer in time (not a ZFM module, wrong baud rate or password, or unplugged).',
    'ERR_BRIDGE_TIMEOUT',
  ],
  ERR_ZFM_ABORTED: ['The operation on the fingerprint module was cancelled.', 'ERR_BRIDGE_ABORTED'],
  ERR_ZFM_PORT: ['The serial port could not be opened, read or written.', 'ERR_BRIDGE_NO_DEVICE'],
  ERR_ZFM_PORT_IN_USE: ['The serial port is in use by another program (it is locked).', 'ERR_DEVICE_BUSY'],
  ERR_ZFM_CLOSED: ['The serial port is closed.', 'ERR_BRIDGE_CONNECTION'],
  // Capture.
  ERR_ZFM_CAPTURE_TIMEOUT: [
    'No finger was placed on the sensor in time. Place the finger and try again.',
    'ERR_DEVICE_CAPTURE_TIMEOUT',
  ],
  // Confirmation codes the module answers with (the byte is in `confirmation`).
  ERR_ZFM_PACKET_ERROR: ['The module could not read the command packet.', 'ERR_DEVICE_REQUEST_REJECTED'],
  ERR_ZFM_NO_FINGER: ['No finger is on the sensor.', 'ERR_DEVICE_NO_BIOMETRIC'],
  ERR_ZFM_IMAGE_FAIL: [
    'The module could not take an image of the finger. Place it flat and try again.',
    'ERR_DEVICE_EXTRACTION',
  ],
  ERR_ZFM_IMAGE_MESSY: [
    'The fingerprint image is too messy. Clean the sensor and the finger and try again.',
    'ERR_DEVICE_EXTRACTION',
  ],
  ERR_ZFM_TOO_FEW_FEATURES: [
    'The fingerprint image has too few features. Press a larger part of the finger on the sensor.',
    'ERR_DEVICE_EXTRACTION',
  ],
  ERR_ZFM_NO_MATCH: ['The fingerprints do not match.', 'ERR_DEVICE_EXTRACTION'],
  ERR_ZFM_NOT_FOUND: ["No matching fingerprint was found in the module's library.", 'ERR_DEVICE_EXTRACTION'],
  ERR_ZFM_UPLOAD_FAILED: ['The module could not upload the image.', 'ERR_DEVICE_EXTRACTION'],
  ERR_ZFM_WRONG_PASSWORD: [
    "The module refused the password; set the module's password in the configuration.",
    'ERR_DEVICE_NOT_READY',
  ],
  ERR_ZFM_NO_VALID_IMAGE: ['The module has no valid image to work on. Take an image first.', 'ERR_DEVICE_EXTRACTION'],
  ERR_ZFM_CONFIRMATION: ['The module refused the command.', 'ERR_DEVICE_VENDOR'],
  // The L0 device surface.
  ERR_ZFM_L0_AUTH: [
    'A serial fingerprint module is an L0 device (software keys, no trust module): it captures for registration and diagnostics only, never for authentication.',
    'ERR_BRIDGE_UNSUPPORTED',
  ],
} as const satisfies Record<string, readonly [string, BridgeErrorCode]>;

export type ZfmErrorCode = keyof typeof ZFM_ERRORS;

/** Confirmation byte → error code; 00 is success and has no entry. */
export const ZFM_CONFIRMATIONS: ReadonlyMap<number, ZfmErrorCode> = new Map<number, ZfmErrorCode>([
  [0x01, 'ERR_ZFM_PACKET_ERROR'],
  [0x02, 'ERR_ZFM_NO_FINGER'],
  [0x03, 'ERR_ZFM_IMAGE_FAIL'],
  [0x06, 'ERR_ZFM_IMAGE_MESSY'],
  [0x07, 'ERR_ZFM_TOO_FEW_FEATURES'],
  [0x08, 'ERR_ZFM_NO_MATCH'],
  [0x09, 'ERR_ZFM_NOT_FOUND'],
  [0x0f, 'ERR_ZFM_UPLOAD_FAILED'],
  [0x13, 'ERR_ZFM_WRONG_PASSWORD'],
  [0x15, 'ERR_ZFM_NO_VALID_IMAGE'],
]);

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** A failure of the ZFM driver; `code` is stable, `confirmation` is the module's byte when it sent one. */
export class ZfmError extends Error {
  override readonly name = 'ZfmError';
  readonly confirmation: number | undefined;
  constructor(
    readonly code: ZfmErrorCode,
    detail?: string,
    options: { cause?: unknown; confirmation?: number } = {},
  ) {
    super(
      detail ? `${ZFM_ERRORS[code][0]} ${detail}` : ZFM_ERRORS[code][0],
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.confirmation = options.confirmation;
  }

  /** The bridge catalogue's code for this failure. */
  get bridgeCode(): BridgeErrorCode {
    return ZFM_ERRORS[this.code][1];
  }
}

/**
 * The typed error for a non-zero confirmation byte.
 * @example throw confirmationError(0x13) // ERR_ZFM_WRONG_PASSWORD
 */
export function confirmationError(confirmation: number, instruction?: number): ZfmError {
  const code = ZFM_CONFIRMATIONS.get(confirmation) ?? 'ERR_ZFM_CONFIRMATION';
  const what = instruction === undefined ? '' : ` to instruction ${hex2(instruction)}`;
  return new ZfmError(code, `(confirmation ${hex2(confirmation)}${what})`, { confirmation });
}
