// Loads @peculiar/x509 once, on first use: it resolves its parts through tsyringe, which needs the
// Reflect metadata API, and it signs and verifies through node's WebCrypto.
import { webcrypto } from 'node:crypto';

type X509Library = typeof import('@peculiar/x509');
let loading: Promise<X509Library> | undefined;

/**
 * The library, ready to parse and make certificates.
 * @example const { X509Certificate, BasicConstraintsExtension } = await loadX509Library();
 */
export function loadX509Library(): Promise<X509Library> {
  loading ??= (async () => {
    await import('reflect-metadata');
    const lib = await import('@peculiar/x509');
    lib.cryptoProvider.set(webcrypto as unknown as Crypto);
    return lib;
  })();
  return loading;
}
