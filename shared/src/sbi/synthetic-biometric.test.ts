import { describe, expect, it } from 'vitest';
import { readIsoRecord } from './iso-record.js';
import { syntheticImage, syntheticIsoRecord, syntheticPixels } from './synthetic-biometric.js';

describe('synthetic biometrics', () => {
  it('are deterministic per seed, type and sub-type', () => {
    expect(syntheticPixels('r1', 'Finger', 'Left Thumb')).toEqual(syntheticPixels('r1', 'Finger', 'Left Thumb'));
    expect(syntheticPixels('r1', 'Finger', 'Left Thumb')).not.toEqual(syntheticPixels('r2', 'Finger', 'Left Thumb'));
    expect(syntheticPixels('r1', 'Finger', 'Left Thumb')).not.toEqual(syntheticPixels('r1', 'Finger', 'Right Thumb'));
    expect(syntheticPixels('r1', 'Finger', 'UNKNOWN')).toHaveLength(64 * 64);
  });
  it('make records whose image is the seed image', () => {
    for (const [type, sub] of [['Finger', 'Right IndexFinger'], ['Iris', 'Left'], ['Face', '']] as const) {
      const r = readIsoRecord(syntheticIsoRecord('resident-42', type, sub, 80));
      expect(r.type).toBe(type);
      expect(Buffer.from(r.image.data)).toEqual(Buffer.from(syntheticImage('resident-42', type, sub).data));
    }
  });
});
