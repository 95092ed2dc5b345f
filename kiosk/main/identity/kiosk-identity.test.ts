// The kiosk key is made once and reused, sealed when a keystore is available, and its registration
// request is what the shared schema (and so the server) accepts.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compactVerify, CompactSign, importJWK } from 'jose';
import { encode } from 'uqr';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskIdentityViewSchema, KioskRegistrationRequestSchema } from '@signet-kiosk/shared/kiosk';
import { KIOSK_OPERATOR_REDIRECT_URI } from '../config/kiosk-config.js';
import {
  identityViewOf,
  KIOSK_KEY_FILES,
  loadOrCreateKioskIdentity,
  NO_KEYSTORE,
  osKeystoreSealer,
  registrationRequestOf,
  type SecretSealer,
} from './kiosk-identity.js';

/** A software keystore (AES-256-GCM under a key of its own), standing in for the OS one Electron uses. */
function aesSealer(key = randomBytes(32)): SecretSealer {
  return {
    isEncryptionAvailable: () => true,
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-identity-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the kiosk key', () => {
  it('is made on first run, sealed, and the same key is used on every later run', async () => {
    const sealer = aesSealer();
    const first = await loadOrCreateKioskIdentity(dir, sealer);
    expect(first).toMatchObject({ created: true, keyProtection: 'os-keystore' });
    expect(first.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    const again = await loadOrCreateKioskIdentity(dir, sealer);
    expect(again.created).toBe(false);
    expect(again.publicJwk).toEqual(first.publicJwk);

    const sealed = await readFile(path.join(dir, KIOSK_KEY_FILES.sealed));
    expect(sealed.toString('latin1')).not.toContain('"d"');
    expect((await stat(path.join(dir, KIOSK_KEY_FILES.sealed))).mode & 0o777).toBe(0o600);
    await expect(stat(path.join(dir, KIOSK_KEY_FILES.plain))).rejects.toThrow();
    const publicFile = JSON.parse(await readFile(path.join(dir, KIOSK_KEY_FILES.public), 'utf8')) as object;
    expect(publicFile).toEqual(first.publicJwk);
  });

  it('signs with the private half of the public key it reports', async () => {
    const { privateKey, publicJwk } = await loadOrCreateKioskIdentity(dir, aesSealer());
    const jws = await new CompactSign(new TextEncoder().encode('kiosk'))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey);
    const { payload } = await compactVerify(jws, await importJWK(publicJwk, 'ES256'));
    expect(new TextDecoder().decode(payload)).toBe('kiosk');
  });

  it('is made once when two starts race', async () => {
    const sealer = aesSealer();
    const both = await Promise.all([loadOrCreateKioskIdentity(dir, sealer), loadOrCreateKioskIdentity(dir, sealer)]);
    expect(both[0].publicJwk).toEqual(both[1].publicJwk);
    expect(both.filter((i) => i.created)).toHaveLength(1);
  });

  it('is kept in a file only its owner reads where no keystore is available, and says so', async () => {
    const identity = await loadOrCreateKioskIdentity(dir, NO_KEYSTORE);
    expect(identity.keyProtection).toBe('plain-file');
    expect((await stat(path.join(dir, KIOSK_KEY_FILES.plain))).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateKioskIdentity(dir, NO_KEYSTORE)).publicJwk).toEqual(identity.publicJwk);
  });

  it('is identity_unavailable, never replaced, when the keystore cannot unseal it', async () => {
    const made = await loadOrCreateKioskIdentity(dir, aesSealer());
    await expect(loadOrCreateKioskIdentity(dir, aesSealer())).rejects.toMatchObject({ code: 'identity_unavailable' });
    const sealed = await readFile(path.join(dir, KIOSK_KEY_FILES.public), 'utf8');
    expect(JSON.parse(sealed)).toEqual(made.publicJwk);
  });
});

describe('osKeystoreSealer', () => {
  const storage = (backend: string) => ({ ...aesSealer(), getSelectedStorageBackend: () => backend });

  it("counts Linux's fixed-password fallback as no keystore: the key is kept as a plain file and said so", async () => {
    expect(osKeystoreSealer(storage('basic_text'), 'linux').isEncryptionAvailable()).toBe(false);
    expect(osKeystoreSealer(storage('unknown'), 'linux').isEncryptionAvailable()).toBe(false);
    const identity = await loadOrCreateKioskIdentity(dir, osKeystoreSealer(storage('basic_text'), 'linux'));
    expect(identity.keyProtection).toBe('plain-file');
  });

  it('counts a keyring on Linux, and the OS keystore elsewhere', () => {
    expect(osKeystoreSealer(storage('gnome_libsecret'), 'linux').isEncryptionAvailable()).toBe(true);
    expect(osKeystoreSealer(storage('kwallet6'), 'linux').isEncryptionAvailable()).toBe(true);
    expect(osKeystoreSealer(aesSealer(), 'win32').isEncryptionAvailable()).toBe(true);
    expect(
      osKeystoreSealer({ ...aesSealer(), isEncryptionAvailable: () => false }, 'darwin').isEncryptionAvailable(),
    ).toBe(false);
  });
});

describe('the registration request', () => {
  it('is valid by the shared schema, carries the public key only, and its QR encodes it', async () => {
    const identity = await loadOrCreateKioskIdentity(dir, aesSealer());
    const request = registrationRequestOf(
      identity,
      { kioskId: 'central-post', name: 'Kiosk at Central Post Office', redirectUris: [KIOSK_OPERATOR_REDIRECT_URI] },
      new Date('2026-12-07T01:00:00Z'),
    );
    expect(KioskRegistrationRequestSchema.parse(request)).toEqual(request);
    expect(request).toMatchObject({ publicJwk: identity.publicJwk, createdAt: '2026-12-07T01:00:00.000Z' });
    expect(JSON.stringify(request)).not.toContain('"d"');

    const view = KioskIdentityViewSchema.parse(await identityViewOf(identity, request));
    expect(JSON.parse(view.registrationRequest)).toEqual(request);
    expect(view.keyThumbprint).toBe(identity.publicJwk.kid);
    const { size } = encode(view.registrationRequest, { ecc: 'M', border: 4 });
    expect(view.registrationQrSvg).toContain(`viewBox="0 0 ${size * 4} ${size * 4}"`);
  });

  it('is refused for a kiosk id the server would refuse', async () => {
    const identity = await loadOrCreateKioskIdentity(dir, aesSealer());
    expect(() =>
      registrationRequestOf(identity, {
        kioskId: 'Central Post!',
        name: 'x',
        redirectUris: [KIOSK_OPERATOR_REDIRECT_URI],
      }),
    ).toThrow();
  });
});
