// An individual ID as two ends compare and show it: the normal form that the resident's device,
// the kiosk and the server agree on (the link-code binding, the kiosk attestation's digest), and
// the masked form a resident is shown of an ID that was verified (last digits only).
import { z } from 'zod';

/** An individual ID on the wire: the transaction API's limits (send-otp, authenticate, v2/authenticate, link-code). */
export const IndividualIdSchema = z.string().min(1).max(100);

/** What hides a character of a masked ID. */
export const ID_MASK_CHARACTER = '•';

/**
 * The ID as compared: Unicode NFKC (full-width digits are digits) without any white space, which
 * people type to group digits. Case and punctuation are kept: an ID system may tell them apart.
 * @example normaliseIndividualId(' 2804 195602 ') // '2804195602'
 */
export function normaliseIndividualId(typed: string): string {
  return typed.normalize('NFKC').replace(/\s+/gu, '');
}

/**
 * The normalised ID with all but its last characters masked: at most 4 shown, never more than
 * half of it, so that a short ID is not given away.
 * @example maskIndividualId('2804195602') // '••••••5602'
 */
export function maskIndividualId(individualId: string): string {
  const chars = [...normaliseIndividualId(individualId)];
  const shown = Math.min(4, Math.floor(chars.length / 2));
  return ID_MASK_CHARACTER.repeat(chars.length - shown) + chars.slice(chars.length - shown).join('');
}
