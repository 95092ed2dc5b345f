// Check 7: every capture was made for this sign-in: its `transactionId` equals the SBI
// transaction id eSignet derives from the transaction id (shared/src/sbi/transaction-id.ts).
import { transactionIdIssue } from '@signet-kiosk/shared/sbi';
import { bioFailure, nth, type CheckContext, type SignedCapture } from './check-context.js';

/** Throws bio_transaction_mismatch. */
export function checkTransactionId(captures: SignedCapture[], ctx: Pick<CheckContext, 'sbiTransactionId'>): void {
  for (const c of captures) {
    if (transactionIdIssue(c.data.transactionId, ctx.sbiTransactionId)) {
      throw bioFailure(
        'bio_transaction_mismatch',
        `${nth(c.index)} was made for SBI transaction ${JSON.stringify(c.data.transactionId.slice(0, 60))}, not this sign-in's.`,
      );
    }
  }
}
