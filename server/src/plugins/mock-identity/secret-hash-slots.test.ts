import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from './secret-hash.js';

describe('scrypt concurrency', () => {
  it('still answers every one of many concurrent checks correctly', async () => {
    const cheap = { N: 2 ** 10, r: 8, p: 1 };
    const stored = await hashSecret('482915', cheap);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => verifySecret(i % 3 === 0 ? '000000' : '482915', stored)));
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i % 3 !== 0));
  });
});
