// How closely a captured finger or iris image resembles a resident's enrolled template: the best
// normalised cross-correlation over the capture model's small placement shifts. The simulator's tests
// use it to tell whose biometrics a capture carries (the ID system has its own matcher).
import { readIsoRecord } from '@signet-kiosk/shared/sbi/crypto';
import { FINGER_SUB_TYPES, IRIS_SUB_TYPES } from '@signet-kiosk/shared/sbi';
import { SYNTHETIC_IMAGE_SIZE, syntheticPixels } from '@signet-kiosk/shared/sbi/testing';

const MAX_SHIFT = 3;

function ncc(capture: Uint8Array, template: Uint8Array, width: number, height: number, dx: number, dy: number): number {
  let n = 0,
    sa = 0,
    sb = 0,
    saa = 0,
    sbb = 0,
    sab = 0;
  for (let y = MAX_SHIFT; y < height - MAX_SHIFT; y++) {
    for (let x = MAX_SHIFT; x < width - MAX_SHIFT; x++) {
      const a = capture[y * width + x]!;
      const b = template[(y + dy) * width + (x + dx)]!;
      n++;
      sa += a;
      sb += b;
      saa += a * a;
      sbb += b * b;
      sab += a * b;
    }
  }
  const cov = sab - (sa * sb) / n;
  const den = Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
  return den === 0 ? 0 : cov / den;
}

/**
 * The best correlation (−1…1) of an ISO finger or iris record's image with any of the seed's
 * templates of that type (every finger or eye when the record names none), over shifts up to 3 px.
 * Genuine captures at quality 80 score about 0.9; another resident scores about 0.
 * @example resemblance(isoBytes, '2804195602') > 0.5
 */
export function resemblance(isoBytes: Uint8Array, seed: string): number {
  const rec = readIsoRecord(isoBytes);
  if (rec.type === 'Face') throw new RangeError('resemblance reads raw finger and iris images only');
  const { width, height } = SYNTHETIC_IMAGE_SIZE[rec.type];
  const all =
    rec.type === 'Finger'
      ? FINGER_SUB_TYPES.filter((s) => s !== 'UNKNOWN')
      : IRIS_SUB_TYPES.filter((s) => s !== 'UNKNOWN');
  const candidates = all.includes(rec.subType as never) ? [rec.subType] : all;
  let best = -1;
  for (const sub of candidates) {
    const template = syntheticPixels(seed, rec.type, sub);
    for (let dy = -MAX_SHIFT; dy <= MAX_SHIFT; dy++) {
      for (let dx = -MAX_SHIFT; dx <= MAX_SHIFT; dx++)
        best = Math.max(best, ncc(rec.image.data, template, width, height, dx, dy));
    }
  }
  return best;
}
