// Constant-time comparison of secrets sent by the browser (CSRF token, oauth-details hash).
import { hash, timingSafeEqual } from 'node:crypto';

/**
 * True when both strings are equal, in time independent of where they differ; hashing first
 * gives timingSafeEqual the equal lengths it needs without revealing the expected length.
 * @example constantTimeEqual(req.get('oauth-details-hash') ?? '', txn.oauthDetailsHash)
 */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(hash('sha256', a, 'buffer'), hash('sha256', b, 'buffer'));
}
