import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildIsoRecord, grayPng, IsoRecordError, readIsoRecord } from './iso-record.js';

const pixels = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37) & 0xff);
const when = new Date('2026-11-21T10:15:29.123Z');

describe('ISO records', () => {
  it('builds a 19794-4:2011 finger record with its magic, version and lengths', () => {
    const iso = buildIsoRecord({
      type: 'Finger',
      subType: 'Left IndexFinger',
      image: { width: 16, height: 8, data: pixels(128) },
      quality: 80,
      captureTime: when,
    });
    expect(iso.subarray(0, 8).toString('latin1')).toBe('FIR\x00020\x00');
    expect(iso.readUInt32BE(8)).toBe(iso.length);
    expect(iso.readUInt16BE(12)).toBe(1);
    expect(iso.readUInt32BE(15)).toBe(iso.length - 15);
    const r = readIsoRecord(iso);
    expect(r).toMatchObject({
      type: 'Finger',
      subType: 'Left IndexFinger',
      position: 7,
      quality: 80,
      captureTime: when,
    });
    expect(Buffer.from(r.image.data)).toEqual(Buffer.from(pixels(128)));
    expect([r.image.width, r.image.height]).toEqual([16, 8]);
  });

  it('builds iris and face records that read back', () => {
    const iris = buildIsoRecord({
      type: 'Iris',
      subType: 'Right',
      image: { width: 8, height: 4, data: pixels(32) },
      quality: 70,
    });
    expect(iris.subarray(0, 8).toString('latin1')).toBe('IIR\x00020\x00');
    expect(readIsoRecord(iris)).toMatchObject({ type: 'Iris', subType: 'Right', position: 1, quality: 70 });
    const png = grayPng(4, 5, pixels(20));
    const face = buildIsoRecord({ type: 'Face', subType: '', image: { width: 4, height: 5, data: png }, quality: 90 });
    expect(face.subarray(0, 8).toString('latin1')).toBe('FAC\x00030\x00');
    const r = readIsoRecord(face);
    expect(r).toMatchObject({ type: 'Face', quality: 90 });
    expect(Buffer.from(r.image.data)).toEqual(png);
  });

  it('writes a valid PNG', () => {
    const png = grayPng(3, 2, Uint8Array.from([1, 2, 3, 4, 5, 6]));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const idatAt = png.indexOf('IDAT');
    const len = png.readUInt32BE(idatAt - 4);
    expect([...inflateSync(png.subarray(idatAt + 4, idatAt + 4 + len))]).toEqual([0, 1, 2, 3, 0, 4, 5, 6]);
  });

  it('refuses what it cannot read', () => {
    expect(() => readIsoRecord(Buffer.from('FIR\x00010\x00'))).toThrow(IsoRecordError);
    const iso = buildIsoRecord({
      type: 'Finger',
      subType: 'UNKNOWN',
      image: { width: 2, height: 2, data: pixels(4) },
      quality: 50,
    });
    expect(() => readIsoRecord(iso.subarray(0, iso.length - 1))).toThrow(IsoRecordError);
    expect(() => readIsoRecord(Buffer.alloc(3))).toThrow(IsoRecordError);
  });
});
