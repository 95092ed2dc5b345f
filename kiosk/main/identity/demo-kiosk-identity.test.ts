// The demo kiosk's key is taken only in demo mode with its folder named, is the key the demo server
// wrote (it signs what the public key verifies), and its absence says to start the demo server.
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKioskIdentity, demoKioskKeyDir } from './demo-kiosk-identity.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'demo-kiosk-key-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const SOURCES = { packaged: false };

describe('demoKioskKeyDir', () => {
  it('names the folder only in demo mode with SIGNET_KIOSK_DEMO_KEY_DIR set', () => {
    expect(demoKioskKeyDir({ SIGNET_DEMO: '1', SIGNET_KIOSK_DEMO_KEY_DIR: '/srv/data/demo-kiosk' }, SOURCES)).toBe(
      '/srv/data/demo-kiosk',
    );
    expect(demoKioskKeyDir({ SIGNET_DEMO: 'TRUE', SIGNET_KIOSK_DEMO_KEY_DIR: 'data/demo-kiosk' }, SOURCES)).toBe(
      path.resolve('data/demo-kiosk'),
    );
    expect(demoKioskKeyDir({ SIGNET_KIOSK_DEMO_KEY_DIR: '/srv/data/demo-kiosk' }, SOURCES)).toBeUndefined();
    expect(
      demoKioskKeyDir({ SIGNET_DEMO: '0', SIGNET_KIOSK_DEMO_KEY_DIR: '/srv/data/demo-kiosk' }, SOURCES),
    ).toBeUndefined();
    expect(demoKioskKeyDir({ SIGNET_DEMO: '1' }, SOURCES)).toBeUndefined();
  });

  it('never in a packaged kiosk: its environment cannot swap its sealed key for a plain file', () => {
    expect(
      demoKioskKeyDir({ SIGNET_DEMO: '1', SIGNET_KIOSK_DEMO_KEY_DIR: '/srv/data/demo-kiosk' }, { packaged: true }),
    ).toBeUndefined();
  });
});

describe('demoKioskIdentity', () => {
  it('is the key pair the demo server wrote, kept as plain files', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = 'demo-kiosk-2026-12-07';
    const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
    await writeFile(path.join(dir, 'kiosk-key.public.jwk.json'), JSON.stringify({ kty, crv, x, y, kid }));
    await writeFile(
      path.join(dir, 'kiosk-key.private.jwk.json'),
      JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' }),
    );
    const identity = await demoKioskIdentity(dir);
    expect(identity).toMatchObject({ keyProtection: 'plain-file', created: false, publicJwk: { kid, x, y } });
    const signature = sign('sha256', Buffer.from('demo'), identity.privateKey);
    expect(verify('sha256', Buffer.from('demo'), publicKey, signature)).toBe(true);
  });

  it('says to start the demo server when its key is not there', async () => {
    await expect(demoKioskIdentity(path.join(dir, 'missing'))).rejects.toMatchObject({
      code: 'identity_unavailable',
      message: expect.stringContaining('start the demo server first'),
    });
  });
});
