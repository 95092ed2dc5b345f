// Check 0: the BIO challenge is base64 or base64url of a JSON array of at most 13 captures
// (eSignet's `encoded-json`); a capture lacking its sessionKey is bio_incomplete (check 2),
// anything else bio_malformed.
import { decodeBioChallenge, type BioChallengeItem, MAX_COUNT } from '@signet-kiosk/shared/sbi';
import { bioFailure } from './check-context.js';

/** Ten fingers, two irises and a face: more captures are refused before any signature is checked. */
export const MAX_CAPTURES = MAX_COUNT.Finger + MAX_COUNT.Iris + MAX_COUNT.Face;

/**
 * The submitted captures, in order.
 * @example const items = decodeChallenge(challenge.challenge);
 */
export function decodeChallenge(challenge: string): BioChallengeItem[] {
  const items = decodeBioChallenge(challenge);
  if (items && items.length > MAX_CAPTURES)
    throw bioFailure(
      'bio_too_many',
      `${items.length} captures in one submission; at most ${MAX_CAPTURES} (10 fingers, 2 irises, a face).`,
    );
  if (items) return items;
  const missing = missingSessionKey(challenge);
  if (missing !== undefined) throw bioFailure('bio_incomplete', `Capture ${missing + 1} has no sessionKey.`);
  throw bioFailure(
    'bio_malformed',
    'The BIO challenge must be base64 of the JSON array of captures (specVersion, data, hash, sessionKey, thumbprint).',
  );
}

/** Index of the first capture that has device data but no sessionKey, if that is what is wrong. */
function missingSessionKey(challenge: string): number | undefined {
  try {
    const json: unknown = JSON.parse(Buffer.from(challenge, 'base64url').toString('utf8'));
    if (!Array.isArray(json)) return undefined;
    const at = json.findIndex(
      (c: unknown) =>
        typeof c === 'object' &&
        c !== null &&
        typeof (c as Record<string, unknown>).data === 'string' &&
        !(c as Record<string, unknown>).sessionKey,
    );
    return at >= 0 ? at : undefined;
  } catch {
    return undefined;
  }
}
