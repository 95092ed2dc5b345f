// What send-otp shows for a channel with no address behind it — an unknown ID, or a resident
// without that channel on file: a made-up address of the residents' usual shape, masked like a
// real one and the same at every send for the ID, so the answer does not tell which IDs exist.
import { maskAddress, type OtpChannel } from './notifier.js';

/** The commonest shape of the residents' addresses (ResidentStore.contactShape()). */
export interface ContactShape {
  emailDomain: string;
  phoneDigits: number;
  phonePlus: boolean;
}

/** The demo residents' shape, for a database without residents. */
export const DEFAULT_CONTACT_SHAPE: ContactShape = { emailDomain: 'example.org', phoneDigits: 11, phonePlus: true };

/**
 * The masked decoy address for `channel`; `seed` (at least 16 bytes, a keyed hash of the ID and
 * channel) picks a local part of 6–15 letters, or the digits.
 * @example decoyMask('email', seed, DEFAULT_CONTACT_SHAPE) // 'kqXXXXXXX@example.org'
 */
export function decoyMask(channel: OtpChannel, seed: Buffer, shape: ContactShape): string {
  const byte = (i: number) => seed[i % seed.length]!;
  if (channel === 'email') {
    const local = Array.from({ length: 6 + (byte(0) % 10) }, (_, i) => String.fromCharCode(97 + (byte(i + 1) % 26))).join('');
    return maskAddress('email', `${local}@${shape.emailDomain}`);
  }
  const digits = Array.from({ length: shape.phoneDigits }, (_, i) => String(byte(i) % 10)).join('');
  return maskAddress('phone', `${shape.phonePlus ? '+' : ''}${digits}`);
}
