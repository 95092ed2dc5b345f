// Test servers start fast: residents hashed at a cheap cost, and the run's keys copied in instead
// of RSA keys generated at every start (test-data-template.ts), each server in its own folder.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../plugins/mock-identity/database.js';
import { startTestServer, type TestServer } from './start-test-server.js';

const kids = (server: TestServer): string[] =>
  server.ctx.keys
    .jwks()
    .keys.map((k) => k.kid!)
    .sort();

describe('startTestServer', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startTestServer(), startTestServer()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("starts every server on the run's keys, each in a folder of its own", () => {
    expect(kids(a)).toHaveLength(4);
    expect(kids(b)).toEqual(kids(a));
    expect(b.config.dataDir).not.toBe(a.config.dataDir);
  });

  it('hashes the demo residents at the cheap test cost', () => {
    const db = new Database(path.join(a.config.dataDir, DATABASE_FILE), { readonly: true });
    try {
      const hashes = db.prepare('SELECT pin_hash FROM residents').pluck().all() as string[];
      expect(hashes.length).toBeGreaterThan(0);
      for (const hash of hashes) expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    } finally {
      db.close();
    }
  });

  it('makes its own keys when a test chooses the signing algorithms', async () => {
    const own = await startTestServer({ signing: { defaultAlg: 'RS256', algs: ['RS256'] } });
    try {
      expect(own.ctx.keys.supportedAlgs()).toEqual(['RS256']);
      expect(kids(own).filter((kid) => kids(a).includes(kid))).toEqual([]);
    } finally {
      await own.close();
    }
  });
});
