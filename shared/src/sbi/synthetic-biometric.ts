// Synthetic biometric samples for the simulator and the reference ID system: the image a
// "resident" presents is derived from a seed (their template id), so both ends agree on it.
import { createHash } from 'node:crypto';
import { buildIsoRecord, grayPng, type IsoImage } from './iso-record.js';
import type { BioType } from './messages/fields.js';

/** Image sizes kept small: the point is well-formed records, not realistic pictures. */
export const SYNTHETIC_IMAGE_SIZE: Record<BioType, { width: number; height: number }> = {
  Finger: { width: 64, height: 64 },
  Iris: { width: 64, height: 48 },
  Face: { width: 32, height: 40 },
};

/** Deterministic 8-bit pixels for (seed, type, subType): SHA-256 in counter mode. */
export function syntheticPixels(seed: string, type: BioType, subType: string): Buffer {
  const { width, height } = SYNTHETIC_IMAGE_SIZE[type];
  const out = Buffer.alloc(width * height);
  for (let block = 0, at = 0; at < out.length; block++, at += 32) {
    createHash('sha256').update(`signet-synthetic|${type}|${subType}|${seed}|${block}`).digest().copy(out, at);
  }
  return out;
}

/**
 * The image a resident with this seed presents: raw grey pixels for finger and iris, a PNG for
 * face (the face record format allows only compressed images).
 * @example syntheticImage('resident-42', 'Finger', 'Left IndexFinger')
 */
export function syntheticImage(seed: string, type: BioType, subType: string): IsoImage {
  const { width, height } = SYNTHETIC_IMAGE_SIZE[type];
  const pixels = syntheticPixels(seed, type, type === 'Face' ? '' : subType);
  return { width, height, data: type === 'Face' ? grayPng(width, height, pixels) : pixels };
}

/**
 * A whole synthetic ISO record for one biometric.
 * @example const iso = syntheticIsoRecord('resident-42', 'Iris', 'Left', 85);
 */
export function syntheticIsoRecord(seed: string, type: BioType, subType: string, quality: number, captureTime = new Date()): Buffer {
  return buildIsoRecord({ type, subType, image: syntheticImage(seed, type, subType), quality, captureTime });
}
