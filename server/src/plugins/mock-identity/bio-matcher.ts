// The reference ID system's matcher: normalised cross-correlation (NCC) of a captured grey image
// with an enrolled template image, searching small placement shifts; a match scores above a threshold.
import type { BioType } from '@signet-kiosk/shared/sbi';

/** 8-bit grey pixels, row by row. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Largest placement error searched, in pixels along each axis (the capture model shifts ≤ 3). */
export const MAX_SHIFT = 3;

/**
 * Scores at or above which a capture matches. Impostor scores are ~N(0, 1/√pixels) (σ ≈ 0.017
 * finger, 0.02 iris, 0.034 face), so these sit ≥ 7σ above them; genuine captures at the
 * simulator's default quality 80 score ≈ 0.9, and fall below the threshold only near quality 15.
 */
export const MATCH_THRESHOLD: Record<BioType, number> = { Finger: 0.25, Iris: 0.25, Face: 0.3 };

/** The coarse shift search reads about this many pixels (every 4th of a finger's in both directions, every 2nd of a face's). */
const COARSE_SAMPLES = 200;
/** (template, shift) pairs the coarse search hands to the exact NCC. */
const CANDIDATES = 3;

/** A capture made ready once for scoring against one or several templates. */
export interface PreparedCapture {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  /** Grid step of the coarse search, and the capture minus its coarse-grid mean (read on that grid only). */
  readonly step: number;
  readonly centred: Float64Array;
  /** Over the whole inner region: pixel count, Σc and Σc². */
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

/** The inner region: every pixel whose shifted partner stays inside the template. */
function inner(width: number, height: number) {
  return { x0: MAX_SHIFT, x1: width - MAX_SHIFT, y0: MAX_SHIFT, y1: height - MAX_SHIFT };
}

/** Precomputes what scoring needs from a capture; throws RangeError when the image is too small or its data does not fit. */
export function prepareCapture(image: GrayImage): PreparedCapture {
  const { width, height, pixels } = image;
  if (width <= 4 * MAX_SHIFT || height <= 4 * MAX_SHIFT)
    throw new RangeError(`a ${width}×${height} image is too small to match`);
  if (pixels.length !== width * height)
    throw new RangeError(`a ${width}×${height} image needs ${width * height} pixels, got ${pixels.length}`);
  const { x0, x1, y0, y1 } = inner(width, height);
  let sum = 0;
  let sumSquares = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = y * width + x0, end = y * width + x1; i < end; i++) {
      const v = pixels[i]!;
      sum += v;
      sumSquares += v * v;
    }
  }
  const n = (x1 - x0) * (y1 - y0);
  const step = Math.max(1, Math.min(4, Math.floor(Math.sqrt(n / COARSE_SAMPLES))));
  let coarseSum = 0;
  let coarseN = 0;
  for (let y = y0; y < y1; y += step) {
    for (let i = y * width + x0, end = y * width + x1; i < end; i += step) {
      coarseSum += pixels[i]!;
      coarseN++;
    }
  }
  const mean = coarseSum / coarseN;
  const centred = new Float64Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) centred[i] = pixels[i]! - mean;
  return { width, height, pixels, step, centred, n, sum, sumSquares };
}

/** Exact NCC over the inner region with the template displaced by `offset` (= dy·width + dx). */
function nccAt(c: PreparedCapture, template: Uint8Array, offset: number): number {
  const { x0, x1, y0, y1 } = inner(c.width, c.height);
  const cp = c.pixels;
  let st = 0;
  let stt = 0;
  let sct = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = y * c.width + x0, end = y * c.width + x1; i < end; i++) {
      const t = template[i + offset]!;
      st += t;
      stt += t * t;
      sct += cp[i]! * t;
    }
  }
  const n = c.n;
  const denominator = Math.sqrt((n * c.sumSquares - c.sum * c.sum) * (n * stt - st * st));
  return denominator > 0 ? (n * sct - c.sum * st) / denominator : 0;
}

interface Candidate {
  template: Uint8Array;
  offset: number;
  dot: number;
}

/** Keeps the CANDIDATES highest coarse correlations, best first. */
function consider(best: Candidate[], candidate: Candidate): void {
  if (best.length === CANDIDATES && candidate.dot <= best[CANDIDATES - 1]!.dot) return;
  let at = best.length;
  while (at > 0 && best[at - 1]!.dot < candidate.dot) at--;
  best.splice(at, 0, candidate);
  if (best.length > CANDIDATES) best.pop();
}

/**
 * The similarity of a prepared capture to the best of one or more templates of its size: the
 * highest NCC over placement shifts of up to MAX_SHIFT pixels, in [-1, 1]; -1 when no template
 * has the capture's size. A coarse search on a sparse grid ranks every (template, shift) and the
 * exact NCC is computed for the few best only, so trying all ten fingers for an UNKNOWN finger
 * stays cheap.
 * @example matchScore(prepareCapture(capture), [template]) >= MATCH_THRESHOLD.Finger
 */
export function matchScore(c: PreparedCapture, templates: readonly GrayImage[]): number {
  const { x0, x1, y0, y1 } = inner(c.width, c.height);
  const { width, step, centred } = c;
  const best: Candidate[] = [];
  for (const template of templates) {
    if (template.width !== c.width || template.height !== c.height || template.pixels.length !== c.pixels.length)
      continue;
    const t = template.pixels;
    for (let dy = -MAX_SHIFT; dy <= MAX_SHIFT; dy++) {
      for (let dx = -MAX_SHIFT; dx <= MAX_SHIFT; dx++) {
        const offset = dy * width + dx;
        let dot = 0;
        for (let y = y0; y < y1; y += step) {
          for (let i = y * width + x0, end = y * width + x1; i < end; i += step) dot += centred[i]! * t[i + offset]!;
        }
        consider(best, { template: t, offset, dot });
      }
    }
  }
  return best.reduce((score, b) => Math.max(score, nccAt(c, b.template, b.offset)), -1);
}

/**
 * Prepares a capture and scores it against the templates in one call.
 * @example bestMatchScore(capture, fingerTemplates) >= MATCH_THRESHOLD.Finger
 */
export function bestMatchScore(capture: GrayImage, templates: readonly GrayImage[]): number {
  return matchScore(prepareCapture(capture), templates);
}
