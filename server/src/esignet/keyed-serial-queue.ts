// Runs tasks that share a key one after another, in arrival order, within this process; tasks of
// different keys run side by side. Each key's line is bounded, and a key without tasks costs nothing.

/** Thrown by run() when the key's line is full. */
export class SerialQueueFullError extends Error {
  readonly code = 'ERR_SERIAL_QUEUE_FULL';
}

interface Line {
  /** Settles when the last task queued on the key has finished. */
  tail: Promise<void>;
  /** Tasks queued on the key, the running one included. */
  length: number;
}

export class KeyedSerialQueue {
  private readonly lines = new Map<string, Line>();

  /** @param maxLength most tasks on one key at once (the running one included). */
  constructor(private readonly maxLength: number) {}

  /**
   * Runs `task` once every earlier task of `key` has finished; throws SerialQueueFullError at once
   * when `maxLength` tasks of the key are already queued.
   * @example await queue.run(individualKey, () => verify());
   */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const line = this.lines.get(key) ?? { tail: Promise.resolve(), length: 0 };
    if (line.length >= this.maxLength)
      throw new SerialQueueFullError(`${line.length} tasks are already queued on this key`);
    const previous = line.tail;
    let finished!: () => void;
    line.tail = new Promise<void>((resolve) => (finished = resolve));
    line.length++;
    this.lines.set(key, line);
    try {
      await previous;
      return await task();
    } finally {
      finished();
      if (--line.length === 0) this.lines.delete(key);
    }
  }

  /** Keys with tasks queued or running. */
  get size(): number {
    return this.lines.size;
  }
}
