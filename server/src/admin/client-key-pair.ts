// Makes a relying party's key pair for `private_key_jwt`: the private JWK stays with the relying
// party, the public JWK goes into the client registration's `publicKey`.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export const CLIENT_KEY_ALGS = ['ES256', 'ES384', 'ES512', 'EdDSA', 'PS256', 'RS256'] as const;
export type ClientKeyAlg = (typeof CLIENT_KEY_ALGS)[number];

export interface ClientKeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * A fresh signing key pair, both halves carrying `kid` (the RFC 7638 thumbprint), `alg` and `use`.
 * @example const { privateJwk, publicJwk } = await generateClientKeyPair('ES256');
 */
export async function generateClientKeyPair(alg: ClientKeyAlg): Promise<ClientKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
    ...(alg === 'PS256' || alg === 'RS256' ? { modulusLength: 3072 } : {}),
  });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const labels = { kid, alg, use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...labels }, publicJwk: { ...publicJwk, ...labels } };
}
