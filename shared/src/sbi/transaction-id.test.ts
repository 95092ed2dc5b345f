import { describe, expect, it } from 'vitest';
import { esignetSbiTransactionId, SBI_TRANSACTION_ID_PATTERN } from './transaction-id.js';

describe('esignetSbiTransactionId', () => {
  it('drops - and _ and reads the last 10 characters backwards', () => {
    expect(esignetSbiTransactionId('abc-def_ghijkl')).toBe('lkjihgfedc');
    expect(esignetSbiTransactionId('0123456789')).toBe('9876543210');
  });
  it('wraps round when the id is shorter than 10', () => {
    expect(esignetSbiTransactionId('a_b-c')).toBe('cbacbacbac');
    expect(esignetSbiTransactionId('x')).toBe('xxxxxxxxxx');
  });
  it('always yields an id devices accept', () => {
    const id = esignetSbiTransactionId('b1f4c0e2-9a7d-4c1e-8f3a-_7d2e9c4b1a60');
    expect(id).toHaveLength(10);
    expect(id).toMatch(SBI_TRANSACTION_ID_PATTERN);
  });
  it('refuses an id with nothing left', () => {
    expect(() => esignetSbiTransactionId('-_-')).toThrow(RangeError);
  });
});

describe('SBI_TRANSACTION_ID_PATTERN', () => {
  it.each(['aB3dE5fG7h', 'ABCD', 'a-b-c-d', 'x'.repeat(50)])('accepts %s', (s) =>
    expect(s).toMatch(SBI_TRANSACTION_ID_PATTERN),
  );
  it.each(['abc', 'x'.repeat(51), 'ab_cd', 'ab cd', 'abcé'])('rejects %s', (s) =>
    expect(s).not.toMatch(SBI_TRANSACTION_ID_PATTERN),
  );
});
