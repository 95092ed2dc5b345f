// Hashes residents' PINs, passwords and knowledge answers with scrypt (node:crypto, per-record salt,
// parameters kept in the hash string so the cost can rise later) and checks them in constant time.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';

/** Within the bounds verifySecret accepts from a stored hash. */
export const ScryptParamsSchema = z
  .object({
    /** CPU/memory cost, a power of two. */
    N: z
      .number()
      .int()
      .min(2)
      .max(2 ** 20)
      .refine((n) => (n & (n - 1)) === 0, 'must be a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
  })
  .strict();
export type ScryptParams = z.infer<typeof ScryptParamsSchema>;

/** About 40 ms and 16 MiB per hash on a 2-core server; tests may pass a cheaper cost (MockIdentityOptions.scrypt). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 14, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/**
 * scrypt runs on libuv's small shared thread pool (4 threads), where the server's WebCrypto
 * signatures also run: left alone, a burst of PIN checks queues every token and userinfo
 * signature behind it. At most this many hashes run at once, so signatures keep threads.
 */
const MAX_CONCURRENT_HASHES = 2;
/**
 * Checks waiting for a slot. Each guess costs a hash, so an unbounded line lets a flood of wrong
 * PINs push every real sign-in back by seconds; past this many (about 16 × 40 ms / 2 = 320 ms of
 * work) a check is refused at once with SecretCheckBusyError. A backstop: the server sends at
 * most limits.kycAuthConcurrency checks at once, sharing turns between sources. Hashing new
 * secrets (seeding, the admin API) always waits: it is not reachable without credentials.
 */
export const MAX_WAITING_CHECKS = 16;
let running = 0;
const waiting: (() => void)[] = [];

/** A secret check refused because MAX_WAITING_CHECKS are already waiting: the ID system is busy. */
export class SecretCheckBusyError extends Error {
  readonly code = 'ERR_SECRET_CHECK_BUSY';
  constructor() {
    super(`${MAX_WAITING_CHECKS} secret checks are already waiting`);
  }
}

/** Hashes running and waiting now. */
export function secretHashLoad(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

async function withHashSlot<T>(work: () => Promise<T>, refuseWhenBusy: boolean): Promise<T> {
  // A finishing hash hands its slot straight to the next waiter, so `running` never overshoots.
  if (running < MAX_CONCURRENT_HASHES) running++;
  else if (refuseWhenBusy && waiting.length >= MAX_WAITING_CHECKS) throw new SecretCheckBusyError();
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(secret: string, salt: Buffer, params: ScryptParams, refuseWhenBusy: boolean): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  };
  return withHashSlot(
    () =>
      new Promise((resolve, reject) => {
        scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
      }),
    refuseWhenBusy,
  );
}

/**
 * `scrypt$N$r$p$<salt>$<hash>` (base64url), e.g.
 * `await hashSecret('482915')` → `scrypt$16384$8$1$q3…$Zx…`.
 */
export async function hashSecret(secret: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(secret, salt, params, false);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * True when `secret` matches `stored`; false for a malformed hash. Constant-time in the secret.
 * Throws SecretCheckBusyError when too many checks are already waiting.
 */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bound the work a stored hash may ask for.
  if (params.N > 2 ** 20 || params.r > 32 || params.p > 16) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(secret, Buffer.from(m[4]!, 'base64url'), params, true);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
