// The plugin's own secret, a 32-byte file in the data folder (mode 0600) created on first start,
// from which it derives the keys that make subject ids and OTP hashes unguessable.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SECRET_FILE = 'mock-identity.secret';

export class PluginSecret {
  private readonly subjectKey: Buffer;
  private readonly otpKey: Buffer;
  private readonly decoyKey: Buffer;

  private constructor(secret: Buffer) {
    this.subjectKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'mock-identity subject id', 32));
    this.otpKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'mock-identity otp', 32));
    this.decoyKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'mock-identity decoy contact', 32));
  }

  /** Reads `<dataDir>/mock-identity.secret`, creating it (0600) if missing. */
  static load(dataDir: string): PluginSecret {
    const file = path.join(dataDir, SECRET_FILE);
    try {
      writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (secret.length !== 32) throw new Error(`${file}: must hold 32 bytes in base64url`);
    return new PluginSecret(secret);
  }

  /** The stable id of a resident: HMAC-SHA256 of the individual id, base64url. */
  subjectId(individualId: string): string {
    return createHmac('sha256', this.subjectKey).update(individualId).digest('base64url');
  }

  /** The stored form of an OTP, bound to the individual and the server's transaction. */
  otpHash(individualId: string, transactionId: string, otp: string): Buffer {
    return createHmac('sha256', this.otpKey).update(`${individualId}\0${transactionId}\0${otp}`).digest();
  }

  /** 32 bytes, stable per individual id and channel, from which decoy mask digits are taken (otp-masks.ts). */
  decoySeed(individualId: string, channel: string): Buffer {
    return createHmac('sha256', this.decoyKey).update(`${individualId}\0${channel}`).digest();
  }
}
