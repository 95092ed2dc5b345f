import { describe, expect, it } from 'vitest';
import { KBI_FIELDS, KbiAnswersSchema, normaliseAnswer, parseKbiChallenge, verifyKbi } from './kbi.js';
import { hashSecret } from './secret-hash.js';
import { FAST_SCRYPT } from './test-context.js';

const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('kbi', () => {
  it('parses base64url JSON answers and rejects anything else', () => {
    expect(
      parseKbiChallenge(encode({ fullName: 'Sokha Chan', dob: '1990-04-12', birthPlace: 'Kampong Cham' })),
    ).toEqual({ fullName: 'Sokha Chan', dob: '1990-04-12', birthPlace: 'Kampong Cham' });
    expect(parseKbiChallenge(encode({ fullName: 'Sokha Chan', dob: '1990-04-12' }))).toBeUndefined();
    expect(parseKbiChallenge(encode({ fullName: 'Sokha Chan', dob: 'April 12', birthPlace: 'x' }))).toBeUndefined();
    expect(parseKbiChallenge(encode(['Sokha Chan']))).toBeUndefined();
    expect(parseKbiChallenge('bm90IGpzb24')).toBeUndefined();
  });

  it('publishes exactly the questions it checks', () => {
    expect(KBI_FIELDS.map((f) => f.id).sort()).toEqual(Object.keys(KbiAnswersSchema.shape).sort());
  });

  it('ignores case, spacing and Unicode form in typed answers', () => {
    expect(normaliseAnswer('  Kampong   CHAM ')).toBe('kampong cham');
    expect(normaliseAnswer('ｓｏｋｈａ')).toBe('sokha');
  });

  it('matches the name in any language, the date in eSignet UI formats, and the hashed birth place', async () => {
    const record = {
      fullName: [
        { language: 'eng', value: 'Sokha Chan' },
        { language: 'khm', value: 'ចាន់ សុខា' },
      ],
      dateOfBirth: '1990-04-12',
      knowledgeHashes: { birthPlace: await hashSecret('kampong cham', FAST_SCRYPT) },
    };
    const dummy = await hashSecret('dummy', FAST_SCRYPT);
    expect(
      await verifyKbi({ fullName: 'sokha chan', dob: '1990-04-12', birthPlace: 'Kampong Cham' }, record, dummy),
    ).toBe(true);
    expect(await verifyKbi({ fullName: 'ចាន់ សុខា', dob: '12/04/1990', birthPlace: 'KAMPONG CHAM' }, record, dummy)).toBe(
      true,
    );
    expect(
      await verifyKbi({ fullName: 'Sokha Chan', dob: '1990/04/12', birthPlace: 'Phnom Penh' }, record, dummy),
    ).toBe(false);
    expect(
      await verifyKbi({ fullName: 'Sokha Chen', dob: '1990-04-12', birthPlace: 'Kampong Cham' }, record, dummy),
    ).toBe(false);
    expect(
      await verifyKbi({ fullName: 'Sokha Chan', dob: '1990-04-13', birthPlace: 'Kampong Cham' }, record, dummy),
    ).toBe(false);
    expect(
      await verifyKbi(
        { fullName: 'Sokha Chan', dob: '1990-04-12', birthPlace: 'dummy' },
        { ...record, knowledgeHashes: {} },
        dummy,
      ),
    ).toBe(false);
  });
});
