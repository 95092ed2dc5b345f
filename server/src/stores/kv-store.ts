// The narrow interface behind the transaction and replay stores: JSON values under string keys,
// each with a TTL; single-use items are taken with consume(), which is atomic. The embedded
// default is memory-kv-store.ts; a Redis implementation fits the same nine methods (compareAndSet
// and decrement as small Lua scripts, the others as plain commands).

export interface KvStore {
  /** Stores value under key for ttlSeconds, replacing any value. */
  put(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** Stores value only if key is absent; true when stored. Atomic (replay caches rely on it). */
  putIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean>;
  /** Replaces the value of a live key, keeping its expiry; false when the key is absent. */
  replace(key: string, value: unknown): Promise<boolean>;
  /**
   * Replaces the value of a live key only if it still equals `expected` (compared as JSON text, as
   * stored); false otherwise. Keeps its expiry, or restarts it at `ttlSeconds` when given (an index
   * that must live as long as its newest entry). Atomic: of racing callers that read the same value,
   * exactly one moves it on.
   */
  compareAndSet(key: string, expected: unknown, value: unknown, ttlSeconds?: number): Promise<boolean>;
  get<T>(key: string): Promise<T | undefined>;
  /** Returns and deletes the value in one atomic step; a second consume gets undefined. */
  consume<T>(key: string): Promise<T | undefined>;
  delete(key: string): Promise<void>;
  /** Increments a counter (created at 0 with ttlSeconds if absent) and returns the new value. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /** Lowers a live counter by one, not below zero, keeping its expiry; an absent key stays absent. */
  decrement(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Thrown when a store is full (the in-memory store's entry cap): the request is answered 503
 * rather than letting a flood of transactions exhaust the process's memory.
 */
export class StoreFullError extends Error {
  readonly code = 'ERR_STORE_FULL';
}
