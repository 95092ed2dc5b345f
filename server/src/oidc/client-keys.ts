// Imported client public keys (signing and encryption), cached per server so hot paths do not
// import a JWK on every request; the JWK itself is part of the cache key, so a re-registered
// key is never served from cache.
import { importJWK, type CryptoKey } from 'jose';
import type { Client, PublicJwk } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';

const caches = new WeakMap<ServerContext, Map<string, { version: string; key: CryptoKey }>>();

/**
 * The client's registered key for `use`, imported for `alg`.
 * @example const key = await clientKey(ctx, client, 'sig', 'ES256');
 */
export async function clientKey(
  ctx: ServerContext,
  client: Client,
  use: 'sig' | 'enc',
  alg: string,
): Promise<CryptoKey> {
  const jwk: PublicJwk | undefined = use === 'sig' ? client.publicKey : client.encPublicKey;
  if (!jwk) throw new Error(`client ${client.clientId} has no ${use} key`);
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new Map()));
  const id = `${use}|${client.clientId}`;
  const version = `${alg}|${JSON.stringify(jwk)}`;
  const cached = cache.get(id);
  if (cached && cached.version === version) return cached.key;
  const key = (await importJWK({ ...jwk }, alg)) as CryptoKey;
  if (cache.size > 10_000) cache.clear();
  cache.set(id, { version, key });
  return key;
}
