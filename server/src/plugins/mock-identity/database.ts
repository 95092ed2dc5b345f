// Opens the plugin's SQLite file (`<dataDir>/mock-identity.sqlite`, WAL) and creates its tables:
// residents (demographics as JSON, secrets only as scrypt hashes), biometric templates, pending OTPs, KYC tokens.
import path from 'node:path';
import Database from 'better-sqlite3';

export const DATABASE_FILE = 'mock-identity.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS residents (
  individual_id TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  pin_hash TEXT NOT NULL,
  password_hash TEXT,
  knowledge_hashes TEXT NOT NULL DEFAULT '{}',
  updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS otps (
  individual_id TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  hash BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts_left INTEGER NOT NULL,
  PRIMARY KEY (individual_id, transaction_id));
CREATE TABLE IF NOT EXISTS kyc_tokens (
  token_hash TEXT PRIMARY KEY,
  individual_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL);
-- Every sign-in drops the expired tokens: without an index that is a scan of all live tokens.
CREATE INDEX IF NOT EXISTS kyc_tokens_expiry ON kyc_tokens (expires_at);
CREATE INDEX IF NOT EXISTS otps_expiry ON otps (expires_at);
CREATE TABLE IF NOT EXISTS bio_templates (
  individual_id TEXT NOT NULL,
  bio_type TEXT NOT NULL,
  sub_type TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  pixels BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (individual_id, bio_type, sub_type));
CREATE TRIGGER IF NOT EXISTS residents_drop_templates AFTER DELETE ON residents
  BEGIN DELETE FROM bio_templates WHERE individual_id = old.individual_id; END;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * Files made before codes were kept per transaction have one OTP row per individual: that table is
 * dropped (its codes live 3 minutes; a resident mid-sign-in at the upgrade asks for a new one).
 */
function dropOtpsKeyedByIndividualOnly(db: Database.Database): void {
  const columns = db.pragma('table_info(otps)') as { name: string; pk: number }[];
  if (columns.length > 0 && !columns.some((c) => c.name === 'transaction_id' && c.pk > 0)) db.exec('DROP TABLE otps');
}

export function openDatabase(dataDir: string): Database.Database {
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  dropOtpsKeyedByIndividualOnly(db);
  db.exec(SCHEMA);
  return db;
}
