import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase } from './database.js';
import { ResidentStore } from './resident-store.js';

const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

describe('ResidentStore', () => {
  let dir: string;
  let db: Database.Database;
  let store: ResidentStore;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'residents-'));
    db = openDatabase(dir);
    store = new ResidentStore(db, FAST_SCRYPT);
    await store.create({ individualId: '5550001', pin: '123456', fullName: [{ language: 'eng', value: 'Mey Sok' }], email: 'mey@example.org' });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same validated resident on each read, frozen so no caller can change it for another', () => {
    const first = store.get('5550001')!.resident;
    expect(first.fullName).toEqual([{ language: 'eng', value: 'Mey Sok' }]);
    expect(store.get('5550001')!.resident).toBe(first);
    expect(() => {
      (first as { email?: string }).email = 'changed@example.org';
    }).toThrow(TypeError);
    expect(() => first.fullName!.push({ language: 'khm', value: 'x' })).toThrow(TypeError);
  });

  it('sees a change made through another connection (another server process) at the next read', () => {
    expect(store.get('5550001')!.resident.email).toBe('mey@example.org');
    const other = new Database(path.join(dir, DATABASE_FILE));
    const row = other.prepare<[string], { data: string }>('SELECT data FROM residents WHERE individual_id = ?').get('5550001')!;
    other.prepare('UPDATE residents SET data = ? WHERE individual_id = ?').run(JSON.stringify({ ...JSON.parse(row.data), email: 'new@example.org' }), '5550001');
    other.close();
    expect(store.get('5550001')!.resident.email).toBe('new@example.org');
  });

  it('sees an update and a delete through the store', async () => {
    store.get('5550001');
    await store.update({ individualId: '5550001', email: 'moved@example.org' });
    expect(store.get('5550001')!.resident.email).toBe('moved@example.org');
    expect(store.delete('5550001')).toBe(true);
    expect(store.get('5550001')).toBeUndefined();
  });
});
