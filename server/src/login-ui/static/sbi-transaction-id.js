// eSignet's SBI transaction id, as its login UI derives it from the (much longer) transaction id
// for CAPTURE: a port of shared/src/sbi/transaction-id.ts (test/browser/login-ui-bio.test.ts keeps
// the two in agreement). Plain ES module, no build step.

/** Length eSignet uses when configs carry no `auth.txnid.length`. */
export const SBI_TRANSACTION_ID_LENGTH = 10;

/**
 * Drop `-` and `_`, then read characters backwards from the end, wrapping round to the end again
 * when the id is short, until there are `length`.
 * @example sbiTransactionId('abc-def_ghijkl') // 'lkjihgfedc'
 */
export function sbiTransactionId(transactionId, length = SBI_TRANSACTION_ID_LENGTH) {
  const chars = [...String(transactionId).replace(/[-_]/g, '')];
  if (chars.length === 0) throw new RangeError('transaction id has no characters besides - and _');
  let out = '';
  for (let i = 0; i < length; i++) out += chars[chars.length - 1 - (i % chars.length)];
  return out;
}
