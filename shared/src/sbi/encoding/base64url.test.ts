// The browser-safe base64 codecs against Node's Buffer, which they replace.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlJson, base64urlOf, bytesFromBase64, jsonFromBase64, standardBase64Of } from './base64url.js';

describe('base64 without Buffer', () => {
  it('agrees with Buffer in both alphabets, padded or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const buf = Buffer.from(bytes);
        expect(base64urlOf(bytes)).toBe(buf.toString('base64url'));
        expect(standardBase64Of(bytes)).toBe(buf.toString('base64'));
        expect(bytesFromBase64(buf.toString('base64'))).toEqual(new Uint8Array(buf));
        expect(bytesFromBase64(buf.toString('base64url'))).toEqual(new Uint8Array(buf));
      }),
    );
  });
  it('round-trips JSON through UTF-8 and refuses what is not base64 or not UTF-8 JSON', () => {
    const value = { name: 'ដារ៉ា', n: [1, 2] };
    expect(jsonFromBase64(base64urlJson(value))).toEqual(value);
    expect(base64urlJson(value)).toBe(Buffer.from(JSON.stringify(value)).toString('base64url'));
    expect(() => bytesFromBase64('a b')).toThrow(TypeError);
    expect(() => jsonFromBase64(Buffer.from([0xff, 0xfe]).toString('base64url'))).toThrow();
    expect(() => jsonFromBase64(base64urlOf('not json'))).toThrow(SyntaxError);
  });
});
