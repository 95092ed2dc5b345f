import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from './masking.js';

describe('masking', () => {
  it('masks the local part of an email, keeping the domain', () => {
    expect(maskEmail('sokha.chan@example.org')).toBe('soXXXXXXXX@example.org');
    expect(maskEmail('ab@example.org')).toBe('XX@example.org');
    expect(maskEmail('not-an-email')).toBe('XXXXXXXXXXXX');
  });

  it('masks a phone number but its last 3 digits', () => {
    expect(maskPhone('+85512345601')).toBe('+XXXXXXXX601');
    expect(maskPhone('0612345605')).toBe('XXXXXXX605');
    expect(maskPhone('123456')).toBe('XXXXXX');
  });
});
