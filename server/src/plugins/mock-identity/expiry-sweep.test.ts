import { describe, expect, it } from 'vitest';
import { ExpirySweep } from './expiry-sweep.js';

describe('ExpirySweep', () => {
  it('runs at once, then at most once per interval, and at once when the clock is set back', () => {
    const runs: number[] = [];
    const sweep = new ExpirySweep((now) => runs.push(now), 1000);
    sweep.maybeRun(10_000);
    sweep.maybeRun(10_999);
    expect(runs).toEqual([10_000]);
    sweep.maybeRun(11_000);
    expect(runs).toEqual([10_000, 11_000]);
    sweep.maybeRun(5_000); // the clock went back an hour's worth: do not wait for it to catch up
    expect(runs).toEqual([10_000, 11_000, 5_000]);
    sweep.maybeRun(5_500);
    expect(runs).toEqual([10_000, 11_000, 5_000]);
  });
});
