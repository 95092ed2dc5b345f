import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from './secret-hash.js';
import { FAST_SCRYPT } from './test-context.js';

describe('secret-hash', () => {
  it('hashes with scrypt, its parameters and a per-record salt', async () => {
    const a = await hashSecret('482915', FAST_SCRYPT);
    const b = await hashSecret('482915', FAST_SCRYPT);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('482915');
  });

  it('verifies the right secret and refuses others', async () => {
    const h = await hashSecret('Mekong#Sokha2026', FAST_SCRYPT);
    expect(await verifySecret('Mekong#Sokha2026', h)).toBe(true);
    expect(await verifySecret('mekong#sokha2026', h)).toBe(false);
    expect(await verifySecret('', h)).toBe(false);
  });

  it('uses the default cost when none is given', async () => {
    expect(await hashSecret('123456')).toMatch(/^scrypt\$16384\$8\$1\$/);
  });

  it('refuses malformed hashes instead of throwing', async () => {
    expect(await verifySecret('482915', 'plain:482915')).toBe(false);
    expect(await verifySecret('482915', 'scrypt$1024$8$1$abc$')).toBe(false);
  });
});
