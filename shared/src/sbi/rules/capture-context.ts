// What a capture must carry for the request it answers: the transaction id it was made for, and a
// purpose, domain and environment the caller allows — exactly what it asked (the bridge) or one
// of its allow-lists (the server).
import type { RuleIssue } from './category.js';

export type TransactionIdIssue = RuleIssue<'transaction-id'> & { found: string; expected: string };
export type AllowedValueIssue = RuleIssue<'purpose' | 'domain' | 'env'> & { found: string; allowed: readonly string[] };

/**
 * The issue when the capture's transactionId is not the one expected.
 * @example transactionIdIssue(data.transactionId, request.transactionId)
 */
export function transactionIdIssue(found: string, expected: string): TransactionIdIssue | undefined {
  return found === expected ? undefined : { rule: 'transaction-id', category: 'transaction', found, expected };
}

const allowedValue =
  (rule: AllowedValueIssue['rule']) =>
  (found: string, allowed: readonly string[]): AllowedValueIssue | undefined =>
    allowed.includes(found) ? undefined : { rule, category: rule, found, allowed };

/**
 * The issue when the capture's purpose is not allowed (authentication allows Auth only).
 * @example purposeIssue(data.purpose, ['Auth'])
 */
export const purposeIssue = allowedValue('purpose');

/**
 * The issue when the capture's domainUri is not allowed.
 * @example domainIssue(data.domainUri, policy.domainUris)
 */
export const domainIssue = allowedValue('domain');

/**
 * The issue when the device's environment is not allowed.
 * @example envIssue(data.env, [request.env])
 */
export const envIssue = allowedValue('env');
