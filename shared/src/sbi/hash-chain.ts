// The SBI hash chain: h_i = SHA-256(prev_i ‖ SHA-256(isoBytes_i)), prev_0 = SHA-256("") or the
// client's previousHash; each biometric carries UPPERCASE_HEX(h_i).
import { createHash, timingSafeEqual } from 'node:crypto';
import { SbiVerifyError } from './errors.js';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** SHA-256 of the empty string, the chain's start. */
export const EMPTY_SHA256_HEX = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';

/** The raw 32-byte starting link for a `previousHash` (empty or null → SHA-256("")). */
export function chainStart(previousHash?: string | null): Buffer {
  if (previousHash === undefined || previousHash === null || previousHash === '') return sha256();
  if (!/^[0-9A-Fa-f]{64}$/.test(previousHash))
    throw new SbiVerifyError('ERR_SBI_HASH_MALFORMED', JSON.stringify(previousHash));
  return Buffer.from(previousHash, 'hex');
}

/**
 * One link: the hash of `isoBytes` chained after `previous` (raw bytes); returns raw bytes.
 * @example chainLink(chainStart(''), iso).toString('hex').toUpperCase()
 */
export function chainLink(previous: Uint8Array, isoBytes: Uint8Array): Buffer {
  return sha256(previous, sha256(isoBytes));
}

/**
 * The `hash` values for records captured in order, starting after `previousHash`.
 * @example hashChain([iso1, iso2]) // ['31346C41…', 'DC371CE8…']
 */
export function hashChain(isoRecords: readonly Uint8Array[], previousHash?: string | null): string[] {
  let prev = chainStart(previousHash);
  return isoRecords.map((iso) => {
    prev = chainLink(prev, iso);
    return prev.toString('hex').toUpperCase();
  });
}

/**
 * Re-walks a submitted array as validators do; throws ERR_SBI_HASH_MISMATCH naming the first
 * bad index. Hex case of the submitted hashes is not significant.
 */
export function verifyHashChain(
  items: readonly { isoBytes: Uint8Array; hash: string }[],
  previousHash?: string | null,
): void {
  let prev = chainStart(previousHash);
  items.forEach((item, i) => {
    if (!/^[0-9A-Fa-f]{64}$/.test(item.hash)) throw new SbiVerifyError('ERR_SBI_HASH_MALFORMED', `at index ${i}`);
    prev = chainLink(prev, item.isoBytes);
    if (!timingSafeEqual(prev, Buffer.from(item.hash, 'hex')))
      throw new SbiVerifyError('ERR_SBI_HASH_MISMATCH', `at index ${i}`);
  });
}
