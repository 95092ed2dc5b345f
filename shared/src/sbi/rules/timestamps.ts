// The SBI timestamp rules, for `data.timestamp` and `digitalId.dateTime`: the format
// (yyyy-MM-ddTHH:mm:ssZ, UTC, no milliseconds), a window the instant must lie in, and the order of
// one request's captures. The bridge's window is the request's (± clock skew); the server's are
// its own clock and, for a digitalId, the capture it signed for — both through windowIssue.
import { SbiVerifyError } from '../errors.js';
import { parseSbiTimestamp } from '../timestamp.js';
import type { RuleIssue } from './category.js';

export type TimestampFormatIssue = RuleIssue<'timestamp-format'> & { value: string };
export type TimestampWindowIssue = RuleIssue<'timestamp-window'> & {
  time: number;
  earliest: number;
  latest: number;
  side: 'early' | 'late';
};
export type TimestampOrderIssue = RuleIssue<'timestamp-order'> & { backwards: boolean; gapMs: number };
export type TimestampIssue = TimestampFormatIssue | TimestampWindowIssue | TimestampOrderIssue;

/**
 * The instant of an SBI timestamp in ms, or the format issue (a missing one included).
 * @example readTimestamp('2024-01-01T10:00:00Z') // { time: 1704103200000 }
 */
export function readTimestamp(
  value: string | null | undefined,
): { time: number; issue?: undefined } | { time?: undefined; issue: TimestampFormatIssue } {
  try {
    return { time: parseSbiTimestamp(value ?? '').getTime() };
  } catch (err) {
    if (!(err instanceof SbiVerifyError)) throw err;
    return { issue: { rule: 'timestamp-format', category: 'timestamp', value: value ?? '' } };
  }
}

/**
 * The issue when `time` lies outside [earliest, latest] (ms; ±Infinity for an open side).
 * @example windowIssue(t, { earliest: startedAt - skew, latest: finishedAt + skew })
 */
export function windowIssue(
  time: number,
  window: { earliest: number; latest: number },
): TimestampWindowIssue | undefined {
  if (time >= window.earliest && time <= window.latest) return undefined;
  return {
    rule: 'timestamp-window',
    category: 'timestamp',
    time,
    ...window,
    side: time < window.earliest ? 'early' : 'late',
  };
}

/**
 * The issue when a capture is dated before the one before it, or more than `maxGapMs` after it.
 * @example orderIssue(times[i - 1], times[i], 120_000)
 */
export function orderIssue(
  previous: number | undefined,
  time: number,
  maxGapMs: number,
): TimestampOrderIssue | undefined {
  if (previous === undefined) return undefined;
  if (time < previous)
    return { rule: 'timestamp-order', category: 'timestamp', backwards: true, gapMs: previous - time };
  if (time - previous > maxGapMs)
    return { rule: 'timestamp-order', category: 'timestamp', backwards: false, gapMs: time - previous };
  return undefined;
}
