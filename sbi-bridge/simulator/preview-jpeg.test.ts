import { describe, expect, it } from 'vitest';
import { previewFrame, tileJpeg } from './preview-jpeg.js';

/** Marker segments of a JPEG up to the scan: [marker, body]. */
function segments(jpeg: Buffer): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  let o = 2;
  while (o < jpeg.length) {
    expect(jpeg[o]).toBe(0xff);
    const marker = jpeg[o + 1]!;
    const len = jpeg.readUInt16BE(o + 2);
    out.push([marker, jpeg.subarray(o + 4, o + 2 + len)]);
    o += 2 + len;
    if (marker === 0xda) break;
  }
  return out;
}

// Decoding was checked once against Pillow (exact grey levels per tile); here, the structure.
describe('preview JPEG', () => {
  it('is a baseline greyscale JPEG of the tile grid', () => {
    const jpeg = tileJpeg([
      [0, 255, 128],
      [255, 0, 17],
    ]);
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    const segs = segments(jpeg);
    expect(segs.map(([m]) => m)).toEqual([0xdb, 0xc0, 0xc4, 0xc4, 0xda]);
    const sof = segs[1]![1];
    expect([sof.readUInt16BE(1), sof.readUInt16BE(3), sof[5]]).toEqual([16, 24, 1]);
  });
  it('stuffs 0xFF bytes in the scan', () => {
    const jpeg = tileJpeg(
      Array.from({ length: 8 }, (_, r) => Array.from({ length: 8 }, (_, c) => ((r * 8 + c) * 97) % 256)),
    );
    const scanStart =
      jpeg.indexOf(Buffer.from([0xff, 0xda])) + 2 + jpeg.readUInt16BE(jpeg.indexOf(Buffer.from([0xff, 0xda])) + 2);
    const scan = jpeg.subarray(scanStart, jpeg.length - 2);
    for (let i = 0; i < scan.length; i++) if (scan[i] === 0xff) expect(scan[i + 1]).toBe(0x00);
  });
  it('moves from frame to frame', () => {
    expect(previewFrame(0).equals(previewFrame(1))).toBe(false);
    expect(previewFrame(0).equals(previewFrame(8))).toBe(true);
  });
  it('refuses ragged grids', () => {
    expect(() => tileJpeg([])).toThrow(RangeError);
    expect(() => tileJpeg([[1, 2], [3]])).toThrow(RangeError);
  });
});
