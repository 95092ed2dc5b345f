// SBI timestamps: `yyyy-MM-ddTHH:mm:ssZ` in UTC with no milliseconds (validators reject them),
// as used in `data.timestamp` and `digitalId.dateTime`; plus the lenient reading of `captureTime`.
import { SbiVerifyError } from './errors.js';

/** Exactly what devices must send: UTC, seconds precision, `Z`. */
export const SBI_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * Formats a date as an SBI timestamp.
 * @example sbiTimestamp(new Date('2024-01-01T10:00:00.123Z')) // '2024-01-01T10:00:00Z'
 */
export function sbiTimestamp(d: Date = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Parses a strict SBI timestamp; throws ERR_SBI_TIMESTAMP_FORMAT on anything else.
 * @example parseSbiTimestamp('2024-01-01T10:00:00Z').getTime() // 1704103200000
 */
export function parseSbiTimestamp(s: string): Date {
  if (!SBI_TIMESTAMP_PATTERN.test(s)) throw new SbiVerifyError('ERR_SBI_TIMESTAMP_FORMAT', JSON.stringify(s));
  const d = new Date(s);
  // Date accepts out-of-range fields such as month 13 as NaN, and round-trips real ones exactly.
  if (Number.isNaN(d.getTime()) || sbiTimestamp(d) !== s)
    throw new SbiVerifyError('ERR_SBI_TIMESTAMP_FORMAT', JSON.stringify(s));
  return d;
}

/**
 * ISO-8601 date-time as clients send `captureTime`: with or without fractional seconds, with a
 * zone (`Z`, `+05:30`) or without one (the registration client), which is read as UTC.
 */
export const CAPTURE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads a `captureTime` leniently; returns undefined when it is not a date.
 * @example parseCaptureTime('2026-11-21T10:15:29.123')?.toISOString() // '2026-11-21T10:15:29.123Z'
 */
export function parseCaptureTime(s: string): Date | undefined {
  const m = CAPTURE_TIME_PATTERN.exec(s);
  if (!m) return undefined;
  let iso = s;
  if (!m[2]) iso += 'Z';
  // JavaScript's Date parses at most millisecond fractions reliably.
  iso = iso.replace(/(\.\d{3})\d+/, '$1').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
