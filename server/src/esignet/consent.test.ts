import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from './constant-time.js';
import { consentRequestHash } from '../oidc/consent.js';
import { sortKeysDeep } from './oauth-details.js';

describe('consentRequestHash', () => {
  it('ignores order and duplicates, and changes when a claim moves or a scope is added', () => {
    const base = consentRequestHash({
      essentialClaims: ['email', 'name'],
      voluntaryClaims: ['phone_number', 'gender'],
      authorizeScopes: [],
    });
    expect(
      consentRequestHash({
        essentialClaims: ['name', 'email', 'name'],
        voluntaryClaims: ['gender', 'phone_number'],
        authorizeScopes: [],
      }),
    ).toBe(base);
    expect(
      consentRequestHash({
        essentialClaims: ['email'],
        voluntaryClaims: ['name', 'phone_number', 'gender'],
        authorizeScopes: [],
      }),
    ).not.toBe(base);
    expect(
      consentRequestHash({
        essentialClaims: ['email', 'name'],
        voluntaryClaims: ['phone_number', 'gender'],
        authorizeScopes: ['x'],
      }),
    ).not.toBe(base);
  });
});

describe('sortKeysDeep', () => {
  it('sorts keys at every depth and keeps array order', () => {
    const sorted = sortKeysDeep({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } });
    expect(JSON.stringify(sorted)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('constantTimeEqual', () => {
  it('compares strings of any length', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
