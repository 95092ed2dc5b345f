import { describe, expect, it } from 'vitest';
import { SbiVerifyError } from './errors.js';
import { parseCaptureTime, parseSbiTimestamp, sbiTimestamp } from './timestamp.js';

describe('sbiTimestamp', () => {
  it('formats UTC without milliseconds', () => {
    expect(sbiTimestamp(new Date('2024-01-01T10:00:00.999Z'))).toBe('2024-01-01T10:00:00Z');
    expect(sbiTimestamp()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
  it('round-trips through parseSbiTimestamp', () => {
    const s = sbiTimestamp(new Date('2026-11-21T10:15:29Z'));
    expect(parseSbiTimestamp(s).toISOString()).toBe('2026-11-21T10:15:29.000Z');
  });
  it.each([
    '2024-01-01T10:00:00.123Z',
    '2024-01-01T10:00:00',
    '2024-01-01T10:00:00+00:00',
    '2024-13-01T10:00:00Z',
    '2024-02-30T10:00:00Z',
    '',
  ])('rejects %j', (s) => {
    expect(() => parseSbiTimestamp(s)).toThrow(SbiVerifyError);
    try {
      parseSbiTimestamp(s);
    } catch (e) {
      expect((e as SbiVerifyError).code).toBe('ERR_SBI_TIMESTAMP_FORMAT');
    }
  });
});

describe('parseCaptureTime', () => {
  it('reads a zoneless time as UTC (registration client)', () => {
    expect(parseCaptureTime('2026-11-21T10:15:29.123')?.toISOString()).toBe('2026-11-21T10:15:29.123Z');
  });
  it('reads Z, offsets and long fractions', () => {
    expect(parseCaptureTime('2026-11-21T10:15:29Z')?.toISOString()).toBe('2026-11-21T10:15:29.000Z');
    expect(parseCaptureTime('2026-11-21T15:45:29+05:30')?.toISOString()).toBe('2026-11-21T10:15:29.000Z');
    expect(parseCaptureTime('2026-11-21T15:45:29+0530')?.toISOString()).toBe('2026-11-21T10:15:29.000Z');
    expect(parseCaptureTime('2026-11-21T10:15:29.123456789Z')?.toISOString()).toBe('2026-11-21T10:15:29.123Z');
  });
  it('returns undefined for non-dates', () => {
    expect(parseCaptureTime('yesterday')).toBeUndefined();
    expect(parseCaptureTime('2026-11-21')).toBeUndefined();
  });
});
