import { describe, expect, it } from 'vitest';
import { decodeBioChallenge, encodeBioChallenge } from './bio-challenge.js';

const item = { specVersion: '0.9.5', data: 'a.b.c', hash: 'AB', sessionKey: 'k-_', thumbprint: 'CD' };

describe('BIO challenge', () => {
  it('drops errors and round-trips through base64url', () => {
    const c = encodeBioChallenge([{ ...item, error: { errorCode: '0', errorInfo: 'Success' } }]);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeBioChallenge(c)).toEqual([item]);
  });
  it('reads the standard base64 the eSignet UI writes', () => {
    // Characters chosen so that the standard alphabet's + and / appear.
    const items = [{ ...item, data: '>>>???' }];
    const std = Buffer.from(JSON.stringify(items)).toString('base64');
    expect(std).toMatch(/[+/]/);
    expect(decodeBioChallenge(std)).toEqual(items);
  });
  it('returns undefined for anything else', () => {
    expect(decodeBioChallenge('not base64!')).toBeUndefined();
    expect(decodeBioChallenge(Buffer.from('[]').toString('base64'))).toBeUndefined();
    expect(decodeBioChallenge(Buffer.from('{"a":1}').toString('base64'))).toBeUndefined();
    expect(decodeBioChallenge(Buffer.from('nope').toString('base64'))).toBeUndefined();
  });
  it('refuses to encode an empty or failed capture', () => {
    expect(() => encodeBioChallenge([])).toThrow();
    expect(() => encodeBioChallenge([{ ...item, data: '' }])).toThrow();
  });
});
