import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KeyedSerialQueue, SerialQueueFullError } from './keyed-serial-queue.js';

describe('KeyedSerialQueue', () => {
  it('runs the tasks of one key one after another, in order, and other keys beside them', async () => {
    const queue = new KeyedSerialQueue(10);
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await sleep(ms);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      queue.run('a', task('a1', 20)),
      queue.run('a', task('a2', 1)),
      queue.run('b', task('b1', 5)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
    expect(queue.size).toBe(0);
  });

  it('refuses a task past the bound of its key at once, and goes on after a failed task', async () => {
    const queue = new KeyedSerialQueue(2);
    const first = queue.run('k', () => sleep(10).then(() => Promise.reject(new Error('boom'))));
    const second = queue.run('k', async () => 'second');
    await expect(queue.run('k', async () => 'third')).rejects.toBeInstanceOf(SerialQueueFullError);
    await expect(first).rejects.toThrow('boom');
    expect(await second).toBe('second');
    expect(await queue.run('k', async () => 'later')).toBe('later');
    expect(queue.size).toBe(0);
  });
});
