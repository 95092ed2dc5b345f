// The capture-context rules: the transaction id echoed, purpose, domain and env among those allowed.
import { describe, expect, it } from 'vitest';
import { domainIssue, envIssue, purposeIssue, transactionIdIssue } from './capture-context.js';

describe('capture context rules', () => {
  it('wants the exact transaction id', () => {
    expect(transactionIdIssue('aB3dE5fG7h', 'aB3dE5fG7h')).toBeUndefined();
    expect(transactionIdIssue('ab3de5fg7h', 'aB3dE5fG7h')).toEqual({
      rule: 'transaction-id',
      category: 'transaction',
      found: 'ab3de5fg7h',
      expected: 'aB3dE5fG7h',
    });
  });

  it('wants purpose, domain and env among those allowed, exactly', () => {
    expect(purposeIssue('Auth', ['Auth'])).toBeUndefined();
    expect(purposeIssue('Registration', ['Auth'])).toEqual({
      rule: 'purpose',
      category: 'purpose',
      found: 'Registration',
      allowed: ['Auth'],
    });
    expect(domainIssue('https://id.example.org', ['https://other.example', 'https://id.example.org'])).toBeUndefined();
    expect(domainIssue('https://id.example.org/', ['https://id.example.org'])).toMatchObject({
      rule: 'domain',
      category: 'domain',
    });
    expect(envIssue('Developer', ['Developer', 'Staging'])).toBeUndefined();
    expect(envIssue('developer', ['Developer'])).toMatchObject({ rule: 'env', category: 'env', found: 'developer' });
  });
});
