import { constants, privateDecrypt, randomBytes, webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SbiVerifyError } from './errors.js';
import { unwrapSessionKey, wrapSessionKey } from './session-key.js';
import { createTestCa, issueTestCertificate, type TestKeyPair } from './test-pki.js';

describe('sessionKey wrap/unwrap', () => {
  let enc: TestKeyPair;
  let other: TestKeyPair;
  beforeAll(async () => {
    const ca = await createTestCa({ subject: 'CN=Test ID System CA' });
    enc = await issueTestCertificate(ca, { subject: 'CN=IDA-FIR', use: 'encrypt' });
    other = await issueTestCertificate(ca, { subject: 'CN=Other', use: 'encrypt' });
  });

  it('round-trips a 32-byte key, base64url on the wire', () => {
    const key = randomBytes(32);
    const wrapped = wrapSessionKey(enc.certificate, key);
    expect(wrapped).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(wrapped, 'base64url')).toHaveLength(256);
    expect(unwrapSessionKey(enc.privateKey, wrapped)).toEqual(key);
    expect(unwrapSessionKey(enc.privateKey, wrapSessionKey(enc.certificate.publicKey, key))).toEqual(key);
  });

  it('uses MGF1-SHA-256: WebCrypto RSA-OAEP/SHA-256 (same hash for MGF1) decrypts it', async () => {
    const key = randomBytes(32);
    const wrapped = Buffer.from(wrapSessionKey(enc.certificate, key), 'base64url');
    const pkcs8 = enc.privateKey.export({ type: 'pkcs8', format: 'der' });
    const ck = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, [
      'decrypt',
    ]);
    expect(Buffer.from(await webcrypto.subtle.decrypt({ name: 'RSA-OAEP' }, ck, wrapped))).toEqual(key);
  });

  it('is not readable as OAEP with SHA-1 (the Java default trap)', () => {
    const wrapped = Buffer.from(wrapSessionKey(enc.certificate, randomBytes(32)), 'base64url');
    expect(() =>
      privateDecrypt({ key: enc.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, wrapped),
    ).toThrow();
  });

  it('fails with ERR_SBI_SESSION_KEY under the wrong key or on garbage', () => {
    const wrapped = wrapSessionKey(enc.certificate, randomBytes(32));
    for (const [k, v] of [
      [other.privateKey, wrapped],
      [enc.privateKey, 'AAAA'],
    ] as const) {
      try {
        unwrapSessionKey(k, v);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SbiVerifyError);
        expect((e as SbiVerifyError).code).toBe('ERR_SBI_SESSION_KEY');
      }
    }
  });
});
