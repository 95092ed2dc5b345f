import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT,
  hashSecret,
  MAX_WAITING_CHECKS,
  SecretCheckBusyError,
  secretHashLoad,
  verifySecret,
} from './secret-hash.js';

describe('scrypt concurrency', () => {
  it('still answers every one of many concurrent checks correctly', async () => {
    const cheap = { N: 2 ** 10, r: 8, p: 1 };
    const stored = await hashSecret('482915', cheap);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => verifySecret(i % 3 === 0 ? '000000' : '482915', stored)),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i % 3 !== 0));
  });

  it('refuses checks past a bounded line at once (busy), keeps the line bounded, and answers the rest', async () => {
    const stored = await hashSecret('482915', DEFAULT_SCRYPT);
    const flood = Array.from({ length: 2 + MAX_WAITING_CHECKS + 10 }, () => verifySecret('000000', stored));
    expect(secretHashLoad()).toEqual({ running: 2, waiting: MAX_WAITING_CHECKS });
    const settled = await Promise.allSettled(flood);
    const refused = settled.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(10);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(SecretCheckBusyError);
    expect(settled.filter((r) => r.status === 'fulfilled' && r.value === false)).toHaveLength(2 + MAX_WAITING_CHECKS);
    expect(secretHashLoad()).toEqual({ running: 0, waiting: 0 });
    // Hashing new secrets (seeding, admin API) is never refused.
    const hashes = await Promise.all(
      Array.from({ length: MAX_WAITING_CHECKS + 4 }, () => hashSecret('1', { N: 2 ** 10, r: 8, p: 1 })),
    );
    expect(hashes).toHaveLength(MAX_WAITING_CHECKS + 4);
  });
});
