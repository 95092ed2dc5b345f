// Synthetic biometric samples for the simulator and the reference ID system: the image a
// "resident" presents is derived from a seed (their template id), so both ends agree on it;
// syntheticCapture adds the quality-dependent noise of a real capture on top.
import { createHash, randomBytes } from 'node:crypto';
import { buildIsoRecord, grayPng, type IsoImage } from './iso-record.js';
import { FINGER_SUB_TYPES, IRIS_SUB_TYPES, type BioType } from './messages/fields.js';

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

/** The fingers and eyes a resident has (and is enrolled with); face has none. */
const PRESENTABLE: Record<BioType, readonly string[]> = {
  Finger: FINGER_SUB_TYPES.filter((s) => s !== 'UNKNOWN'),
  Iris: IRIS_SUB_TYPES.filter((s) => s !== 'UNKNOWN'),
  Face: [],
};

/** What a resident presents when the device is not told which finger or eye: their right index finger, their right eye. */
export const DEFAULT_PRESENTED: Record<BioType, string> = { Finger: 'Right IndexFinger', Iris: 'Right', Face: '' };

/**
 * The image a resident with this seed presents, without capture noise: raw grey pixels for finger
 * and iris, a PNG for face (the face record format allows only compressed images). For an UNKNOWN
 * (or any unnamed) finger or eye, the one in DEFAULT_PRESENTED, so that it matches an enrolled template.
 * @example syntheticImage('resident-42', 'Finger', 'Left IndexFinger')
 */
export function syntheticImage(seed: string, type: BioType, subType: string): IsoImage {
  const { width, height } = SYNTHETIC_IMAGE_SIZE[type];
  const named = PRESENTABLE[type].includes(subType);
  const pixels = syntheticPixels(seed, type, named ? subType : DEFAULT_PRESENTED[type]);
  return { width, height, data: type === 'Face' ? grayPng(width, height, pixels) : pixels };
}

/**
 * A whole synthetic ISO record for one biometric.
 * @example const iso = syntheticIsoRecord('resident-42', 'Iris', 'Left', 85);
 */
export function syntheticIsoRecord(
  seed: string,
  type: BioType,
  subType: string,
  quality: number,
  captureTime = new Date(),
): Buffer {
  return buildIsoRecord({ type, subType, image: syntheticImage(seed, type, subType), quality, captureTime });
}

/** A source of uniform numbers in [0, 1); the capture-noise model draws everything from one. */
export type RandomSource = () => number;

const POOL_BYTES = 64 * 1024;
let pool = Buffer.alloc(0);
let poolAt = 0;

/** Uniform [0, 1) from the OS CSPRNG, drawn from a pooled buffer so a capture costs one syscall or none. */
export const cryptoRandom: RandomSource = () => {
  if (poolAt + 4 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const v = pool.readUInt32LE(poolAt);
  poolAt += 4;
  return v / 0x1_0000_0000;
};

/**
 * A reproducible RandomSource (sfc32 seeded from SHA-256 of the seed), for tests and benchmarks.
 * @example const random = seededRandom('trial-1'); syntheticCapture('2804195602', 'Finger', 'Left Thumb', 80, random)
 */
export function seededRandom(seed: string): RandomSource {
  const h = createHash('sha256').update(`signet-random|${seed}`).digest();
  let a = h.readUInt32LE(0),
    b = h.readUInt32LE(4),
    c = h.readUInt32LE(8),
    d = h.readUInt32LE(12);
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 0x1_0000_0000;
  };
}

/** How a capture of this quality degrades the template image; 0 ≤ s ≤ 1 is (100 − quality) / 100. */
export function captureNoise(quality: number): {
  maxShift: number;
  sigma: number;
  dropout: number;
  gainJitter: number;
  offsetJitter: number;
} {
  const s = (100 - Math.max(0, Math.min(100, quality))) / 100;
  return {
    /** Placement error in pixels, each axis. */
    maxShift: Math.round(3 * s),
    /** Standard deviation of additive Gaussian sensor noise, in grey levels. */
    sigma: 4 + 110 * s,
    /** Share of pixels lost to poor contact (dry skin, eyelid, motion) and replaced by random grey. */
    dropout: 0.9 * s * s,
    /** Pressure or illumination: gain 1 ± gainJitter, offset ± offsetJitter grey levels. */
    gainJitter: 0.3 * s,
    offsetJitter: 40 * s,
  };
}

export interface SyntheticCaptureImage {
  width: number;
  height: number;
  /** 8-bit grey pixels, row by row. */
  pixels: Buffer;
  /** The finger or eye actually presented: the sub-type asked for, or a random one for UNKNOWN (`''` for face). */
  presented: string;
}

/**
 * The capture-noise model on any grey image: shifted by a few pixels (uncovered border: random
 * grey), brightness changed, Gaussian noise added and pixels dropped out, all stronger as quality
 * falls (see captureNoise).
 * @example const pixels = applyCaptureNoise(template, 64, 64, 80, seededRandom('trial-7'))
 */
export function applyCaptureNoise(
  template: Uint8Array,
  width: number,
  height: number,
  quality: number,
  random: RandomSource = cryptoRandom,
): Buffer {
  const noise = captureNoise(quality);
  const shift = () => Math.floor(random() * (2 * noise.maxShift + 1)) - noise.maxShift;
  const dx = shift();
  const dy = shift();
  const gain = 1 + (2 * random() - 1) * noise.gainJitter;
  const offset = (2 * random() - 1) * noise.offsetJitter;
  const pixels = Buffer.alloc(width * height);
  let spare: number | undefined;
  const gaussian = (): number => {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    // Box–Muller: two uniforms give two independent standard normals.
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const t = 2 * Math.PI * random();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const tx = x + dx;
      const ty = y + dy;
      const inside = tx >= 0 && tx < width && ty >= 0 && ty < height;
      const v =
        !inside || random() < noise.dropout
          ? random() * 256
          : gain * template[ty * width + tx]! + offset + noise.sigma * gaussian();
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return pixels;
}

/**
 * The pixels a device captures when the resident with this seed presents `subType` at `quality`:
 * their template image under the capture-noise model. An UNKNOWN finger or eye is one of theirs
 * picked at random (reported in `presented`).
 * @example const { pixels } = syntheticCaptureImage('2804195602', 'Finger', 'Left Thumb', 80)
 */
export function syntheticCaptureImage(
  seed: string,
  type: BioType,
  subType: string,
  quality: number,
  random: RandomSource = cryptoRandom,
): SyntheticCaptureImage {
  const { width, height } = SYNTHETIC_IMAGE_SIZE[type];
  const choices = PRESENTABLE[type];
  const presented =
    type === 'Face' ? '' : choices.includes(subType) ? subType : choices[Math.floor(random() * choices.length)]!;
  const pixels = applyCaptureNoise(syntheticPixels(seed, type, presented), width, height, quality, random);
  return { width, height, pixels, presented };
}

/**
 * A device capture as an ISO 19794-4/-5/-6 record: syntheticCaptureImage's pixels (raw grey for
 * finger and iris, PNG for face), the quality in the record's quality block, `subType` as asked.
 * @example const iso = syntheticCapture('2804195602', 'Finger', 'UNKNOWN', 80)
 */
export function syntheticCapture(
  seed: string,
  type: BioType,
  subType: string,
  quality: number,
  random: RandomSource = cryptoRandom,
  captureTime = new Date(),
): Buffer {
  const { width, height, pixels } = syntheticCaptureImage(seed, type, subType, quality, random);
  const data = type === 'Face' ? grayPng(width, height, pixels) : pixels;
  return buildIsoRecord({
    type,
    subType: type === 'Face' ? '' : subType,
    image: { width, height, data },
    quality,
    captureTime,
  });
}
