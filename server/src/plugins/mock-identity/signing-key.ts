// The plugin's ES256 key that signs userinfo: generated on first start and kept as a private JWK
// file in the data folder (mode 0600); its public half, with kid/use/alg, goes in the server's JWKS.
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export const SIGNING_KEY_FILE = 'mock-identity-signing-key.json';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** `{kty, crv, x, y, kid, use: 'sig', alg: 'ES256'}` */
  publicJwk: JWK;
}

/** Loads `<dataDir>/mock-identity-signing-key.json`, generating it on first start. */
export async function loadSigningKey(dataDir: string): Promise<SigningKey> {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    jwk.kid = await calculateJwkThumbprint(jwk);
    try {
      writeFileSync(file, JSON.stringify({ ...jwk, use: 'sig', alg: 'ES256' }) + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process started at the same moment and won: use its key.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d || !jwk.kid)
    throw new Error(`${file}: not a P-256 private JWK with a kid`);
  const privateKey = (await importJWK(jwk, 'ES256')) as CryptoKey;
  const { kty, crv, x, y, kid } = jwk;
  return { kid, privateKey, publicJwk: { kty, crv, x, y, kid, use: 'sig', alg: 'ES256' } };
}
