// Opens the plugin's SQLite file (`<dataDir>/mock-identity.sqlite`, WAL) and creates its tables:
// residents (demographics as JSON, secrets only as scrypt hashes), pending OTPs, KYC tokens.
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
  individual_id TEXT PRIMARY KEY,
  transaction_id TEXT NOT NULL,
  hash BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts_left INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kyc_tokens (
  token_hash TEXT PRIMARY KEY,
  individual_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export function openDatabase(dataDir: string): Database.Database {
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}
