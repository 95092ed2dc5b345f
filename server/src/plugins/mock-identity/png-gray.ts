// Reads the 8-bit greyscale PNG inside a face record (19794-5 allows only compressed images) back
// to raw pixels for the matcher: non-interlaced, colour type 0, any of the five row filters.
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Larger images are refused before inflating (no decompression bombs). */
const MAX_PIXELS = 4096 * 4096;

export class PngError extends Error {}

/** Paeth predictor (PNG specification, filter type 4). */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes an 8-bit greyscale, non-interlaced PNG; throws PngError on anything else.
 * @example const { width, height, pixels } = decodeGrayPng(record.image.data);
 */
export function decodeGrayPng(png: Uint8Array): { width: number; height: number; pixels: Buffer } {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (b.length < 8 || !b.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG file');
  let o = 8;
  let header: { width: number; height: number } | undefined;
  const idat: Buffer[] = [];
  while (o + 8 <= b.length) {
    const length = b.readUInt32BE(o);
    const type = b.toString('latin1', o + 4, o + 8);
    const data = b.subarray(o + 8, o + 8 + length);
    if (data.length !== length || o + 12 + length > b.length) throw new PngError(`PNG chunk ${type} truncated`);
    o += 12 + length; // length, type, data, CRC
    if (type === 'IHDR') {
      if (length !== 13) throw new PngError('bad IHDR');
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || colour !== 0 || interlace !== 0)
        throw new PngError('only 8-bit greyscale non-interlaced PNG is read');
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4) };
      if (header.width === 0 || header.height === 0 || header.width * header.height > MAX_PIXELS)
        throw new PngError('PNG size out of range');
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
  }
  if (!header || idat.length === 0) throw new PngError('PNG without IHDR or IDAT');
  const { width, height } = header;
  const stride = width + 1;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: stride * height });
  } catch (cause) {
    throw new PngError('PNG image data does not inflate', { cause });
  }
  if (raw.length !== stride * height) throw new PngError('PNG image data has the wrong size');
  const pixels = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * stride]!;
    const row = y * width;
    const prior = row - width;
    for (let x = 0; x < width; x++) {
      const v = raw[y * stride + 1 + x]!;
      const a = x > 0 ? pixels[row + x - 1]! : 0;
      const up = y > 0 ? pixels[prior + x]! : 0;
      const c = x > 0 && y > 0 ? pixels[prior + x - 1]! : 0;
      let out: number;
      switch (filter) {
        case 0:
          out = v;
          break;
        case 1:
          out = v + a;
          break;
        case 2:
          out = v + up;
          break;
        case 3:
          out = v + ((a + up) >> 1);
          break;
        case 4:
          out = v + paeth(a, up, c);
          break;
        default:
          throw new PngError(`unknown PNG row filter ${filter}`);
      }
      pixels[row + x] = out & 0xff;
    }
  }
  return { width, height, pixels };
}
