// Base64 text ⇄ bytes and JSON for the browser-safe SBI modules (no Node Buffer): jose's base64url
// codec, which runs the same in Node and in browsers, behind readers that take either alphabet —
// devices and eSignet's UI write standard base64 where the spec says base64url.
import { base64url } from 'jose';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes of base64 or base64url text, padded or not; throws TypeError when it is neither.
 * @example bytesFromBase64('+/8') // Uint8Array [0xfb, 0xff]
 */
export function bytesFromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) throw new TypeError('not base64 text');
  return base64url.decode(text.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_'));
}

/**
 * Unpadded base64url of bytes, or of a string's UTF-8.
 * @example base64urlOf('{"a":1}') // 'eyJhIjoxfQ'
 */
export function base64urlOf(value: Uint8Array | string): string {
  return base64url.encode(value);
}

/**
 * Standard base64 (padded) of bytes, as x5c and PEM carry certificates.
 * @example standardBase64Of(new Uint8Array([0xfb, 0xff])) // '+/8='
 */
export function standardBase64Of(bytes: Uint8Array): string {
  const url = base64url.encode(bytes).replaceAll('-', '+').replaceAll('_', '/');
  return url + '='.repeat((4 - (url.length % 4)) % 4);
}

/**
 * JSON in base64url, as SBI carries unsigned digitalIds and eSignet BIO challenges.
 * @example base64urlJson({ a: 1 }) // 'eyJhIjoxfQ'
 */
export function base64urlJson(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

/**
 * The JSON value in base64 or base64url text (strict UTF-8); throws when it is none.
 * @example jsonFromBase64('eyJhIjoxfQ') // { a: 1 }
 */
export function jsonFromBase64(text: string): unknown {
  return JSON.parse(utf8.decode(bytesFromBase64(text)));
}
