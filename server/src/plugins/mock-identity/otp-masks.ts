// What send-otp shows of the addresses a code went to: one fixed shape for every ID, known or not,
// so that the answer does not tell which IDs exist. A phone shows its last 2 digits only, and those
// are about uniform over residents: an unknown ID (or a resident without a phone) gets 2 digits
// from a keyed hash of its ID, the same at every send. An email shows nothing of the address: its
// letters, length and domain differ from resident to resident in ways a decoy could copy only by
// giving away the residents' addresses. Logs and the dev outbox mask differently (masking.ts).
import type { OtpChannel } from './notifier.js';

/** Every maskedEmail send-otp answers. */
export const MASKED_EMAIL = 'XXXXXXXX@XXXXXXXX';

const PHONE_MASK_PREFIX = 'X'.repeat(8);

/**
 * The mask send-otp answers for `channel`: from the address on file, or, when there is none, from
 * `decoySeed()` (at least 4 bytes of a keyed hash of the ID and channel).
 * @example otpMask('phone', '+85512345601', seed) // 'XXXXXXXX01'
 */
export function otpMask(channel: OtpChannel, address: string | undefined, decoySeed: () => Buffer): string {
  if (channel === 'email') return MASKED_EMAIL;
  const digits = address?.replace(/[^0-9]/g, '') ?? '';
  // 2^32 mod 100 = 96: the bias of the decoy digits is below 1 in 40 million.
  const lastTwo = digits.length >= 2 ? digits.slice(-2) : String(decoySeed().readUInt32BE(0) % 100).padStart(2, '0');
  return PHONE_MASK_PREFIX + lastTwo;
}
