// The ZFM image: 256 × 288 pixels sent by UpImage as two 4-bit pixels a byte (first pixel in the
// high nibble), widened to the 8-bit grey an ISO/IEC 19794-4 finger record carries.
import { buildIsoRecord, type IsoImage } from '@signet-kiosk/shared/sbi/crypto';

export const ZFM_IMAGE_WIDTH = 256;
export const ZFM_IMAGE_HEIGHT = 288;
/** Bytes UpImage sends: two pixels a byte. */
export const ZFM_IMAGE_BYTES = (ZFM_IMAGE_WIDTH * ZFM_IMAGE_HEIGHT) / 2;

/**
 * Widens packed 4-bit pixels to 8 bits (0x0 → 0, 0xF → 255, i.e. × 17).
 * @example unpackZfmImage(Buffer.from([0xf0])) // <ff 00>
 */
export function unpackZfmImage(packed: Uint8Array): Buffer {
  const out = Buffer.alloc(packed.length * 2);
  for (let i = 0; i < packed.length; i++) {
    const b = packed[i]!;
    out[2 * i] = (b >> 4) * 17;
    out[2 * i + 1] = (b & 0x0f) * 17;
  }
  return out;
}

/**
 * Packs 8-bit pixels two to a byte, keeping the high nibble of each (what a module does to its
 * sensor's samples). Used by the emulator.
 * @example packZfmImage(Buffer.from([0xff, 0x00])) // <f0>
 */
export function packZfmImage(pixels: Uint8Array): Buffer {
  if (pixels.length % 2 !== 0) throw new RangeError('a ZFM image has an even number of pixels');
  const out = Buffer.alloc(pixels.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (pixels[2 * i]! & 0xf0) | (pixels[2 * i + 1]! >> 4);
  return out;
}

/**
 * A rough 0–100 quality figure from the image's contrast (standard deviation of the grey levels,
 * 64 and above counting as 100). ZFM modules report no quality; this is not NFIQ, only enough to
 * tell a blank or smudged image from a sharp one in diagnostics.
 */
export function estimateZfmQuality(image: IsoImage): number {
  const { data } = image;
  if (data.length === 0) return 0;
  let sum = 0;
  let sumSq = 0;
  for (const v of data) {
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / data.length;
  const sd = Math.sqrt(Math.max(0, sumSq / data.length - mean * mean));
  return Math.min(100, Math.round((sd / 64) * 100));
}

/**
 * The ISO/IEC 19794-4:2011 finger record for a ZFM image (uncompressed 8-bit grey, 500 ppi).
 * @example zfmIsoRecord(image, { subType: 'Right IndexFinger', quality: estimateZfmQuality(image) })
 */
export function zfmIsoRecord(image: IsoImage, opts: { subType?: string; quality: number; captureTime?: Date }): Buffer {
  return buildIsoRecord({
    type: 'Finger',
    subType: opts.subType ?? 'UNKNOWN',
    image,
    quality: opts.quality,
    captureTime: opts.captureTime ?? new Date(),
  });
}
