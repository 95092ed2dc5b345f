import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@signet-kiosk/shared/esignet';
import { createTestCa } from '@signet-kiosk/shared/sbi/crypto';
import { DuplicateClientError } from './registry.js';
import { SqliteRegistry } from './sqlite-registry.js';

const open: SqliteRegistry[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

function registry(file = path.join(mkdtempSync(path.join(tmpdir(), 'signet-registry-')), 'registry.sqlite')) {
  const r = new SqliteRegistry(file);
  open.push(r);
  return { r, file };
}

const now = new Date().toISOString();
const client = (id: string, name = 'RP'): Client => ({
  clientId: id,
  clientName: name,
  clientNameLangMap: {},
  publicKey: {
    kty: 'EC',
    crv: 'P-256',
    x: 'KLo86GsL1-cXI7f2tVj3bNdYwOoQTspcjxsS5EkUxjM',
    y: 'xJm2smXXYIym_qubvYu_O4eatXaLOZcvxurHzhaA5hc',
  },
  relyingPartyId: 'rp',
  userClaims: ['name'],
  authContextRefs: ['mosip:idp:acr:static-code'],
  logoUri: 'https://rp.example.org/logo.png',
  redirectUris: ['https://rp.example.org/cb'],
  grantTypes: ['authorization_code'],
  clientAuthMethods: ['private_key_jwt'],
  additionalConfig: {
    userinfo_response_type: 'JWS',
    consent_expire_in_mins: 0,
    require_pushed_authorization_requests: false,
    dpop_bound_access_tokens: false,
    require_pkce: true,
  },
  status: 'ACTIVE',
  createdAt: now,
  updatedAt: now,
});

describe('SqliteRegistry clients', () => {
  it('creates, reads, updates and deletes, and the read cache follows every write', async () => {
    const { r } = registry();
    expect(await r.clients.get('rp-a')).toBeUndefined();
    await r.clients.create(client('rp-a'));
    expect((await r.clients.get('rp-a'))?.clientName).toBe('RP');
    await r.clients.update({ ...client('rp-a'), clientName: 'Renamed' });
    expect((await r.clients.get('rp-a'))?.clientName).toBe('Renamed');
    expect(await r.clients.delete('rp-a')).toBe(true);
    expect(await r.clients.get('rp-a')).toBeUndefined();
    await expect(r.clients.create(client('rp-b'))).resolves.toBeUndefined();
    await expect(r.clients.create(client('rp-b'))).rejects.toBeInstanceOf(DuplicateClientError);
  });

  it('keeps everything across a reopen of the file', async () => {
    const { r, file } = registry();
    await r.clients.create(client('kept', 'Kept RP'));
    await r.close();
    open.length = 0;
    const again = registry(file).r;
    expect((await again.clients.get('kept'))?.clientName).toBe('Kept RP');
    expect((await again.clients.list()).map((c) => c.clientId)).toEqual(['kept']);
  });
});

describe('SqliteRegistry biometric trust', () => {
  it('reads a file made before device binding: its device-provider CAs bind by certificate subject, FTM CAs not at all', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'signet-registry-')), 'registry.sqlite');
    const old = new Database(file);
    old.exec(
      'CREATE TABLE trusted_cas (kind TEXT NOT NULL, env TEXT NOT NULL, fingerprint TEXT NOT NULL, pem TEXT NOT NULL, added_at TEXT NOT NULL, PRIMARY KEY (kind, env, fingerprint))',
    );
    old
      .prepare('INSERT INTO trusted_cas VALUES (?, ?, ?, ?, ?)')
      .run('device-provider', 'Production', 'AA', 'pem', now);
    old.prepare('INSERT INTO trusted_cas VALUES (?, ?, ?, ?, ?)').run('ftm', 'Production', 'BB', 'pem', now);
    old.close();
    const { r } = registry(file);
    expect((await r.trustedCas.list()).map((c) => [c.kind, c.deviceBinding])).toEqual([
      ['device-provider', 'certificate-subject'],
      ['ftm', null],
    ]);
    await r.close();
    open.splice(0);
    const again = registry(file).r;
    expect((await again.trustedCas.list()).map((c) => c.deviceBinding)).toEqual(['certificate-subject', null]);
  });

  it('gives the device-provider CAs of a file made before providers were recorded the provider their subject’s O names', async () => {
    const [named, nameless] = await Promise.all([
      createTestCa({ subject: 'CN=Acme Device CA, O=Acme Biometrics' }),
      createTestCa({ subject: 'CN=Nameless Device CA' }),
    ]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'signet-registry-')), 'registry.sqlite');
    const old = new Database(file);
    old.exec(
      'CREATE TABLE trusted_cas (kind TEXT NOT NULL, env TEXT NOT NULL, fingerprint TEXT NOT NULL, pem TEXT NOT NULL, added_at TEXT NOT NULL, device_binding TEXT, PRIMARY KEY (kind, env, fingerprint))',
    );
    const insert = old.prepare('INSERT INTO trusted_cas VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('device-provider', 'Production', 'AA', named.certificate.toString(), now, 'registered-devices');
    insert.run('device-provider', 'Staging', 'BB', nameless.certificate.toString(), now, 'certificate-subject');
    insert.run('ftm', 'Production', 'CC', named.certificate.toString(), now, null);
    old.close();
    const { r } = registry(file);
    const expected = [
      ['device-provider', 'Production', 'registered-devices', 'Acme Biometrics'],
      ['device-provider', 'Staging', 'certificate-subject', null],
      ['ftm', 'Production', null, null],
    ];
    expect((await r.trustedCas.list()).map((c) => [c.kind, c.env, c.deviceBinding, c.deviceProvider])).toEqual(
      expected,
    );
    await r.close();
    open.splice(0);
    expect(
      (await registry(file).r.trustedCas.list()).map((c) => [c.kind, c.env, c.deviceBinding, c.deviceProvider]),
    ).toEqual(expected);
  });

  it('keeps registered devices by provider and serial number, once each', async () => {
    const { r } = registry();
    const device = {
      deviceProvider: 'Acme',
      serialNo: 'A-1',
      type: 'Finger' as const,
      certificateSha256: 'AB',
      spkiSha256: null,
      addedAt: now,
    };
    expect(await r.registeredDevices.insert(device)).toBe(true);
    expect(await r.registeredDevices.insert({ ...device, type: 'Iris' })).toBe(false);
    expect(await r.registeredDevices.insert({ ...device, deviceProvider: 'Other' })).toBe(true);
    expect(await r.registeredDevices.list()).toEqual([device, { ...device, deviceProvider: 'Other' }]);
    expect(await r.registeredDevices.delete('Acme', 'A-1')).toBe(true);
    expect(await r.registeredDevices.delete('Acme', 'A-1')).toBe(false);
  });
});
