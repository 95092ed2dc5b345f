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
    await store.create({
      individualId: '5550001',
      pin: '123456',
      fullName: [{ language: 'eng', value: 'Mey Sok' }],
      email: 'mey@example.org',
    });
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
    const row = other
      .prepare<[string], { data: string }>('SELECT data FROM residents WHERE individual_id = ?')
      .get('5550001')!;
    other
      .prepare('UPDATE residents SET data = ? WHERE individual_id = ?')
      .run(JSON.stringify({ ...JSON.parse(row.data), email: 'new@example.org' }), '5550001');
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

  it('does not keep residents with large rows (photos): each read parses afresh', async () => {
    const photo = 'A'.repeat(20_000);
    await store.create({
      individualId: '5550002',
      pin: '123456',
      fullName: [{ language: 'eng', value: 'Dara Photo' }],
      encodedPhoto: photo,
    });
    const first = store.get('5550002')!.resident;
    const second = store.get('5550002')!.resident;
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(second.encodedPhoto).toBe(photo);
  });

  it('keeps at most the 1,000 most recently read residents', () => {
    const row = db
      .prepare<[string], { data: string; pin_hash: string }>(
        'SELECT data, pin_hash FROM residents WHERE individual_id = ?',
      )
      .get('5550001')!;
    const insert = db.prepare(
      'INSERT INTO residents (individual_id, data, pin_hash, knowledge_hashes, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    const ids = Array.from({ length: 1000 }, (_, i) => `6${String(i).padStart(6, '0')}`);
    db.transaction(() => {
      for (const id of ids)
        insert.run(id, JSON.stringify({ ...JSON.parse(row.data), individualId: id }), row.pin_hash, '{}', 0);
    })();
    const kept = store.get('5550001')!.resident;
    const oldest = store.get(ids[0]!)!.resident;
    for (const id of ids.slice(1)) store.get(id);
    // 1,001 residents read: 5550001 was read least recently and has been let go; the others stay.
    expect(store.get(ids[0]!)!.resident).toBe(oldest);
    expect(store.get('5550001')!.resident).not.toBe(kept);
    expect(store.get('5550001')!.resident).toEqual(kept);
  });
});
