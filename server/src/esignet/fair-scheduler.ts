// Runs the ID system's credential checks a few at a time, sharing the turns fairly between
// sources: each source's waiting checks keep their order, and the sources take turns, so a
// resident from a fresh address waits behind one check per busy source, not behind a flood.

/** Thrown by run() when `maxWaiting` checks already wait: the ID system is busy. */
export class FairSchedulerFullError extends Error {
  readonly code = 'ERR_FAIR_SCHEDULER_FULL';
}

export class FairScheduler {
  private running = 0;
  private waiting = 0;
  /** Sources with waiting tasks, in turn order (a Map keeps insertion order); each its starters in arrival order. */
  private readonly lines = new Map<string, (() => void)[]>();

  /**
   * @param concurrency most tasks running at once.
   * @param maxWaiting most tasks waiting, over all sources; past it run() refuses at once.
   */
  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  /**
   * Runs `task` when a slot is free and it is `source`'s turn; throws FairSchedulerFullError when
   * `maxWaiting` tasks already wait.
   * @example const result = await scheduler.run(sourceName, () => ctx.authenticator.kycAuth(request));
   */
  async run<T>(source: string, task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++;
    else if (this.waiting >= this.maxWaiting)
      throw new FairSchedulerFullError(`${this.waiting} checks are already waiting`);
    else await this.queue(source);
    try {
      return await task();
    } finally {
      this.handOver();
    }
  }

  /** Tasks running and waiting now. */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting };
  }

  private queue(source: string): Promise<void> {
    return new Promise((resolve) => {
      const line = this.lines.get(source);
      if (line) line.push(resolve);
      else this.lines.set(source, [resolve]);
      this.waiting++;
    });
  }

  /** Gives the finished task's slot to the head of the next source in turn, which then goes to the back. */
  private handOver(): void {
    const next = this.lines.entries().next();
    if (next.done) {
      this.running--;
      return;
    }
    const [source, line] = next.value;
    const start = line.shift()!;
    this.lines.delete(source);
    if (line.length > 0) this.lines.set(source, line);
    this.waiting--;
    start();
  }
}
