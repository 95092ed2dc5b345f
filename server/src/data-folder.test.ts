import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { closeContext, createContext } from './server.js';

const mode = (file: string) => statSync(file).mode & 0o777;
const databaseFiles = (dir: string) => readdirSync(dir).filter((f) => /\.sqlite(-wal|-shm)?$/.test(f));

describe('the data folder', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is made private at start, with its databases (server and plugin, -wal and -shm too) 0600, even when it was world-readable', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-data-'));
    dirs.push(dataDir);
    const config = loadConfig({}, { dataDir, port: 0, logLevel: 'silent' });
    const open = () => createContext(config, { logger: pino({ level: 'silent' }) });
    await closeContext(await open());
    // As a folder made by hand (or by an older version) under umask 022 would be.
    chmodSync(dataDir, 0o755);
    for (const f of databaseFiles(dataDir)) chmodSync(path.join(dataDir, f), 0o644);

    const ctx = await open();
    try {
      expect(mode(dataDir)).toBe(0o700);
      const files = databaseFiles(dataDir);
      expect(files).toEqual(
        expect.arrayContaining([
          'registry.sqlite',
          'registry.sqlite-wal',
          'registry.sqlite-shm',
          'mock-identity.sqlite',
          'mock-identity.sqlite-wal',
        ]),
      );
      for (const f of files) expect(mode(path.join(dataDir, f)), f).toBe(0o600);
    } finally {
      await closeContext(ctx);
    }
  });

  it('needs no umask for WAL files made later: SQLite gives them the mode of their database', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-data-'));
    dirs.push(dataDir);
    const file = path.join(dataDir, 'later.sqlite');
    new Database(file).close();
    chmodSync(file, 0o600);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    db.close();
  });
});
