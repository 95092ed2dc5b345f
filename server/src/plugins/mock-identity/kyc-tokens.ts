// KYC tokens: the handle kycAuth gives the server for kycExchange. 32 random bytes, valid 30
// minutes and reusable within that time (SSO); only their SHA-256 is stored.
import { hash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ExpirySweep } from './expiry-sweep.js';

export const KYC_TOKEN_TTL_MS = 30 * 60 * 1000;

function digest(token: string): string {
  return hash('sha256', token, 'base64url');
}

function prepare(db: Database.Database) {
  return {
    insert: db.prepare('INSERT INTO kyc_tokens (token_hash, individual_id, expires_at) VALUES (?, ?, ?)'),
    get: db.prepare<[string, number], { individual_id: string }>(
      'SELECT individual_id FROM kyc_tokens WHERE token_hash = ? AND expires_at > ?',
    ),
    dropExpired: db.prepare('DELETE FROM kyc_tokens WHERE expires_at <= ?'),
  };
}

export class KycTokens {
  private readonly stmt: ReturnType<typeof prepare>;
  private readonly sweep: ExpirySweep;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = KYC_TOKEN_TTL_MS,
  ) {
    this.stmt = prepare(db);
    this.sweep = new ExpirySweep((now) => this.stmt.dropExpired.run(now));
  }

  issue(individualId: string): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    this.sweep.maybeRun(now);
    this.stmt.insert.run(digest(token), individualId, now + this.ttlMs);
    return token;
  }

  /** The individual the token was issued for, while it is valid. */
  individualOf(token: string): string | undefined {
    return this.stmt.get.get(digest(token), this.now())?.individual_id;
  }
}
