import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openDatabase } from './database.js';
import { OTP_MAX_ATTEMPTS, OTP_TTL_MS, OtpManager } from './otp.js';
import { PluginSecret } from './plugin-secret.js';
import { tempContext } from './test-context.js';

describe('OtpManager', () => {
  let ctx: ReturnType<typeof tempContext>;
  let db: Database.Database;
  let clock: number;
  let otps: OtpManager;

  beforeEach(() => {
    ctx = tempContext();
    db = openDatabase(ctx.dataDir);
    clock = 1_800_000_000_000;
    otps = new OtpManager(db, PluginSecret.load(ctx.dataDir), () => clock);
  });
  afterEach(() => {
    db.close();
    ctx.cleanup();
  });

  const wrong = (otp: string) => String((Number(otp) + 1) % 1_000_000).padStart(6, '0');

  it('issues 6 random digits, stored only as a hash', () => {
    const codes = new Set(Array.from({ length: 20 }, () => otps.issue('2804195601', 'tx-1').otp));
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(codes.size).toBeGreaterThan(15);
    const { otp, expiresAt } = otps.issue('2804195601', 'tx-1');
    expect(expiresAt).toBe(clock + OTP_TTL_MS);
    const row = db.prepare('SELECT * FROM otps').get() as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain(otp);
    expect((row.hash as Buffer).includes(Buffer.from(otp))).toBe(false);
  });

  it('accepts a code once', () => {
    const { otp } = otps.issue('2804195601', 'tx-1');
    expect(otps.check('2804195601', 'tx-1', otp)).toBe('ok');
    expect(otps.check('2804195601', 'tx-1', otp)).toBe('none');
  });

  it('refuses a code after 3 minutes', () => {
    const { otp } = otps.issue('2804195601', 'tx-1');
    clock += OTP_TTL_MS;
    expect(otps.check('2804195601', 'tx-1', otp)).toBe('expired');
  });

  it('calls an expired code expired only in the transaction it was sent in', () => {
    otps.issue('2804195601', 'tx-1');
    clock += OTP_TTL_MS;
    expect(otps.check('2804195601', 'tx-2', '123456')).toBe('none');
    expect(otps.check('2804195601', 'tx-1', '123456')).toBe('expired');
  });

  it(`refuses a wrong code and forgets the OTP after ${OTP_MAX_ATTEMPTS} wrong tries`, () => {
    const { otp } = otps.issue('2804195601', 'tx-1');
    for (let i = 0; i < OTP_MAX_ATTEMPTS; i++) expect(otps.check('2804195601', 'tx-1', wrong(otp))).toBe('wrong');
    expect(otps.check('2804195601', 'tx-1', otp)).toBe('none');
  });

  it('deletes expired codes when it issues, at most once a second; an expired code kept meanwhile is still refused', () => {
    const stored = () =>
      (db.prepare('SELECT individual_id FROM otps ORDER BY individual_id').all() as { individual_id: string }[]).map(
        (r) => r.individual_id,
      );
    otps.issue('2804195601', 'tx-1'); // sweeps (nothing yet)
    clock += 600;
    const { otp } = otps.issue('2804195602', 'tx-2');
    clock += OTP_TTL_MS - 500; // 2804195601 has expired
    otps.issue('2804195603', 'tx-3'); // sweeps
    expect(stored()).toEqual(['2804195602', '2804195603']);
    clock += 600; // 2804195602 has expired too, but the last sweep was 600 ms ago
    otps.issue('2804195604', 'tx-4');
    expect(stored()).toEqual(['2804195602', '2804195603', '2804195604']);
    expect(otps.check('2804195602', 'tx-2', otp)).toBe('expired');
    clock += 500;
    otps.issue('2804195605', 'tx-5'); // sweeps
    expect(stored()).toEqual(['2804195603', '2804195604', '2804195605']);
  });

  it("binds the code to its individual and transaction; a new code replaces its own transaction's old one", () => {
    const first = otps.issue('2804195601', 'tx-1').otp;
    expect(otps.check('2804195602', 'tx-1', first)).toBe('none');
    expect(otps.check('2804195601', 'tx-2', first)).toBe('none');
    const second = otps.issue('2804195601', 'tx-1').otp;
    if (first !== second) expect(otps.check('2804195601', 'tx-1', first)).toBe('wrong');
    expect(otps.check('2804195601', 'tx-1', second)).toBe('ok');
  });

  it("lets no guess from another transaction use up a code's tries: the victim's code still works after many", () => {
    const { otp } = otps.issue('2804195601', 'tx-victim');
    // Every code, the right one among them: none is the victim's code outside its transaction.
    for (const guess of ['000000', wrong(otp), otp, '999999', wrong(wrong(otp))])
      expect(otps.check('2804195601', 'tx-attacker', guess)).toBe('none');
    const triesLeft = () =>
      (
        db
          .prepare('SELECT attempts_left FROM otps WHERE individual_id = ? AND transaction_id = ?')
          .get('2804195601', 'tx-victim') as { attempts_left: number }
      ).attempts_left;
    expect(triesLeft()).toBe(OTP_MAX_ATTEMPTS);
    expect(otps.check('2804195601', 'tx-victim', wrong(otp))).toBe('wrong');
    expect(triesLeft()).toBe(OTP_MAX_ATTEMPTS - 1);
    expect(otps.check('2804195601', 'tx-victim', otp)).toBe('ok');
  });

  it("keeps a code when another transaction asks for one, and uses up only that one's tries on its wrong guesses", () => {
    const victim = otps.issue('2804195601', 'tx-victim').otp;
    const attacker = otps.issue('2804195601', 'tx-attacker').otp;
    for (let i = 0; i < OTP_MAX_ATTEMPTS; i++)
      expect(otps.check('2804195601', 'tx-attacker', wrong(attacker))).toBe('wrong');
    // Brute force stays bounded: the attacker's own code is gone after its tries, even the right guess fails.
    expect(otps.check('2804195601', 'tx-attacker', attacker)).toBe('none');
    expect(otps.check('2804195601', 'tx-victim', victim)).toBe('ok');
  });

  it('replaces a table of one code per individual (files made before codes were kept per transaction)', () => {
    db.exec('DROP TABLE otps');
    db.exec(
      'CREATE TABLE otps (individual_id TEXT PRIMARY KEY, transaction_id TEXT NOT NULL, hash BLOB NOT NULL, expires_at INTEGER NOT NULL, attempts_left INTEGER NOT NULL)',
    );
    db.close();
    db = openDatabase(ctx.dataDir);
    otps = new OtpManager(db, PluginSecret.load(ctx.dataDir), () => clock);
    const a = otps.issue('2804195601', 'tx-1').otp;
    const b = otps.issue('2804195601', 'tx-2').otp;
    expect(otps.check('2804195601', 'tx-1', a)).toBe('ok');
    expect(otps.check('2804195601', 'tx-2', b)).toBe('ok');
    // A file already in the new shape keeps its codes when opened again.
    const c = otps.issue('2804195601', 'tx-3').otp;
    db.close();
    db = openDatabase(ctx.dataDir);
    otps = new OtpManager(db, PluginSecret.load(ctx.dataDir), () => clock);
    expect(otps.check('2804195601', 'tx-3', c)).toBe('ok');
  });
});
