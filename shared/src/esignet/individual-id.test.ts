// The individual ID's normal and masked forms: what the binding, the attestation and the resident's screen use.
import { describe, expect, it } from 'vitest';
import { IndividualIdSchema, maskIndividualId, normaliseIndividualId } from './individual-id.js';

describe('normaliseIndividualId', () => {
  it('drops white space anywhere and folds full-width digits, keeping case and punctuation', () => {
    expect(normaliseIndividualId(' 2804 195602\t')).toBe('2804195602');
    expect(normaliseIndividualId('２８０４１９５６０２')).toBe('2804195602');
    expect(normaliseIndividualId('2804\u00a0195602')).toBe('2804195602');
    expect(normaliseIndividualId('ab-12')).toBe('ab-12');
    expect(normaliseIndividualId('AB-12')).not.toBe(normaliseIndividualId('ab-12'));
  });
});

describe('maskIndividualId', () => {
  it('shows the last 4 characters of a national ID, the rest masked', () => {
    expect(maskIndividualId('2804195602')).toBe('••••••5602');
    expect(maskIndividualId('2804 195602')).toBe('••••••5602');
  });

  it('never shows more than half of a short ID', () => {
    expect(maskIndividualId('123456')).toBe('•••456');
    expect(maskIndividualId('1234')).toBe('••34');
    expect(maskIndividualId('7')).toBe('•');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(maskIndividualId('𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖')).toBe('••••5678');
  });
});

describe('IndividualIdSchema', () => {
  it('has the transaction API’s limits', () => {
    expect(IndividualIdSchema.safeParse('').success).toBe(false);
    expect(IndividualIdSchema.safeParse('x'.repeat(100)).success).toBe(true);
    expect(IndividualIdSchema.safeParse('x'.repeat(101)).success).toBe(false);
  });
});
