// The SQLite registry's kiosks, on real files: a kiosk and its client are stored together or not at
// all, operators are kept in the order set, and everything survives reopening the file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@signet-kiosk/shared/esignet';
import type { Kiosk } from '@signet-kiosk/shared/kiosk';
import { DuplicateClientError, DuplicateKioskError } from './registry.js';
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
const publicJwk = {
  kty: 'EC',
  crv: 'P-256',
  x: 'KLo86GsL1-cXI7f2tVj3bNdYwOoQTspcjxsS5EkUxjM',
  y: 'xJm2smXXYIym_qubvYu_O4eatXaLOZcvxurHzhaA5hc',
} as const;

const kiosk = (kioskId: string, operators: string[] = []): Kiosk => ({
  kioskId,
  name: `Kiosk ${kioskId}`,
  publicJwk,
  clientId: `kiosk-${kioskId}`,
  redirectUris: ['http://127.0.0.1:3300/operator/callback'],
  enabled: true,
  operators,
  registeredAt: now,
});

const client = (clientId: string): Client => ({
  clientId,
  clientName: 'Kiosk',
  clientNameLangMap: {},
  publicKey: { ...publicJwk, alg: 'ES256', use: 'sig' },
  relyingPartyId: clientId,
  userClaims: [],
  authContextRefs: ['mosip:idp:acr:static-code'],
  logoUri: 'https://id.example.org/favicon.ico',
  redirectUris: ['http://127.0.0.1:3300/operator/callback'],
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

describe('SqliteRegistry kiosks', () => {
  it('stores a kiosk with its client, lists and reads both back after reopening the file', async () => {
    const { r, file } = registry();
    await r.kiosks.create(kiosk('post-office', ['2804195602', '2804195601']), client('kiosk-post-office'));
    await r.kiosks.create(kiosk('market'), client('kiosk-market'));
    await r.close();
    open.pop();
    const { r: again } = registry(file);
    expect(await again.kiosks.get('post-office')).toEqual(kiosk('post-office', ['2804195602', '2804195601']));
    expect((await again.kiosks.list()).map((k) => k.kioskId)).toEqual(['market', 'post-office']);
    expect((await again.clients.get('kiosk-market'))?.publicKey).toMatchObject(publicJwk);
    expect(await again.kiosks.get('nowhere')).toBeUndefined();
  });

  it('refuses a duplicate kiosk id, and a kiosk whose client id is taken, storing neither half', async () => {
    const { r } = registry();
    await r.kiosks.create(kiosk('post-office'), client('kiosk-post-office'));
    // Registering the same kiosk again is a duplicate kiosk, though its client id is taken too.
    await expect(r.kiosks.create(kiosk('post-office'), client('kiosk-post-office'))).rejects.toBeInstanceOf(
      DuplicateKioskError,
    );
    await expect(r.kiosks.create(kiosk('post-office'), client('kiosk-other'))).rejects.toBeInstanceOf(
      DuplicateKioskError,
    );
    expect(await r.clients.get('kiosk-other')).toBeUndefined();
    // A taken client id: the kiosk row inserted first must be rolled back.
    await r.clients.create(client('kiosk-taken'));
    await expect(r.kiosks.create(kiosk('taken'), client('kiosk-taken'))).rejects.toBeInstanceOf(DuplicateClientError);
    expect(await r.kiosks.get('taken')).toBeUndefined();
  });

  it('disables and enables a kiosk together with its client', async () => {
    const { r } = registry();
    await r.kiosks.create(kiosk('post-office'), client('kiosk-post-office'));
    await r.clients.get('kiosk-post-office'); // fills the client cache, which setEnabled must drop
    expect(await r.kiosks.setEnabled('post-office', false)).toBe(true);
    expect((await r.kiosks.get('post-office'))?.enabled).toBe(false);
    expect((await r.clients.get('kiosk-post-office'))?.status).toBe('INACTIVE');
    expect(await r.kiosks.setEnabled('post-office', true)).toBe(true);
    expect((await r.kiosks.get('post-office'))?.enabled).toBe(true);
    expect((await r.clients.get('kiosk-post-office'))?.status).toBe('ACTIVE');
    expect(await r.kiosks.setEnabled('nowhere', false)).toBe(false);
  });

  it('replaces a kiosk and its client together; an unknown kiosk changes nothing', async () => {
    const { r } = registry();
    await r.kiosks.create(kiosk('post-office', ['1']), client('kiosk-post-office'));
    await r.clients.get('kiosk-post-office');
    const moved = { ...kiosk('post-office', ['2']), redirectUris: ['http://127.0.0.1:3301/operator/callback'] };
    const movedClient = { ...client('kiosk-post-office'), redirectUris: moved.redirectUris };
    expect(await r.kiosks.update(moved, movedClient)).toBe(true);
    expect(await r.kiosks.get('post-office')).toEqual(moved);
    expect((await r.clients.get('kiosk-post-office'))?.redirectUris).toEqual(moved.redirectUris);
    expect(await r.kiosks.update(kiosk('nowhere'), client('kiosk-nowhere'))).toBe(false);
    expect(await r.kiosks.get('nowhere')).toBeUndefined();
    expect(await r.clients.get('kiosk-nowhere')).toBeUndefined();
  });

  it('sets, adds and removes operators, in the order given, each kiosk its own list', async () => {
    const { r } = registry();
    await r.kiosks.create(kiosk('a', ['1']), client('kiosk-a'));
    await r.kiosks.create(kiosk('b', ['1']), client('kiosk-b'));
    expect(await r.kiosks.setOperators('a', ['3', '2'])).toBe(true);
    expect((await r.kiosks.get('a'))?.operators).toEqual(['3', '2']);
    expect(await r.kiosks.addOperator('a', '4')).toBe(true);
    expect(await r.kiosks.addOperator('a', '3')).toBe(true);
    expect((await r.kiosks.get('a'))?.operators).toEqual(['3', '2', '4']);
    expect(await r.kiosks.removeOperator('a', '2')).toBe(true);
    expect(await r.kiosks.removeOperator('a', '2')).toBe(false);
    expect((await r.kiosks.get('a'))?.operators).toEqual(['3', '4']);
    expect((await r.kiosks.get('b'))?.operators).toEqual(['1']);
    expect(await r.kiosks.setOperators('a', [])).toBe(true);
    expect((await r.kiosks.get('a'))?.operators).toEqual([]);
    expect(await r.kiosks.setOperators('nowhere', ['1'])).toBe(false);
    expect(await r.kiosks.addOperator('nowhere', '1')).toBe(false);
  });
});
