// One-time codes: 6 random digits (crypto.randomInt) stored only as an HMAC bound to individual and
// transaction; valid 3 minutes, 3 wrong tries, consumed atomically on success. A code is kept per
// individual AND transaction, so that nothing done in one transaction (a new code, a wrong guess)
// can use up or replace the code of another: an attacker who knows an ID cannot lock its OTP.
import { randomInt, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ExpirySweep } from './expiry-sweep.js';
import type { PluginSecret } from './plugin-secret.js';

export const OTP_TTL_MS = 3 * 60 * 1000;
export const OTP_MAX_ATTEMPTS = 3;

export type OtpCheck = 'ok' | 'wrong' | 'expired' | 'none';

interface Row {
  hash: Buffer;
  expires_at: number;
  attempts_left: number;
}

function prepare(db: Database.Database) {
  return {
    put: db.prepare(
      `INSERT INTO otps (individual_id, transaction_id, hash, expires_at, attempts_left) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (individual_id, transaction_id) DO UPDATE SET hash = excluded.hash,
         expires_at = excluded.expires_at, attempts_left = excluded.attempts_left`,
    ),
    get: db.prepare<[string, string], Row>(
      'SELECT hash, expires_at, attempts_left FROM otps WHERE individual_id = ? AND transaction_id = ?',
    ),
    consume: db.prepare(
      'DELETE FROM otps WHERE individual_id = ? AND transaction_id = ? AND hash = ? AND expires_at > ?',
    ),
    miss: db.prepare(
      'UPDATE otps SET attempts_left = attempts_left - 1 WHERE individual_id = ? AND transaction_id = ? AND hash = ?',
    ),
    dropUsedUp: db.prepare('DELETE FROM otps WHERE individual_id = ? AND transaction_id = ? AND attempts_left <= 0'),
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

  /** A fresh code for the individual within this transaction; it replaces the transaction's earlier one, no other. */
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

  /**
   * Checks a code against the one sent to the individual in this transaction; `ok` consumes it
   * (exactly once, even with concurrent callers), `wrong` uses up one of its tries. A guess made in
   * any other transaction finds no code (`none`) and touches none: it can only count against that
   * transaction's own limits.
   */
  check(individualId: string, transactionId: string, otp: string): OtpCheck {
    const row = this.stmt.get.get(individualId, transactionId);
    if (!row) return 'none';
    const now = this.now();
    if (row.expires_at <= now) return 'expired';
    const given = this.secret.otpHash(individualId, transactionId, otp);
    if (row.hash.length === given.length && timingSafeEqual(row.hash, given)) {
      return this.stmt.consume.run(individualId, transactionId, row.hash, now).changes > 0 ? 'ok' : 'none';
    }
    this.stmt.miss.run(individualId, transactionId, row.hash);
    this.stmt.dropUsedUp.run(individualId, transactionId);
    return 'wrong';
  }
}
