// Constant-time comparison of secrets sent by the browser (CSRF token, oauth-details hash).
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when both strings are equal, in time independent of where they differ; hashing first
 * gives timingSafeEqual the equal lengths it needs without revealing the expected length.
 * @example constantTimeEqual(req.get('oauth-details-hash') ?? '', txn.oauthDetailsHash)
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
