import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { grayPng } from '@signet-kiosk/shared/sbi/crypto';
import { syntheticPixels } from '@signet-kiosk/shared/sbi/testing';
import { decodeGrayPng, PngError } from './png-gray.js';

/** Re-encodes a greyscale PNG with one row filter throughout (grayPng writes filter 0 only). */
function withFilter(width: number, height: number, pixels: Uint8Array, filter: number): Buffer {
  const png = grayPng(width, height, pixels);
  const raw = Buffer.alloc((width + 1) * height);
  const at = (x: number, y: number) => (x < 0 || y < 0 ? 0 : pixels[y * width + x]!);
  const paeth = (a: number, b: number, c: number) => {
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  };
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = filter;
    for (let x = 0; x < width; x++) {
      const [a, b, c] = [at(x - 1, y), at(x, y - 1), at(x - 1, y - 1)];
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter]!;
      raw[y * (width + 1) + 1 + x] = (at(x, y) - predictor) & 0xff;
    }
  }
  // Signature and IHDR (8 + 25 bytes) from grayPng, then our IDAT and an IEND (CRCs are not checked).
  const idat = deflateSync(raw);
  const chunk = (type: string, data: Buffer) =>
    Buffer.concat([Buffer.alloc(4), Buffer.from(type), data, Buffer.alloc(4)]);
  const idatChunk = chunk('IDAT', idat);
  idatChunk.writeUInt32BE(idat.length, 0);
  return Buffer.concat([png.subarray(0, 33), idatChunk, chunk('IEND', Buffer.alloc(0))]);
}

describe('decodeGrayPng', () => {
  const pixels = syntheticPixels('r1', 'Face', '');

  it('reads back what grayPng wrote, and every row filter', () => {
    expect(decodeGrayPng(grayPng(32, 40, pixels))).toEqual({ width: 32, height: 40, pixels });
    for (const filter of [0, 1, 2, 3, 4])
      expect(decodeGrayPng(withFilter(32, 40, pixels, filter)).pixels, `filter ${filter}`).toEqual(pixels);
  });

  it('refuses what is not an 8-bit greyscale PNG', () => {
    const png = grayPng(32, 40, pixels);
    expect(() => decodeGrayPng(Buffer.from('JFIF not a png'))).toThrow(PngError);
    const rgb = Buffer.from(png);
    rgb[8 + 8 + 9] = 2; // colour type RGB
    expect(() => decodeGrayPng(rgb)).toThrow(/greyscale/);
    expect(() => decodeGrayPng(png.subarray(0, 40))).toThrow(PngError);
    const huge = Buffer.from(png);
    huge.writeUInt32BE(100_000, 16);
    expect(() => decodeGrayPng(huge)).toThrow(/size/);
  });
});
