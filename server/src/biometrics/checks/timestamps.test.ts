// Check 6 at its boundaries: the receive window plus leeway, the future leeway, the segment gap.
import { describe, expect, it } from 'vitest';
import { sbiTimestamp } from '@signet-kiosk/shared/sbi';
import { loadConfig } from '../../config.js';
import { EsignetError } from '../../errors.js';
import type { CheckedCapture } from './check-context.js';
import { checkTimestamps } from './timestamps.js';

const policy = loadConfig({}).biometrics;
const NOW = new Date('2026-11-21T12:00:00Z');
const at = (offsetSeconds: number) => sbiTimestamp(new Date(NOW.getTime() + offsetSeconds * 1000));

function captures(...offsets: number[]): CheckedCapture[] {
  return offsets.map(
    (o, index) => ({ index, data: { timestamp: at(o) }, digitalId: { dateTime: at(o) } }) as unknown as CheckedCapture,
  );
}

function codeOf(cs: CheckedCapture[]): string | undefined {
  try {
    checkTimestamps(cs, { policy, now: NOW });
    return undefined;
  } catch (e) {
    return (e as EsignetError).errorCode;
  }
}

describe('checkTimestamps', () => {
  it('accepts the last capture up to window + leeway (150 s) old, not a second more', () => {
    expect(codeOf(captures(-150))).toBeUndefined();
    expect(codeOf(captures(-151))).toBe('bio_timestamp_stale');
  });

  it('accepts up to 5 s ahead of the server clock, not more', () => {
    expect(codeOf(captures(5))).toBeUndefined();
    expect(codeOf(captures(6))).toBe('bio_timestamp_future');
  });

  it('earlier segments may be older than the window as long as the last one is fresh and gaps are ≤ 120 s', () => {
    expect(codeOf(captures(-230, -110, -5))).toBeUndefined();
    expect(codeOf(captures(-126, -5))).toBe('bio_timestamp_order');
    expect(codeOf(captures(-5, -6))).toBe('bio_timestamp_order');
    expect(codeOf(captures(-5, -5))).toBeUndefined();
  });

  it('refuses milliseconds, a zone other than Z, and impossible dates', () => {
    for (const timestamp of ['2026-11-21T11:59:59.000Z', '2026-11-21T11:59:59+00:00', '2026-13-21T11:59:59Z', '']) {
      const c = { index: 0, data: { timestamp }, digitalId: { dateTime: at(0) } } as unknown as CheckedCapture;
      expect(codeOf([c])).toBe('bio_timestamp_format');
    }
  });
});
