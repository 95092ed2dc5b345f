import { describe, expect, it } from 'vitest';
import { StoreFullError } from './kv-store.js';
import { MemoryKvStore } from './memory-kv-store.js';

describe('MemoryKvStore', () => {
  it('expires entries after their TTL', async () => {
    let now = 1_000_000;
    const kv = new MemoryKvStore(() => now);
    await kv.put('a', { v: 1 }, 10);
    expect(await kv.get('a')).toEqual({ v: 1 });
    now += 10_000;
    expect(await kv.get('a')).toBeUndefined();
    await kv.close();
  });

  it('consumes exactly once, even when raced', async () => {
    const kv = new MemoryKvStore();
    await kv.put('code', 'grant', 60);
    const results = await Promise.all(Array.from({ length: 20 }, () => kv.consume<string>('code')));
    expect(results.filter((r) => r === 'grant')).toHaveLength(1);
    await kv.close();
  });

  it('stores copies, not references', async () => {
    const kv = new MemoryKvStore();
    const value = { list: [1] };
    await kv.put('k', value, 60);
    value.list.push(2);
    const got = await kv.get<{ list: number[] }>('k');
    expect(got).toEqual({ list: [1] });
    await kv.close();
  });

  it('putIfAbsent stores only the first value; replace keeps the expiry', async () => {
    let now = 0;
    const kv = new MemoryKvStore(() => now);
    expect(await kv.putIfAbsent('jti', 1, 5)).toBe(true);
    expect(await kv.putIfAbsent('jti', 2, 5)).toBe(false);
    expect(await kv.replace('jti', 3)).toBe(true);
    now = 5_000;
    expect(await kv.get('jti')).toBeUndefined();
    expect(await kv.replace('jti', 4)).toBe(false);
    expect(await kv.putIfAbsent('jti', 5, 5)).toBe(true);
    await kv.close();
  });

  it('counts with increment inside one TTL window', async () => {
    let now = 0;
    const kv = new MemoryKvStore(() => now);
    expect(await kv.increment('n', 10)).toBe(1);
    expect(await kv.increment('n', 10)).toBe(2);
    now = 10_000;
    expect(await kv.increment('n', 10)).toBe(1);
    await kv.close();
  });
});

describe('MemoryKvStore atomic updates', () => {
  it('compareAndSet moves a value on only from the value the caller read, once among racers, keeping the expiry', async () => {
    let now = 0;
    const kv = new MemoryKvStore(() => now);
    await kv.put('txn', { stage: 'created', n: 1 }, 10);
    const read = await kv.get<{ stage: string; n: number }>('txn');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => kv.compareAndSet('txn', read, { ...read, stage: `next-${i}` })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await kv.compareAndSet('txn', { stage: 'created', n: 2 }, { stage: 'other' })).toBe(false);
    now = 10_000;
    expect(await kv.compareAndSet('txn', { stage: 'next-0', n: 1 }, { stage: 'late' })).toBe(false);
    expect(await kv.get('txn')).toBeUndefined();
    await kv.close();
  });

  it('compareAndSet restarts the expiry when given a TTL', async () => {
    let now = 0;
    const kv = new MemoryKvStore(() => now);
    await kv.put('index', ['a'], 10);
    now = 8_000;
    expect(await kv.compareAndSet('index', ['a'], ['a', 'b'], 10)).toBe(true);
    now = 15_000;
    expect(await kv.get('index')).toEqual(['a', 'b']);
    now = 18_000;
    expect(await kv.get('index')).toBeUndefined();
    await kv.close();
  });

  it('decrement gives back what increment counted, never below zero, and never creates a key', async () => {
    let now = 0;
    const kv = new MemoryKvStore(() => now);
    await kv.decrement('n');
    expect(await kv.get('n')).toBeUndefined();
    await kv.increment('n', 10);
    await kv.increment('n', 10);
    await kv.decrement('n');
    expect(await kv.get('n')).toBe(1);
    await kv.decrement('n');
    await kv.decrement('n');
    expect(await kv.get('n')).toBe(0);
    now = 10_000;
    expect(await kv.get('n')).toBeUndefined();
    await kv.close();
  });
});

describe('MemoryKvStore capacity', () => {
  it('refuses new keys when full, after dropping expired ones, and keeps serving existing keys', async () => {
    let now = 0;
    const kv = new MemoryKvStore(() => now, 30_000, 3);
    await kv.put('a', 1, 10);
    await kv.put('b', 1, 10);
    await kv.put('c', 1, 100);
    await expect(kv.put('d', 1, 10)).rejects.toBeInstanceOf(StoreFullError);
    await expect(kv.putIfAbsent('d', 1, 10)).rejects.toBeInstanceOf(StoreFullError);
    await expect(kv.increment('d', 10)).rejects.toBeInstanceOf(StoreFullError);
    await kv.put('a', 2, 10);
    expect(await kv.get('a')).toBe(2);
    now = 20_000;
    await kv.put('d', 1, 10);
    expect(await kv.get('d')).toBe(1);
    await kv.close();
  });
});
