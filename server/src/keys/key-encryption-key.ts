// The key-encryption key (KEK) that protects signing keys and secrets at rest: from config, else
// a file in the data folder created with mode 0600 on first start. Wrapping is a compact JWE
// (dir + A256GCM) made by jose.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CompactEncrypt, compactDecrypt } from 'jose';

export class KeyEncryptionKey {
  private constructor(private readonly key: Uint8Array) {}

  /** The KEK from configuration (base64url) or data/kek.key, created if missing. */
  static load(dataDir: string, configured?: string): KeyEncryptionKey {
    if (configured) return new KeyEncryptionKey(Buffer.from(configured, 'base64url'));
    const file = path.join(dataDir, 'kek.key');
    if (!existsSync(file)) {
      writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    }
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (key.length !== 32) throw new Error(`${file}: must hold 32 bytes in base64url`);
    return new KeyEncryptionKey(key);
  }

  async wrap(plaintext: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(this.key);
  }

  async unwrap(jwe: string): Promise<string> {
    const { plaintext } = await compactDecrypt(jwe, this.key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    return new TextDecoder().decode(plaintext);
  }
}
