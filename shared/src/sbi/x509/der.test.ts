// The DER reader's strictness: definite, minimal lengths inside the parent; OIDs and times as DER
// writes them; everything else a DerError.
import { describe, expect, it } from 'vitest';
import { children, DER, DerError, readDer, readOid, readSmallInteger, readString, readTime } from './der.js';

const node = (...bytes: number[]) => readDer(Uint8Array.from(bytes), 0, bytes.length);
const ascii = (tag: number, text: string) => node(tag, text.length, ...[...text].map((c) => c.charCodeAt(0)));

describe('DER reader', () => {
  it('reads lengths in short and long form, and refuses indefinite, non-minimal or overlong ones', () => {
    expect(node(0x04, 0x01, 0xaa)).toMatchObject({ tag: 0x04, contentStart: 2, end: 3 });
    const long = readDer(Uint8Array.from([0x04, 0x81, 0x80, ...new Array<number>(0x80).fill(0)]), 0, 0x83);
    expect(long.end).toBe(0x83);
    expect(() => node(0x30, 0x80, 0x00, 0x00)).toThrow(DerError);
    expect(() => node(0x04, 0x81, 0x01, 0xaa)).toThrow(/non-minimal/);
    expect(() => node(0x04, 0x82, 0x00, 0x81)).toThrow(DerError);
    expect(() => node(0x04, 0x02, 0xaa)).toThrow(/past its parent/);
    expect(() => node(0x1f, 0x01, 0x00)).toThrow(/high tag/);
    expect(() => children(node(0x30, 0x03, 0x04, 0x02, 0xaa))).toThrow(DerError);
  });

  it('reads OIDs, small integers and both kinds of time', () => {
    expect(readOid(node(DER.OID, 0x03, 0x55, 0x04, 0x03))).toBe('2.5.4.3');
    expect(readOid(node(DER.OID, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b))).toBe(
      '1.2.840.113549.1.1.11',
    );
    expect(() => readOid(node(DER.OID, 0x02, 0x55, 0x84))).toThrow(DerError);
    expect(readSmallInteger(node(DER.INTEGER, 0x01, 0x00))).toBe(0);
    expect(() => readSmallInteger(node(DER.INTEGER, 0x01, 0x80))).toThrow(DerError);
    expect(readTime(ascii(DER.UTC_TIME, '491231235959Z')).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(readTime(ascii(DER.UTC_TIME, '500101000000Z')).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(readTime(ascii(DER.GENERALIZED_TIME, '20510102030405Z')).toISOString()).toBe('2051-01-02T03:04:05.000Z');
    for (const bad of ['491231235959', '490231235959Z', '4912312359+0Z'])
      expect(() => readTime(ascii(DER.UTC_TIME, bad))).toThrow(DerError);
  });

  it('reads a megabyte-long string, and refuses a megabyte-long time with a DerError: no spread of the bytes into arguments', () => {
    const size = 1 << 20;
    const bytes = new Uint8Array(5 + size).fill(0x41);
    bytes.set([DER.PRINTABLE_STRING, 0x83, size >> 16, (size >> 8) & 0xff, size & 0xff]);
    expect(readString(readDer(bytes, 0, bytes.length))).toHaveLength(size);
    bytes.set([DER.BMP_STRING], 0);
    expect(readString(readDer(bytes, 0, bytes.length))).toHaveLength(size / 2);
    bytes.set([DER.UTC_TIME], 0);
    expect(() => readTime(readDer(bytes, 0, bytes.length))).toThrow(DerError);
  });
});
