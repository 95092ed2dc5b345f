// Check 6: capture times. Every timestamp (and digitalId dateTime) is yyyy-MM-ddTHH:mm:ssZ without
// milliseconds; none is in the future beyond a small leeway; consecutive captures never go back in
// time and are at most maxSegmentGapSeconds apart; the last one arrived within the receive window.
// A device signs its digitalId afresh for every capture, so each digitalId is dated within the
// capture window of its own capture: at most captureWindowSeconds before it, never in the future —
// an old digitalId (read once from device info, kept, replayed) is not.
import { orderIssue, readTimestamp, windowIssue } from '@signet-kiosk/shared/sbi';
import { bioFailure, nth, type CheckContext, type CheckedCapture } from './check-context.js';

/** Throws bio_timestamp_format / _future / _order / _stale, or bio_digital_id_outside_window. */
export function checkTimestamps(captures: CheckedCapture[], ctx: Pick<CheckContext, 'policy' | 'now'>): void {
  const { policy } = ctx;
  const now = ctx.now.getTime();
  const latest = now + policy.futureLeewaySeconds * 1000;
  const dateTimes: number[] = [];
  const times = captures.map((c) => {
    const t = parse(c.data.timestamp, `${nth(c.index)}: timestamp`);
    dateTimes.push(parse(c.digitalId.dateTime, `${nth(c.index)}: digitalId dateTime`));
    return t;
  });
  for (const [i, t] of times.entries()) {
    if (windowIssue(t, { earliest: -Infinity, latest })) {
      throw bioFailure(
        'bio_timestamp_future',
        `${nth(i)} is dated ${seconds(t - now)} s ahead of the server clock (at most ${policy.futureLeewaySeconds} s allowed); check the device clock.`,
      );
    }
    const dateTime = dateTimes[i]!;
    if (windowIssue(dateTime, { earliest: t - policy.captureWindowSeconds * 1000, latest })) {
      const when = dateTime < t ? `${seconds(t - dateTime)} s before` : `${seconds(dateTime - t)} s after`;
      throw bioFailure(
        'bio_digital_id_outside_window',
        `${nth(i)}: its digitalId is dated ${when} the capture (at most ${policy.captureWindowSeconds} s before, never in the future).`,
      );
    }
    const order = orderIssue(times[i - 1], t, policy.maxSegmentGapSeconds * 1000);
    if (order?.backwards) throw bioFailure('bio_timestamp_order', `${nth(i)} is dated before ${nth(i - 1)}.`);
    if (order)
      throw bioFailure(
        'bio_timestamp_order',
        `${nth(i)} was taken ${seconds(order.gapMs)} s after ${nth(i - 1)}; at most ${policy.maxSegmentGapSeconds} s are allowed.`,
      );
  }
  const last = times[times.length - 1]!;
  const maxAge = policy.captureWindowSeconds + policy.captureLeewaySeconds;
  if (windowIssue(last, { earliest: now - maxAge * 1000, latest: Infinity })) {
    throw bioFailure(
      'bio_timestamp_stale',
      `The last capture was taken ${seconds(now - last)} s ago; at most ${maxAge} s are allowed. Please capture again.`,
    );
  }
}

function parse(value: string | null | undefined, what: string): number {
  const { time, issue } = readTimestamp(value);
  if (issue)
    throw bioFailure(
      'bio_timestamp_format',
      `${what} ${JSON.stringify(issue.value.slice(0, 40))} is not yyyy-MM-ddTHH:mm:ssZ (UTC, no milliseconds).`,
    );
  return time;
}

const seconds = (ms: number): number => Math.round(ms / 1000);
