import { describe, expect, it } from 'vitest';
import { SBI_ERRORS, SBI_VERIFY_ERRORS, sbiError, sbiErrorMessage, SbiVerifyError } from './errors.js';

describe('SBI error catalogue', () => {
  it('covers the spec codes', () => {
    for (const code of [
      '0',
      '100',
      '101',
      '102',
      '103',
      '104',
      '105',
      '106',
      '107',
      '108',
      '109',
      '110',
      '111',
      '112',
      '202',
      '701',
      '703',
    ]) {
      expect(SBI_ERRORS).toHaveProperty(code);
    }
    expect(sbiError('0')).toEqual({ errorCode: '0', errorInfo: 'Success' });
    expect(sbiError('112')).toEqual({ errorCode: '112', errorInfo: 'Invalid transaction id' });
    expect(sbiError('101', 'No finger on the scanner')).toEqual({
      errorCode: '101',
      errorInfo: 'No finger on the scanner',
    });
  });
  it('describes uncatalogued vendor and unknown codes', () => {
    expect(sbiErrorMessage('111')).toBe('Device busy');
    expect(sbiErrorMessage('577')).toBe('Vendor error 577');
    expect(sbiErrorMessage('999')).toBe('Unknown device error 999');
  });
  it('verification errors carry a stable code and a human message', () => {
    const e = new SbiVerifyError('ERR_SBI_HASH_MISMATCH', 'at index 2');
    expect(e.code).toBe('ERR_SBI_HASH_MISMATCH');
    expect(e.message).toBe(`${SBI_VERIFY_ERRORS.ERR_SBI_HASH_MISMATCH} at index 2`);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('SbiVerifyError');
  });
});
