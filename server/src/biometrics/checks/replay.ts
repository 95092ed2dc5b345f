// The replay check: a capture is accepted once. The digest of each capture's device signature
// (canonical bytes, so a re-encoded JWS is still the same capture) goes into the replay store
// with putIfAbsent; one already there means the capture was submitted before.
import { createHash } from 'node:crypto';
import { bioFailure, nth, type CheckContext, type SignedCapture } from './check-context.js';

export const CAPTURE_DIGEST_PREFIX = 'bio-capture:';

/**
 * The replay-store key of a capture: SHA-256 of the decoded signature of its `data` JWS.
 * @example captureDigestKey(item.data) // 'bio-capture:9f86d0…'
 */
export function captureDigestKey(dataJws: string): string {
  const signature = Buffer.from(dataJws.slice(dataJws.lastIndexOf('.') + 1), 'base64url');
  return CAPTURE_DIGEST_PREFIX + createHash('sha256').update(signature).digest('hex');
}

/** Records every capture; throws bio_replayed for the first one recorded before. */
export async function checkReplay(
  captures: SignedCapture[],
  ctx: Pick<CheckContext, 'replay' | 'policy'>,
): Promise<void> {
  for (const c of captures) {
    const fresh = await ctx.replay.putIfAbsent(captureDigestKey(c.item.data), 1, ctx.policy.replayTtlSeconds);
    if (!fresh) throw bioFailure('bio_replayed', `${nth(c.index)} was submitted before. Please capture again.`);
  }
}
