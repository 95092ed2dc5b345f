// The kiosk main process's error catalogue: every code a page or an operator can see from it, with
// the message people read. Codes are stable: the page switches on them, never on messages.
import type { KioskIpcErrorCode } from '@signet-kiosk/shared/kiosk';

export const KIOSK_ERRORS = {
  no_device_service: 'No biometric device service answered. Check that the device is plugged in and its service runs.',
  device_busy: 'The device is busy with another capture. Wait for it to finish.',
  capture_cancelled: 'The capture was cancelled.',
  capture_timeout: 'Nothing was presented to the device in time. Try again.',
  capture_quality: 'The capture is below the quality the server asks for. Try again.',
  untrusted_capture: 'The capture does not verify (signature, certificate chain or binding); it was not handed out.',
  device_error: 'The device failed. Try again, or use another device.',
  invalid_request: 'The message does not match its IPC schema.',
  identity_unavailable: 'The kiosk key cannot be read or made.',
  operator_signed_out: 'No operator is signed in at this kiosk. Sign in first.',
  operator_locked: 'The operator session has locked. Sign in again.',
  sign_in_failed: 'The operator sign-in did not complete. Try again.',
  capture_unknown:
    'No verified capture is held for that capture id (never made, already sent, or too old). Capture again.',
  server_refused: 'The server refused the request.',
  server_unreachable: 'The server did not answer. Check the network and try again.',
  sender_refused:
    "The message came from a frame that is not the kiosk window's main frame on an allowed origin; it was ignored.",
  invalid_config: 'The kiosk configuration file is missing or not valid.',
  stand_in_refused: 'The browser stand-in of the kiosk runs only in demo mode and only on 127.0.0.1 or ::1.',
} as const satisfies Record<KioskIpcErrorCode | 'sender_refused' | 'invalid_config' | 'stand_in_refused', string>;

export type KioskErrorCode = keyof typeof KIOSK_ERRORS;

/** A failure of the kiosk main process; `detail` says what exactly, after the catalogue's message. */
export class KioskError extends Error {
  override readonly name = 'KioskError';
  constructor(
    readonly code: KioskErrorCode,
    detail?: string,
    options: { cause?: unknown; retryAfterMs?: number; serverCode?: string; attemptsLeft?: number } = {},
  ) {
    super(detail ? `${KIOSK_ERRORS[code]} ${detail}` : KIOSK_ERRORS[code], { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
    this.serverCode = options.serverCode;
    this.attemptsLeft = options.attemptsLeft;
  }
  readonly retryAfterMs: number | undefined;
  /** The server's own error code, when the server refused. */
  readonly serverCode: string | undefined;
  /** Attempts left for the resident's transaction, when the server said. */
  readonly attemptsLeft: number | undefined;
}
