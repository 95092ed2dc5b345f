import { describe, expect, it } from 'vitest';
import { readIsoRecord } from './iso-record.js';
import {
  applyCaptureNoise,
  captureNoise,
  cryptoRandom,
  DEFAULT_PRESENTED,
  seededRandom,
  syntheticCapture,
  syntheticCaptureImage,
  syntheticImage,
  syntheticIsoRecord,
  syntheticPixels,
} from './synthetic-biometric.js';

/** Pearson correlation of two equal-length images (no shift search). */
function correlation(a: Uint8Array, b: Uint8Array): number {
  let sa = 0,
    sb = 0,
    saa = 0,
    sbb = 0,
    sab = 0;
  for (let i = 0; i < a.length; i++) {
    sa += a[i]!;
    sb += b[i]!;
    saa += a[i]! * a[i]!;
    sbb += b[i]! * b[i]!;
    sab += a[i]! * b[i]!;
  }
  const n = a.length;
  return (n * sab - sa * sb) / Math.sqrt((n * saa - sa * sa) * (n * sbb - sb * sb));
}

describe('synthetic biometrics', () => {
  it('are deterministic per seed, type and sub-type', () => {
    expect(syntheticPixels('r1', 'Finger', 'Left Thumb')).toEqual(syntheticPixels('r1', 'Finger', 'Left Thumb'));
    expect(syntheticPixels('r1', 'Finger', 'Left Thumb')).not.toEqual(syntheticPixels('r2', 'Finger', 'Left Thumb'));
    expect(syntheticPixels('r1', 'Finger', 'Left Thumb')).not.toEqual(syntheticPixels('r1', 'Finger', 'Right Thumb'));
    expect(syntheticPixels('r1', 'Finger', 'UNKNOWN')).toHaveLength(64 * 64);
  });
  it('make records whose image is the seed image', () => {
    for (const [type, sub] of [
      ['Finger', 'Right IndexFinger'],
      ['Iris', 'Left'],
      ['Face', ''],
    ] as const) {
      const r = readIsoRecord(syntheticIsoRecord('resident-42', type, sub, 80));
      expect(r.type).toBe(type);
      expect(Buffer.from(r.image.data)).toEqual(Buffer.from(syntheticImage('resident-42', type, sub).data));
    }
  });
  it('present an enrolled finger or eye for UNKNOWN (the right index finger, the right eye)', () => {
    expect(DEFAULT_PRESENTED).toEqual({ Finger: 'Right IndexFinger', Iris: 'Right', Face: '' });
    expect(Buffer.from(syntheticImage('r1', 'Finger', 'UNKNOWN').data)).toEqual(
      syntheticPixels('r1', 'Finger', 'Right IndexFinger'),
    );
    expect(Buffer.from(syntheticImage('r1', 'Iris', 'UNKNOWN').data)).toEqual(syntheticPixels('r1', 'Iris', 'Right'));
    const record = readIsoRecord(syntheticIsoRecord('r1', 'Finger', 'UNKNOWN', 80));
    expect([record.subType, record.position]).toEqual(['UNKNOWN', 0]);
  });
});

describe('syntheticCapture, the capture-noise model', () => {
  it('makes well-formed ISO 19794-4/-6/-5 records of the sub-type asked, with the quality in the record', () => {
    const when = new Date('2026-11-21T10:15:29.000Z');
    for (const [type, sub, magic] of [
      ['Finger', 'Left Thumb', 'FIR'],
      ['Finger', 'UNKNOWN', 'FIR'],
      ['Iris', 'Left', 'IIR'],
      ['Iris', 'UNKNOWN', 'IIR'],
      ['Face', '', 'FAC'],
    ] as const) {
      const iso = syntheticCapture('2804195602', type, sub, 73, cryptoRandom, when);
      expect(iso.subarray(0, 4).toString('latin1')).toBe(`${magic}\0`);
      const r = readIsoRecord(iso);
      expect([r.type, r.subType, r.quality, r.captureTime?.toISOString()]).toEqual([type, sub, 73, when.toISOString()]);
      if (type === 'Face') expect(Buffer.from(r.image.data).subarray(1, 4).toString('latin1')).toBe('PNG');
      else expect(r.image.data).toHaveLength(r.image.width * r.image.height);
    }
  });

  it('is the template plus fresh noise each time; reproducible with a seeded random source', () => {
    const a = syntheticCaptureImage('r1', 'Finger', 'Left Thumb', 80);
    const b = syntheticCaptureImage('r1', 'Finger', 'Left Thumb', 80);
    expect(a.pixels).not.toEqual(b.pixels);
    expect(syntheticCaptureImage('r1', 'Iris', 'Left', 60, seededRandom('s')).pixels).toEqual(
      syntheticCaptureImage('r1', 'Iris', 'Left', 60, seededRandom('s')).pixels,
    );
    // Even a perfect capture carries some sensor noise.
    expect(applyCaptureNoise(syntheticPixels('r1', 'Face', ''), 32, 40, 100, seededRandom('x'))).not.toEqual(
      syntheticPixels('r1', 'Face', ''),
    );
  });

  it('degrades the image more as quality falls (noise, dropout, placement)', () => {
    const template = syntheticPixels('r1', 'Finger', 'Left Thumb');
    const meanCorrelation = (q: number) => {
      const random = seededRandom(`q${q}`);
      let sum = 0;
      // maxShift 0 only at quality ≥ 84, so compare without shift search where the model does not shift.
      for (let i = 0; i < 20; i++) sum += correlation(template, applyCaptureNoise(template, 64, 64, q, random));
      return sum / 20;
    };
    expect(meanCorrelation(100)).toBeGreaterThan(0.99);
    expect(meanCorrelation(90)).toBeGreaterThan(0.9);
    expect(captureNoise(80)).toMatchObject({ maxShift: 1 });
    const noise = [100, 80, 60, 40, 20, 0].map(captureNoise);
    for (let i = 1; i < noise.length; i++) {
      expect(noise[i]!.sigma).toBeGreaterThan(noise[i - 1]!.sigma);
      expect(noise[i]!.dropout).toBeGreaterThan(noise[i - 1]!.dropout);
      expect(noise[i]!.maxShift).toBeGreaterThanOrEqual(noise[i - 1]!.maxShift);
    }
    expect(captureNoise(0).maxShift).toBe(3);
  });

  it("for UNKNOWN presents one of the resident's fingers or eyes, at random", () => {
    const random = seededRandom('unknown');
    const fingers = new Set(
      Array.from({ length: 60 }, () => syntheticCaptureImage('r1', 'Finger', 'UNKNOWN', 80, random).presented),
    );
    expect(fingers.size).toBe(10);
    expect(fingers.has('UNKNOWN')).toBe(false);
    const eyes = new Set(
      Array.from({ length: 20 }, () => syntheticCaptureImage('r1', 'Iris', 'UNKNOWN', 80, random).presented),
    );
    expect([...eyes].sort()).toEqual(['Left', 'Right']);
  });

  it('draws from a CSPRNG by default, uniform in [0, 1)', () => {
    const xs = Array.from({ length: 20_000 }, cryptoRandom);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(xs.reduce((a, b) => a + b, 0) / xs.length - 0.5)).toBeLessThan(0.02);
  });
});
