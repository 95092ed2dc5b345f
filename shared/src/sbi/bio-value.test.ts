import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptBioValue, deriveAadIv, encryptBioValue } from './bio-value.js';
import { SbiVerifyError } from './errors.js';

const ctx = { timestamp: '2024-01-01T10:00:00Z', transactionId: 'ABCDEF1234' };
const iso = Buffer.concat([Buffer.from('FIR\x00020\x00'), randomBytes(200)]);

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof SbiVerifyError ? e.code : 'not-an-SbiVerifyError';
  }
  return undefined;
};

describe('deriveAadIv', () => {
  it('matches the spec vector', () => {
    const { aad, iv } = deriveAadIv(ctx.timestamp, ctx.transactionId);
    expect(aad.toString('hex')).toBe('2d30312d30311573737e75760b02036e');
    expect(iv.toString('hex')).toBe('30311573737e75760b02036e');
  });
  it('left-pads whichever side is shorter', () => {
    // A transaction id longer than the timestamp pads the timestamp instead.
    const long = 'X'.repeat(30);
    const { aad } = deriveAadIv(ctx.timestamp, long);
    const expected = Buffer.alloc(16);
    const ts = Buffer.from(ctx.timestamp);
    for (let i = 0; i < 16; i++) expected[i] = ts[ts.length - 16 + i]! ^ 0x58;
    expect(aad).toEqual(expected);
  });
  it('needs at least 16 bytes', () => {
    expect(() => deriveAadIv('short', 'abcd')).toThrow(RangeError);
  });
});

describe('bioValue encryption', () => {
  it('round-trips', () => {
    const { bioValue, key } = encryptBioValue(iso, ctx);
    expect(key).toHaveLength(32);
    expect(bioValue).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(bioValue, 'base64url')).toHaveLength(iso.length + 16);
    expect(decryptBioValue(bioValue, { ...ctx, key })).toEqual(iso);
  });
  it('uses a fresh key each time unless one is given', () => {
    const a = encryptBioValue(iso, ctx);
    const b = encryptBioValue(iso, ctx);
    expect(a.key.equals(b.key)).toBe(false);
    const key = randomBytes(32);
    expect(encryptBioValue(iso, { ...ctx, key }).bioValue).toBe(encryptBioValue(iso, { ...ctx, key }).bioValue);
  });
  it('accepts standard base64 too (eSignet UI drift)', () => {
    const { bioValue, key } = encryptBioValue(iso, ctx);
    const std = Buffer.from(bioValue, 'base64url').toString('base64');
    expect(decryptBioValue(std, { ...ctx, key })).toEqual(iso);
  });
  it('fails with ERR_SBI_DECRYPT_FAILED on a wrong key, timestamp, transaction id or tampering', () => {
    const { bioValue, key } = encryptBioValue(iso, ctx);
    expect(codeOf(() => decryptBioValue(bioValue, { ...ctx, key: randomBytes(32) }))).toBe('ERR_SBI_DECRYPT_FAILED');
    expect(codeOf(() => decryptBioValue(bioValue, { ...ctx, key, timestamp: '2024-01-01T10:00:01Z' }))).toBe(
      'ERR_SBI_DECRYPT_FAILED',
    );
    expect(codeOf(() => decryptBioValue(bioValue, { ...ctx, key, transactionId: 'ABCDEF1235' }))).toBe(
      'ERR_SBI_DECRYPT_FAILED',
    );
    const raw = Buffer.from(bioValue, 'base64url');
    raw[3]! ^= 1;
    expect(codeOf(() => decryptBioValue(raw.toString('base64url'), { ...ctx, key }))).toBe('ERR_SBI_DECRYPT_FAILED');
    expect(codeOf(() => decryptBioValue('AAAA', { ...ctx, key }))).toBe('ERR_SBI_DECRYPT_FAILED');
    expect(codeOf(() => decryptBioValue(bioValue, { ...ctx, key: key.subarray(0, 16) }))).toBe(
      'ERR_SBI_DECRYPT_FAILED',
    );
  });
  it('refuses a key of the wrong size when encrypting', () => {
    expect(() => encryptBioValue(iso, { ...ctx, key: randomBytes(16) })).toThrow(RangeError);
  });
});
