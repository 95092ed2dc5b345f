// The timestamp rules both verifiers apply: format, window, order.
import { describe, expect, it } from 'vitest';
import { orderIssue, readTimestamp, windowIssue } from './timestamps.js';

const T = Date.parse('2026-11-21T12:00:00Z');

describe('timestamp rules', () => {
  it('reads yyyy-MM-ddTHH:mm:ssZ and nothing else (milliseconds, zones, impossible dates, missing)', () => {
    expect(readTimestamp('2026-11-21T12:00:00Z')).toEqual({ time: T });
    for (const value of [
      '2026-11-21T12:00:00.000Z',
      '2026-11-21T12:00:00+00:00',
      '2026-13-21T12:00:00Z',
      '',
      null,
      undefined,
    ]) {
      expect(readTimestamp(value)).toEqual({
        issue: { rule: 'timestamp-format', category: 'timestamp', value: value ?? '' },
      });
    }
  });

  it('flags an instant outside its window, on either side, and accepts both edges', () => {
    const window = { earliest: T - 1000, latest: T + 1000 };
    expect(windowIssue(T - 1000, window)).toBeUndefined();
    expect(windowIssue(T + 1000, window)).toBeUndefined();
    expect(windowIssue(T - 1001, window)).toMatchObject({
      rule: 'timestamp-window',
      category: 'timestamp',
      side: 'early',
    });
    expect(windowIssue(T + 1001, { earliest: -Infinity, latest: T + 1000 })).toMatchObject({
      side: 'late',
      time: T + 1001,
    });
  });

  it('flags a capture dated before the previous one, or more than the gap after it', () => {
    expect(orderIssue(undefined, T, 120_000)).toBeUndefined();
    expect(orderIssue(T, T, 120_000)).toBeUndefined();
    expect(orderIssue(T, T + 120_000, 120_000)).toBeUndefined();
    expect(orderIssue(T, T - 1000, 120_000)).toEqual({
      rule: 'timestamp-order',
      category: 'timestamp',
      backwards: true,
      gapMs: 1000,
    });
    expect(orderIssue(T, T + 120_001, 120_000)).toEqual({
      rule: 'timestamp-order',
      category: 'timestamp',
      backwards: false,
      gapMs: 120_001,
    });
  });
});
