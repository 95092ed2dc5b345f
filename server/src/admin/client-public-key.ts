// Checks a client's registered JWK is a usable public key for its purpose: jose imports it (so
// WebCrypto checks the curve point or modulus), it is strong enough, and its type, `alg` and
// `use` fit — verifying the client's assertions (`publicKey`) or encrypting userinfo to it
// (`encPublicKey`). The zod schema only checks the shape.
import type { webcrypto } from 'node:crypto';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { PublicJwk } from '@signet-kiosk/shared/esignet';
import { EsignetError } from '../errors.js';

export type KeyPurpose = 'sig' | 'enc';

const RSA_SIGNING = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const RSA_ENCRYPTION = ['RSA-OAEP-256', 'RSA-OAEP', 'RSA-OAEP-384', 'RSA-OAEP-512'];
const ECDH = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'];

/** Per key type (`RSA`, or `kty:crv`): the algs it may carry, the first being the default. */
const ALGS: Record<KeyPurpose, Record<string, string[]>> = {
  sig: {
    RSA: RSA_SIGNING,
    'EC:P-256': ['ES256'],
    'EC:P-384': ['ES384'],
    'EC:P-521': ['ES512'],
    'OKP:Ed25519': ['EdDSA', 'Ed25519'],
  },
  enc: {
    RSA: RSA_ENCRYPTION,
    'EC:P-256': ECDH,
    'EC:P-384': ECDH,
    'EC:P-521': ECDH,
    'OKP:X25519': ECDH,
  },
};

const MIN_RSA_BITS = 2048;
// Verifying with larger keys costs the token endpoint real CPU for no gain.
const MAX_RSA_BITS = 8192;

const PURPOSE_NAME: Record<KeyPurpose, string> = { sig: 'signing', enc: 'encryption' };

/**
 * Throws EsignetError('invalid_public_key') unless `jwk` is a public key usable for `purpose`.
 * @example await checkPublicKey(request.publicKey, 'sig', 'publicKey');
 */
export async function checkPublicKey(jwk: PublicJwk, purpose: KeyPurpose, field: string): Promise<void> {
  const fail = (why: string): never => {
    throw new EsignetError('invalid_public_key', `${field}: ${why}`);
  };
  const type = jwk.kty === 'RSA' ? 'RSA' : `${jwk.kty}:${jwk.crv ?? ''}`;
  const allowed = ALGS[purpose][type];
  if (!allowed) {
    fail(
      `a ${type} key cannot be used for ${PURPOSE_NAME[purpose]}; use one of ${Object.keys(ALGS[purpose]).join(', ')}`,
    );
    return;
  }
  if (jwk.use !== undefined && jwk.use !== purpose)
    fail(`"use" must be "${purpose}" for a ${PURPOSE_NAME[purpose]} key`);
  if (jwk.alg !== undefined && !allowed.includes(jwk.alg))
    fail(`"alg" ${jwk.alg} does not fit a ${type} ${PURPOSE_NAME[purpose]} key (allowed: ${allowed.join(', ')})`);
  const alg = jwk.alg ?? allowed[0]!;

  let key: Awaited<ReturnType<typeof importJWK>>;
  try {
    key = await importJWK(jwk as JWK, alg);
  } catch (e) {
    return fail(`not a valid ${type} key: ${(e as Error).message}`);
  }
  if (key instanceof Uint8Array || key.type !== 'public') fail('must be a public key');
  if (jwk.kty === 'RSA') checkRsaStrength(key as CryptoKey, fail);
}

function checkRsaStrength(key: CryptoKey, fail: (why: string) => never): void {
  const { modulusLength, publicExponent } = key.algorithm as webcrypto.RsaHashedKeyAlgorithm;
  if (modulusLength < MIN_RSA_BITS) fail(`RSA key of ${modulusLength} bits is too short (at least ${MIN_RSA_BITS})`);
  if (modulusLength > MAX_RSA_BITS) fail(`RSA key of ${modulusLength} bits is too long (at most ${MAX_RSA_BITS})`);
  // WebCrypto accepts e = 1, which makes "encryption" and "signatures" the identity.
  const e = publicExponent.reduce((acc, byte) => acc * 256n + BigInt(byte), 0n);
  if (e < 3n || e % 2n === 0n) fail('RSA public exponent must be odd and at least 3');
}
