// One-time codes: 6 random digits (crypto.randomInt) stored only as an HMAC bound to individual and
// transaction; valid 3 minutes, 3 wrong tries, consumed atomically on success.
import { randomInt, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ExpirySweep } from './expiry-sweep.js';
import type { PluginSecret } from './plugin-secret.js';

export const OTP_TTL_MS = 3 * 60 * 1000;
export const OTP_MAX_ATTEMPTS = 3;

export type OtpCheck = 'ok' | 'wrong' | 'expired' | 'none';

interface Row {
  transaction_id: string;
  hash: Buffer;
  expires_at: number;
  attempts_left: number;
}

function prepare(db: Database.Database) {
  return {
    put: db.prepare(
      `INSERT INTO otps (individual_id, transaction_id, hash, expires_at, attempts_left) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (individual_id) DO UPDATE SET transaction_id = excluded.transaction_id, hash = excluded.hash,
         expires_at = excluded.expires_at, attempts_left = excluded.attempts_left`,
    ),
    get: db.prepare<[string], Row>(
      'SELECT transaction_id, hash, expires_at, attempts_left FROM otps WHERE individual_id = ?',
    ),
    consume: db.prepare('DELETE FROM otps WHERE individual_id = ? AND hash = ? AND expires_at > ?'),
    miss: db.prepare('UPDATE otps SET attempts_left = attempts_left - 1 WHERE individual_id = ? AND hash = ?'),
    dropUsedUp: db.prepare('DELETE FROM otps WHERE individual_id = ? AND attempts_left <= 0'),
    dropExpired: db.prepare('DELETE FROM otps WHERE expires_at <= ?'),
  };
}

export class OtpManager {
  private readonly stmt: ReturnType<typeof prepare>;
  private readonly sweep: ExpirySweep;

  constructor(
    db: Database.Database,
    private readonly secret: PluginSecret,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = OTP_TTL_MS,
  ) {
    this.stmt = prepare(db);
    this.sweep = new ExpirySweep((now) => this.stmt.dropExpired.run(now));
  }

  /** A fresh code for the individual within this transaction; it replaces any earlier one. */
  issue(individualId: string, transactionId: string): { otp: string; expiresAt: number } {
    const otp = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const now = this.now();
    const expiresAt = now + this.ttlMs;
    this.sweep.maybeRun(now);
    this.stmt.put.run(
      individualId,
      transactionId,
      this.secret.otpHash(individualId, transactionId, otp),
      expiresAt,
      OTP_MAX_ATTEMPTS,
    );
    return { otp, expiresAt };
  }

  /** Checks a code; `ok` consumes it (exactly once, even with concurrent callers), `wrong` uses up one try. */
  check(individualId: string, transactionId: string, otp: string): OtpCheck {
    const row = this.stmt.get.get(individualId);
    if (!row) return 'none';
    const now = this.now();
    // Expired only to the transaction it was sent in: to any other, a code sent to this ID (by the
    // resident's own sign-in elsewhere) is none of its business, and must read like no code at all.
    if (row.expires_at <= now) return row.transaction_id === transactionId ? 'expired' : 'none';
    const given = this.secret.otpHash(individualId, transactionId, otp);
    // A code sent in another transaction gives another hash, so it simply counts as wrong.
    if (row.hash.length === given.length && timingSafeEqual(row.hash, given)) {
      return this.stmt.consume.run(individualId, row.hash, now).changes > 0 ? 'ok' : 'none';
    }
    this.stmt.miss.run(individualId, row.hash);
    this.stmt.dropUsedUp.run(individualId);
    return 'wrong';
  }
}
