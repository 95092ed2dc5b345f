// SBI transaction ids: the pattern devices enforce (error 112), and how eSignet derives the SBI
// transactionId it expects in captures from its own (much longer) transaction id.

/** What a device accepts in `transactionId`; anything else is error 112. */
export const SBI_TRANSACTION_ID_PATTERN = /^[A-Za-z0-9-]{4,50}$/;

/** Length of the SBI transaction id eSignet derives. */
export const ESIGNET_SBI_TRANSACTION_ID_LENGTH = 10;

/**
 * eSignet's derivation: drop `-` and `_`, then read characters backwards from the end, wrapping
 * round to the end again when the id is short, until there are 10.
 * @example esignetSbiTransactionId('abc-def_ghijkl') // 'lkjihgfedc'
 * @example esignetSbiTransactionId('a_b-c') // 'cbacbacbac'
 */
export function esignetSbiTransactionId(transactionId: string): string {
  const chars = [...transactionId.replace(/[-_]/g, '')];
  if (chars.length === 0) throw new RangeError('transaction id has no characters besides - and _');
  let out = '';
  for (let i = 0; i < ESIGNET_SBI_TRANSACTION_ID_LENGTH; i++) {
    out += chars[chars.length - 1 - (i % chars.length)];
  }
  return out;
}
