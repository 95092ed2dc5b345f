import { describe, expect, it } from 'vitest';
import { FairScheduler, FairSchedulerFullError } from './fair-scheduler.js';

/** A task that runs until release() and records when it started. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      log.push(name);
      await done;
      return name;
    },
    release: () => release(),
  };
}

const ticks = () => new Promise((resolve) => setImmediate(resolve));

describe('FairScheduler', () => {
  it('runs at most `concurrency` tasks, and gives a fresh source its turn after one task of each busy source', async () => {
    const scheduler = new FairScheduler(2, 100);
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const runs: Promise<string>[] = [];
    const submit = (source: string, name: string) => {
      const g = gate(started, name);
      gates.set(name, g);
      runs.push(scheduler.run(source, g.task));
    };
    for (let i = 0; i < 5; i++) submit('a', `a${i}`);
    for (let i = 0; i < 5; i++) submit('b', `b${i}`);
    submit('c', 'c0');
    await ticks();
    expect(started).toEqual(['a0', 'a1']);
    expect(scheduler.load()).toEqual({ running: 2, waiting: 9 });
    // Each finished task hands its slot to the next source in turn: a, b, c, a, b, …
    for (const name of ['a0', 'a1', 'a2', 'b0', 'c0']) {
      gates.get(name)!.release();
      await ticks();
    }
    expect(started).toEqual(['a0', 'a1', 'a2', 'b0', 'c0', 'a3', 'b1']);
    for (const g of gates.values()) g.release();
    await Promise.all(runs);
    expect(scheduler.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses at once past `maxWaiting` waiting tasks, and a failing task frees its slot', async () => {
    const scheduler = new FairScheduler(1, 2);
    const started: string[] = [];
    const first = gate(started, 'x');
    const running = scheduler.run('a', first.task);
    const waiting = [scheduler.run('b', async () => 'y'), scheduler.run('c', () => Promise.reject(new Error('boom')))];
    await expect(scheduler.run('d', async () => 'z')).rejects.toBeInstanceOf(FairSchedulerFullError);
    first.release();
    expect(await running).toBe('x');
    expect(await Promise.allSettled(waiting)).toMatchObject([
      { status: 'fulfilled', value: 'y' },
      { status: 'rejected' },
    ]);
    expect(scheduler.load()).toEqual({ running: 0, waiting: 0 });
    expect(await scheduler.run('d', async () => 'z')).toBe('z');
  });
});
