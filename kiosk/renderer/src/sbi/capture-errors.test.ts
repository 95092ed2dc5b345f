// Device error codes become what the resident can act on: wait (busy, with when), try again
// (timeout), or another device (anything else).
import { describe, expect, it } from 'vitest';
import { captureErrorOf } from './capture-errors.js';
import { SbiClientError } from './sbi-client.js';

describe('captureErrorOf', () => {
  it('maps busy codes to device_busy with the retry time, and only those', () => {
    for (const code of ['111', '703', '803']) {
      const err = captureErrorOf(code, 1200);
      expect(err).toBeInstanceOf(SbiClientError);
      expect([err.code, err.retryAfterMs]).toEqual(['device_busy', 1200]);
    }
    expect(captureErrorOf('110', 1200).retryAfterMs).toBeUndefined();
  });

  it('maps timeouts and no biometric to capture_timeout, everything else to device_error with the spec text', () => {
    expect(['101', '701', '801'].map((c) => captureErrorOf(c, 0).code)).toEqual([
      'capture_timeout',
      'capture_timeout',
      'capture_timeout',
    ]);
    expect(['100', '102', '110', '112', '115', '501', '999'].map((c) => captureErrorOf(c, 0).code)).toEqual(
      Array(7).fill('device_error'),
    );
    expect(captureErrorOf('112', 0).message).toBe('The device answered 112: Invalid transaction id.');
  });
});
