import { describe, expect, it } from 'vitest';
import { SBI_ERRORS } from '@signet-kiosk/shared/sbi';
import { BRIDGE_ERRORS, bridgeCodeForSbi, deviceError, SbiBridgeError } from './errors.js';

describe('bridge error catalogue', () => {
  it('maps every catalogued SBI code (except success) to a device error with a human message', () => {
    for (const code of Object.keys(SBI_ERRORS).filter((c) => c !== '0')) {
      const mapped = bridgeCodeForSbi(code);
      expect(mapped).toMatch(/^ERR_DEVICE_/);
      expect(mapped).not.toBe('ERR_DEVICE_UNKNOWN');
    }
    expect(bridgeCodeForSbi('703')).toBe('ERR_DEVICE_BUSY');
    expect(bridgeCodeForSbi('111')).toBe('ERR_DEVICE_BUSY');
    expect(bridgeCodeForSbi('801')).toBe('ERR_DEVICE_CAPTURE_TIMEOUT');
    expect(bridgeCodeForSbi('577')).toBe('ERR_DEVICE_VENDOR');
    expect(bridgeCodeForSbi('999')).toBe('ERR_DEVICE_UNKNOWN');
  });

  it('device errors keep the device code and text; the kind tells the console what went wrong', () => {
    const e = deviceError({ errorCode: '101', errorInfo: 'No finger' }, 'http://127.0.0.1:4501');
    expect(e).toBeInstanceOf(SbiBridgeError);
    expect([e.code, e.kind, e.sbi, e.endpoint]).toEqual([
      'ERR_DEVICE_NO_BIOMETRIC',
      'device',
      { errorCode: '101', errorInfo: 'No finger' },
      'http://127.0.0.1:4501',
    ]);
    expect(e.message).toBe(`${BRIDGE_ERRORS.ERR_DEVICE_NO_BIOMETRIC} (SBI 101: No finger)`);
    expect(new SbiBridgeError('ERR_BRIDGE_TIMEOUT').kind).toBe('transport');
    expect(new SbiBridgeError('ERR_BRIDGE_UNTRUSTED').kind).toBe('trust');
    expect(JSON.parse(JSON.stringify(new SbiBridgeError('ERR_BRIDGE_CONSENT_DENIED', 'origin x')))).toEqual({
      code: 'ERR_BRIDGE_CONSENT_DENIED',
      kind: 'transport',
      message: `${BRIDGE_ERRORS.ERR_BRIDGE_CONSENT_DENIED} origin x`,
    });
  });
});
