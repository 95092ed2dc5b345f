// The capture `sessionKey`: the AES key wrapped for the ID system with RSA-OAEP, SHA-256 as both
// the OAEP hash and the MGF1 hash (Java's default MGF1-SHA-1 is the known interop trap).
import { constants, privateDecrypt, publicEncrypt, X509Certificate, type KeyObject } from 'node:crypto';
import { SbiVerifyError } from './errors.js';

/**
 * Wraps the AES key with the encryption certificate's public key; returns base64url.
 * @example const sessionKey = wrapSessionKey(idaFirCert, key);
 */
export function wrapSessionKey(recipient: X509Certificate | KeyObject, key: Uint8Array): string {
  const publicKey = recipient instanceof X509Certificate ? recipient.publicKey : recipient;
  // Node applies oaepHash to MGF1 as well, which is exactly what the spec asks for.
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key).toString(
    'base64url',
  );
}

/**
 * Unwraps a sessionKey with the ID system's private key; throws ERR_SBI_SESSION_KEY on failure.
 * @example const key = unwrapSessionKey(idaFirPrivateKey, biometric.sessionKey);
 */
export function unwrapSessionKey(privateKey: KeyObject, sessionKey: string): Buffer {
  try {
    return privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(sessionKey, 'base64url'),
    );
  } catch (cause) {
    throw new SbiVerifyError('ERR_SBI_SESSION_KEY', undefined, { cause });
  }
}
