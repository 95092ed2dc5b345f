// Deleting expired rows of a table whose reads check expiry themselves: at most once a second, so
// a busy sign-in path does not pay a write transaction per call to keep the table small.

export class ExpirySweep {
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly dropExpired: (now: number) => void,
    private readonly intervalMs = 1000,
  ) {}

  /** Runs the sweep unless one ran less than `intervalMs` ago (a clock set back sweeps at once). */
  maybeRun(now: number): void {
    if (now >= this.sweptAt && now - this.sweptAt < this.intervalMs) return;
    this.sweptAt = now;
    this.dropExpired(now);
  }
}
