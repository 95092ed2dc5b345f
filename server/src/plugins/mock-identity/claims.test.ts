import { describe, expect, it } from 'vitest';
import { buildClaims, resolveLocales, SUPPORTED_CLAIMS } from './claims.js';
import { publicPart } from './identity-data.js';
import { toBcp47, toIso639_3 } from '@signet-kiosk/shared/esignet';
import { readSeed } from './seed.js';

const seed = readSeed();
const resident = (id: string) => publicPart(seed.find((r) => r.individualId === id)!);
const sokha = resident('2804195601'); // eng + khm, prefers khm
const dara = resident('2804195602'); // eng + khm, prefers eng
const amina = resident('2804195604'); // eng + ara + khm, prefers ara
const vuthy = resident('2804195606'); // has a photo
const ALL = [...SUPPORTED_CLAIMS];

describe('languages', () => {
  it('maps BCP 47 tags to ISO 639-3 and back', () => {
    expect(['en', 'en-US', 'eng', 'km', 'KM', 'khm', 'ar', 'ara', 'fr'].map(toIso639_3)).toEqual([
      'eng',
      'eng',
      'eng',
      'khm',
      'khm',
      'khm',
      'ara',
      'ara',
      'fra',
    ]);
    expect(toIso639_3('1x')).toBeUndefined();
    expect(['eng', 'khm', 'ara', 'qqq'].map(toBcp47)).toEqual(['en', 'km', 'ar', 'qqq']);
  });

  it('resolves claims_locales: distinct, mapped, else the preferred language, else English', () => {
    expect(resolveLocales(['en', 'eng', 'km-KH'], 'khm')).toEqual(['eng', 'khm']);
    expect(resolveLocales([], 'khm')).toEqual(['khm']);
    expect(resolveLocales(['??'], undefined)).toEqual(['eng']);
  });
});

describe('buildClaims', () => {
  it('releases only the accepted, supported claims', () => {
    expect(buildClaims(sokha, ['email', 'birthdate', 'sub', 'iss', 'nationality'], ['en'])).toEqual({
      email: 'sokha.chan@example.org',
      birthdate: '1990-04-12',
    });
    expect(buildClaims(sokha, [], ['en'])).toEqual({});
  });

  it('gives plain keys in the one asked language', () => {
    const c = buildClaims(sokha, ALL, ['km']);
    expect(c).toMatchObject({
      name: 'ចាន់ សុខា',
      given_name: 'សុខា',
      family_name: 'ចាន់',
      gender: 'ស្រី',
      phone_number: '+85512345601',
      locale: 'km',
    });
    expect(c.address).toEqual({
      formatted: 'ផ្ទះលេខ ១២ ផ្លូវ ២៧១, ចំការមន, ភ្នំពេញ, 120101, កម្ពុជា',
      street_address: 'ផ្ទះលេខ ១២ ផ្លូវ ២៧១',
      locality: 'ចំការមន',
      region: 'ភ្នំពេញ',
      postal_code: '120101',
      country: 'កម្ពុជា',
    });
    expect(Object.keys(c).some((k) => k.includes('#'))).toBe(false);
    expect(c.picture).toBeUndefined();
  });

  it("uses the resident's preferred language when no locale is asked", () => {
    expect(buildClaims(sokha, ['name'], [])).toEqual({ name: 'ចាន់ សុខា' });
    expect(buildClaims(dara, ['name'], [])).toEqual({ name: 'Dara Lim' });
    expect(buildClaims(amina, ['name', 'locale'], [])).toEqual({ name: 'أمينة حداد', locale: 'ar' });
  });

  it('gives name#eng, name#khm … with several locales, for the languages the resident has', () => {
    const c = buildClaims(amina, ['name', 'gender', 'address', 'email'], ['en', 'km', 'ar']);
    expect(c).toMatchObject({
      'name#eng': 'Amina Haddad',
      'name#khm': 'អាមីណា ហាដាដ',
      'name#ara': 'أمينة حداد',
      'gender#ara': 'أنثى',
      email: 'amina.haddad@example.org',
    });
    expect(c.name).toBeUndefined();
    const address = c.address as Record<string, string>;
    expect(address['street_address#ara']).toBe('١٥ شارع الرينبو');
    expect(address['street_address#khm']).toBeUndefined(); // Amina has no Khmer street address
    expect(address['country#khm']).toBe('ហ្ស៊កដានី');
    expect(address['formatted#eng']).toBe('15 Rainbow Street, Jabal Amman, Amman Governorate, 11181, Jordan');
    expect(address.postal_code).toBe('11181');
  });

  it('falls back to a plain key when the resident has none of the asked languages', () => {
    expect(buildClaims(dara, ['name'], ['ar'])).toEqual({ name: 'Dara Lim' });
    expect(buildClaims(dara, ['name'], ['ar', 'fr'])).toEqual({ name: 'Dara Lim' });
  });

  it('gives the photo as a data URL', () => {
    expect(buildClaims(vuthy, ['picture'], [])).toEqual({
      picture: expect.stringMatching(/^data:image\/png;base64,iVBOR/),
    });
  });
});
