// bioValue encryption for CAPTURE: AES-256-GCM under a fresh 32-byte session key, with AAD and IV
// derived from the capture's timestamp XOR transactionId; the wire value is base64url(ct ‖ tag).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SbiVerifyError } from './errors.js';

const TAG_LENGTH = 16;
const AAD_LENGTH = 16;
const IV_LENGTH = 12;
export const SESSION_KEY_LENGTH = 32;

/**
 * AAD and IV for a capture: left-pad the shorter of utf8(timestamp) and utf8(transactionId) with
 * 0x00, XOR them, take the last 16 bytes (AAD) and the last 12 bytes (IV).
 * @example deriveAadIv('2024-01-01T10:00:00Z', 'ABCDEF1234').iv.toString('hex') // '30311573737e75760b02036e'
 */
export function deriveAadIv(timestamp: string, transactionId: string): { aad: Buffer; iv: Buffer } {
  const a = Buffer.from(timestamp, 'utf8');
  const b = Buffer.from(transactionId, 'utf8');
  const n = Math.max(a.length, b.length);
  if (n < AAD_LENGTH)
    throw new RangeError(`timestamp and transactionId give ${n} bytes; at least ${AAD_LENGTH} are needed`);
  const x = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    const ai = i - (n - a.length);
    const bi = i - (n - b.length);
    x[i] = (ai >= 0 ? a[ai]! : 0) ^ (bi >= 0 ? b[bi]! : 0);
  }
  return { aad: x.subarray(n - AAD_LENGTH), iv: x.subarray(n - IV_LENGTH) };
}

export interface EncryptedBioValue {
  /** base64url(ciphertext ‖ 16-byte tag), the `data.bioValue` of a capture. */
  bioValue: string;
  /** The 32-byte AES key, to be wrapped into `sessionKey`. */
  key: Buffer;
}

/**
 * Encrypts an ISO record for a capture response. `key` defaults to 32 fresh random bytes.
 * @example const { bioValue, key } = encryptBioValue(iso, { timestamp, transactionId });
 */
export function encryptBioValue(
  iso: Uint8Array,
  ctx: { timestamp: string; transactionId: string; key?: Uint8Array },
): EncryptedBioValue {
  const key = ctx.key ? Buffer.from(ctx.key) : randomBytes(SESSION_KEY_LENGTH);
  if (key.length !== SESSION_KEY_LENGTH) throw new RangeError(`session key must be ${SESSION_KEY_LENGTH} bytes`);
  const { aad, iv } = deriveAadIv(ctx.timestamp, ctx.transactionId);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(iso), cipher.final(), cipher.getAuthTag()]);
  return { bioValue: ct.toString('base64url'), key };
}

/**
 * Decrypts a capture's bioValue back to the ISO record; throws ERR_SBI_DECRYPT_FAILED when the
 * key, timestamp or transactionId is wrong or the value was altered.
 * @example const iso = decryptBioValue(data.bioValue, { key, timestamp: data.timestamp, transactionId: data.transactionId });
 */
export function decryptBioValue(
  bioValue: string,
  ctx: { key: Uint8Array; timestamp: string; transactionId: string },
): Buffer {
  // Node's base64url decoder also accepts the standard alphabet and padding.
  const raw = Buffer.from(bioValue, 'base64url');
  if (raw.length < TAG_LENGTH || ctx.key.length !== SESSION_KEY_LENGTH)
    throw new SbiVerifyError('ERR_SBI_DECRYPT_FAILED');
  try {
    const { aad, iv } = deriveAadIv(ctx.timestamp, ctx.transactionId);
    const decipher = createDecipheriv('aes-256-gcm', ctx.key, iv, { authTagLength: TAG_LENGTH });
    decipher.setAAD(aad);
    decipher.setAuthTag(raw.subarray(raw.length - TAG_LENGTH));
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - TAG_LENGTH)), decipher.final()]);
  } catch (cause) {
    throw new SbiVerifyError('ERR_SBI_DECRYPT_FAILED', undefined, { cause });
  }
}
