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

  it('binds the code to its individual and transaction; a new code replaces the old', () => {
    const first = otps.issue('2804195601', 'tx-1').otp;
    expect(otps.check('2804195602', 'tx-1', first)).toBe('none');
    expect(otps.check('2804195601', 'tx-2', first)).toBe('wrong');
    const second = otps.issue('2804195601', 'tx-1').otp;
    if (first !== second) expect(otps.check('2804195601', 'tx-1', first)).toBe('wrong');
    expect(otps.check('2804195601', 'tx-1', second)).toBe('ok');
  });
});
