import { describe, expect, it } from 'vitest';
import type { BioType } from '@signet-kiosk/shared/sbi';
import {
  applyCaptureNoise,
  seededRandom,
  SYNTHETIC_IMAGE_SIZE,
  syntheticCaptureImage,
  syntheticPixels,
} from '@signet-kiosk/shared/sbi/testing';
import { bestMatchScore, MATCH_THRESHOLD, type GrayImage } from './bio-matcher.js';
import { comparedSubTypes } from './bio-templates.js';

/** The simulator's default quality. */
const DEFAULT_QUALITY = 80;
const TRIALS = 1000;

const template = (seed: string, type: BioType, subType: string): GrayImage => ({
  ...SYNTHETIC_IMAGE_SIZE[type],
  pixels: syntheticPixels(seed, type, subType),
});
const residentId = (i: number) => String(2_900_000_000 + i);
/** Residents in the trials: each is tried 10 times as genuine (fresh noise) and against 10 different impostors. */
const RESIDENTS = 100;

interface Stats {
  min: number;
  max: number;
  mean: number;
  sd: number;
}

function stats(xs: number[]): Stats {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return { min: Math.min(...xs), max: Math.max(...xs), mean, sd };
}

const f = (x: number) => x.toFixed(3);

/**
 * Trials: genuine = resident a presents again (fresh capture noise); impostor = resident b's capture
 * of the same biometric against a's templates, 1,000 distinct (a, b) pairs. For UNKNOWN the
 * presented finger or eye is any of theirs and the matcher tries all of a's templates.
 */
function trials(type: BioType, subType: string, quality: number, seed: string) {
  const random = seededRandom(seed);
  const compared = comparedSubTypes(type, subType);
  const enrolled = Array.from({ length: RESIDENTS }, (_, i) => compared.map((s) => template(residentId(i), type, s)));
  const present = (i: number) => {
    const t = enrolled[i]![Math.floor(random() * compared.length)]!;
    return { ...t, pixels: applyCaptureNoise(t.pixels, t.width, t.height, quality, random) };
  };
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < TRIALS; i++) {
    const a = i % RESIDENTS;
    const b = (a + 1 + Math.floor(i / RESIDENTS)) % RESIDENTS;
    genuine.push(bestMatchScore(present(a), enrolled[a]!));
    impostor.push(bestMatchScore(present(b), enrolled[a]!));
  }
  const threshold = MATCH_THRESHOLD[type];
  const frr = genuine.filter((s) => s < threshold).length / TRIALS;
  const far = impostor.filter((s) => s >= threshold).length / TRIALS;
  const g = stats(genuine);
  const im = stats(impostor);
  const dPrime = (g.mean - im.mean) / Math.sqrt((g.sd ** 2 + im.sd ** 2) / 2);
  const report =
    `${type} ${subType || '(face)'} q=${quality}: FRR ${(frr * 100).toFixed(2)} % (${genuine.filter((s) => s < threshold).length}/${TRIALS}), ` +
    `FAR ${(far * 100).toFixed(2)} % (${impostor.filter((s) => s >= threshold).length}/${TRIALS}), threshold ${threshold}; ` +
    `genuine NCC ${f(g.mean)} ± ${f(g.sd)} [min ${f(g.min)}], impostor NCC ${f(im.mean)} ± ${f(im.sd)} [max ${f(im.max)}]; ` +
    `gap min genuine − max impostor ${f(g.min - im.max)}, d′ ${dPrime.toFixed(1)}\n`;
  return { frr, far, genuine: g, impostor: im, report };
}

describe('matching quality at the default capture quality (1,000 genuine and 1,000 impostor trials each)', () => {
  const cases: [BioType, string][] = [
    ['Finger', 'Left IndexFinger'],
    ['Finger', 'UNKNOWN'],
    ['Iris', 'Right'],
    ['Face', ''],
  ];
  for (const [type, subType] of cases) {
    it(`${type} ${subType || ''}: false rejects < 1 %, false accepts < 0.1 %`, () => {
      const r = trials(type, subType, DEFAULT_QUALITY, `quality-${type}-${subType}`);
      process.stdout.write(r.report);
      expect(r.frr).toBeLessThan(0.01);
      expect(r.far).toBeLessThan(0.001);
    });
  }

  it('quality matters: scores fall as quality falls, and very poor captures stop matching', () => {
    const mean = (q: number) => {
      const random = seededRandom(`falling-${q}`);
      const scores = Array.from({ length: 50 }, (_, i) =>
        bestMatchScore(syntheticCaptureImage(residentId(i), 'Finger', 'Left Thumb', q, random), [
          template(residentId(i), 'Finger', 'Left Thumb'),
        ]),
      );
      return scores.reduce((a, b) => a + b, 0) / scores.length;
    };
    const byQuality = [100, 80, 60, 40, 20, 0].map((q) => [q, mean(q)] as const);
    process.stdout.write(
      `Finger genuine mean NCC by quality: ${byQuality.map(([q, m]) => `q${q} ${f(m)}`).join(', ')}\n`,
    );
    for (let i = 1; i < byQuality.length; i++) expect(byQuality[i]![1]).toBeLessThan(byQuality[i - 1]![1]);
    expect(byQuality.at(-1)![1]).toBeLessThan(MATCH_THRESHOLD.Finger);
  });

  it('scores an image of another size as no match', () => {
    const capture = syntheticCaptureImage(residentId(1), 'Finger', 'Left Thumb', 80, seededRandom('size'));
    expect(bestMatchScore(capture, [{ width: 32, height: 128, pixels: Buffer.alloc(32 * 128) }])).toBe(-1);
    expect(() => bestMatchScore({ width: 8, height: 8, pixels: Buffer.alloc(64) }, [])).toThrow(RangeError);
  });
});
