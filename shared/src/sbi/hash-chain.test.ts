import { describe, expect, it } from 'vitest';
import { SbiVerifyError } from './errors.js';
import { chainStart, EMPTY_SHA256_HEX, hashChain, verifyHashChain } from './hash-chain.js';

// The spec's test vectors (sbi.md, "Test vectors").
const ISO_1 = Buffer.concat([
  Buffer.from('FIR'),
  Buffer.from([0]),
  Buffer.from('020'),
  Buffer.from([0]),
  Buffer.from(' dummy'),
]);
const ISO_2 = Buffer.from('second');
const HASH_1 = '31346C41BFF9A4D85E8EFC3066AA97C14FC7F419F7B51CE1F102FB86E5696759';
const HASH_2 = 'DC371CE8CFE180DC1F2231BBD61543894D8D23448A43572D63EC09669A7AD174';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof SbiVerifyError ? e.code : 'not-an-SbiVerifyError';
  }
  return undefined;
};

describe('hash chain', () => {
  it('starts from SHA-256("") for empty, null or missing previousHash', () => {
    expect(chainStart('').toString('hex').toUpperCase()).toBe(EMPTY_SHA256_HEX);
    expect(chainStart(null).toString('hex').toUpperCase()).toBe(EMPTY_SHA256_HEX);
    expect(chainStart().toString('hex').toUpperCase()).toBe(
      'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
    );
  });
  it('matches the spec vectors', () => {
    expect(hashChain([ISO_1])).toEqual([HASH_1]);
    expect(hashChain([ISO_1, ISO_2])).toEqual([HASH_1, HASH_2]);
  });
  it('continues a chain from previousHash (either hex case)', () => {
    expect(hashChain([ISO_2], HASH_1)).toEqual([HASH_2]);
    expect(hashChain([ISO_2], HASH_1.toLowerCase())).toEqual([HASH_2]);
  });
  it('verifies a good chain and names the first bad link', () => {
    expect(() =>
      verifyHashChain([
        { isoBytes: ISO_1, hash: HASH_1 },
        { isoBytes: ISO_2, hash: HASH_2.toLowerCase() },
      ]),
    ).not.toThrow();
    expect(codeOf(() => verifyHashChain([{ isoBytes: ISO_2, hash: HASH_1 }]))).toBe('ERR_SBI_HASH_MISMATCH');
    // Swapped order breaks the chain even though each record is genuine.
    expect(
      codeOf(() =>
        verifyHashChain([
          { isoBytes: ISO_2, hash: HASH_2 },
          { isoBytes: ISO_1, hash: HASH_1 },
        ]),
      ),
    ).toBe('ERR_SBI_HASH_MISMATCH');
    expect(() =>
      verifyHashChain([
        { isoBytes: ISO_1, hash: HASH_1 },
        { isoBytes: Buffer.from('secone'), hash: HASH_2 },
      ]),
    ).toThrow(/at index 1/);
  });
  it('rejects malformed hashes', () => {
    expect(codeOf(() => chainStart('abc'))).toBe('ERR_SBI_HASH_MALFORMED');
    expect(codeOf(() => verifyHashChain([{ isoBytes: ISO_1, hash: 'zz' }]))).toBe('ERR_SBI_HASH_MALFORMED');
  });
});
