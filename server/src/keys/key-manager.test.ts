import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compactVerify, importJWK, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteRegistry } from '../stores/sqlite-registry.js';
import { KeyEncryptionKey } from './key-encryption-key.js';
import { KeyManager } from './key-manager.js';

const open: SqliteRegistry[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

function setup(dir = mkdtempSync(path.join(tmpdir(), 'signet-keys-'))) {
  const registry = new SqliteRegistry(path.join(dir, 'registry.sqlite'));
  open.push(registry);
  const kek = KeyEncryptionKey.load(dir);
  return { dir, registry, kek, keys: new KeyManager(registry, kek, ['ES256', 'RS256', 'PS256'], 900) };
}

describe('KeyManager', () => {
  it('generates one key per algorithm, kept encrypted at rest, with a 0600 KEK file', async () => {
    const { dir, keys, registry } = setup();
    await keys.init();
    const jwks = keys.jwks().keys;
    expect(jwks.map((k) => k.alg).sort()).toEqual(['ES256', 'PS256', 'RS256']);
    for (const k of jwks) expect(k).toMatchObject({ use: 'sig' });
    const stored = await registry.keys.list();
    for (const k of stored) {
      expect(k.encryptedPrivateJwk.split('.')).toHaveLength(5);
      expect(k.encryptedPrivateJwk).not.toContain('"d"');
    }
    expect(statSync(path.join(dir, 'kek.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, 'registry.sqlite')).includes(Buffer.from('"d":'))).toBe(false);
  });

  it('keeps the same keys across restarts', async () => {
    const first = setup();
    await first.keys.init();
    const kid = first.keys.signingKey('ES256').kid;
    await first.registry.close();
    open.length = 0;
    const again = setup(first.dir);
    await again.keys.init();
    expect(again.keys.signingKey('ES256').kid).toBe(kid);
  });

  it('rotates: the new key signs, the old one stays published and verifies', async () => {
    const { keys } = setup();
    await keys.init();
    const old = keys.signingKey('ES256');
    const token = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'ES256', kid: old.kid }).sign(old.privateKey);
    const [fresh] = await keys.rotate('ES256');
    expect(keys.signingKey('ES256').kid).toBe(fresh);
    const published = keys.jwks().keys;
    expect(published.map((k) => k.kid)).toEqual(expect.arrayContaining([old.kid, fresh]));
    const oldJwk = published.find((k) => k.kid === old.kid)!;
    await expect(compactVerify(token, await importJWK(oldJwk, 'ES256'))).resolves.toBeTruthy();
  });

  it('drops a retired key once every token it signed has expired', async () => {
    const { keys, registry } = setup();
    await keys.init();
    const old = keys.signingKey('RS256').kid;
    await keys.rotate('RS256');
    await registry.keys.retire(old, new Date(0).toISOString(), new Date(1000).toISOString());
    await keys.reload();
    expect(keys.jwks().keys.map((k) => k.kid)).not.toContain(old);
  });
});
