// Every catalogue has every message English has, each one valid ICU that formats with the
// values English's uses; and the language helpers choose and mirror as they should.
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { AVAILABLE_LANGUAGES, createTranslator, loadCatalogue } from './i18n.js';
import { chooseLanguage, directionOf, pickLocalised } from './languages.js';

// Every catalogue file there is (the renderer reads no files: Vite lists them).
const files = import.meta.glob<Record<string, string>>('./catalogues/*.json', { eager: true, import: 'default' });
const catalogues = Object.fromEntries(Object.entries(files).map(([file, c]) => [/([a-z]+)\.json$/.exec(file)![1]!, c]));
const read = (lang: string) => catalogues[lang]!;
const en = read('en');
const languages = Object.keys(catalogues);

/** The argument names a message uses (ICU's {name} and {name, plural, …}). */
const argumentsOf = (message: string) => new Set([...message.matchAll(/\{\s*([A-Za-z]+)\s*[,}]/g)].map((m) => m[1]));

describe('message catalogues', () => {
  it('exist for English, French, Khmer and Arabic, and the app offers exactly those', () => {
    expect(languages.sort()).toEqual(['ar', 'en', 'fr', 'km']);
    expect([...AVAILABLE_LANGUAGES].sort()).toEqual(languages.sort());
  });

  for (const lang of languages.filter((l) => l !== 'en')) {
    it(`${lang} has every key English has, and no other`, () => {
      const catalogue = read(lang);
      expect(Object.keys(en).filter((k) => !(k in catalogue))).toEqual([]);
      expect(Object.keys(catalogue).filter((k) => !(k in en))).toEqual([]);
    });

    it(`${lang} messages are valid ICU using English's arguments and format in ${lang}`, () => {
      const catalogue = read(lang);
      for (const [key, message] of Object.entries(catalogue)) {
        expect(argumentsOf(message), key).toEqual(argumentsOf(en[key]!));
        const values = Object.fromEntries(
          [...argumentsOf(message)].map((a) => [a, a === 'count' || a === 'seconds' ? 2 : 'X']),
        );
        expect(() => new IntlMessageFormat(message, lang).format(values), key).not.toThrow();
      }
    });
  }

  it('formats plurals by the language’s rules', async () => {
    const t = (lang: string) => loadCatalogue(lang).then((c) => createTranslator(lang, c).t);
    expect((await t('en'))('error.attemptsLeft', { count: 1 })).toBe('1 attempt left.');
    expect((await t('en'))('error.attemptsLeft', { count: 2 })).toBe('2 attempts left.');
    expect((await t('fr'))('error.attemptsLeft', { count: 1 })).toBe('Il reste 1 tentative.');
    expect((await t('ar'))('error.attemptsLeft', { count: 2 })).toBe('تبقّت محاولتان.');
    expect((await t('ar'))('error.attemptsLeft', { count: 3 })).toBe('تبقّت ٣ محاولات.');
  });

  it('writes numbers in the catalogue’s digits, as its dates are', async () => {
    const t = (lang: string) => loadCatalogue(lang).then((c) => createTranslator(lang, c).t);
    expect((await t('km'))('error.attemptsLeft', { count: 2 })).toBe('នៅសល់ការព្យាយាម ២ ដងទៀត។');
    expect((await t('km'))('factor.OTP.resendIn', { seconds: 45 })).toContain('៤៥ វិនាទី');
    expect((await t('ar'))('bio.retryIn', { seconds: 12 })).toContain('١٢');
    expect((await t('fr'))('factor.OTP.resendIn', { seconds: 45 })).toContain('45');
    expect((await t('en'))('error.attemptsLeft', { count: 12 })).toBe('12 attempts left.');
  });

  it('falls back to English for a message a catalogue lacks', () => {
    expect(createTranslator('fr', {}).t('action.cancel')).toBe('Cancel');
  });
});

describe('languages', () => {
  it('chooses from ui_locales first, then the browser, by primary subtag, else English', () => {
    expect(chooseLanguage('km en', ['fr-FR'], AVAILABLE_LANGUAGES)).toBe('km');
    expect(chooseLanguage('de', ['fr-CA', 'en'], AVAILABLE_LANGUAGES)).toBe('fr');
    expect(chooseLanguage(null, ['ar-EG'], AVAILABLE_LANGUAGES)).toBe('ar');
    expect(chooseLanguage('khm', [], AVAILABLE_LANGUAGES)).toBe('km');
    expect(chooseLanguage('de', ['ja'], AVAILABLE_LANGUAGES)).toBe('en');
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('ar-EG')).toBe('rtl');
    expect(directionOf('km')).toBe('ltr');
    expect(directionOf('fr')).toBe('ltr');
  });

  it('picks the relying party’s name in either ISO 639 form, else @none', () => {
    const names = { '@none': 'Test RP', khm: 'ភាគី', ara: 'الطرف' };
    expect(pickLocalised(names, 'km')).toEqual({ text: 'ភាគី', lang: 'km' });
    expect(pickLocalised(names, 'ar')).toEqual({ text: 'الطرف', lang: 'ar' });
    expect(pickLocalised(names, 'fr')).toEqual({ text: 'Test RP' });
    expect(pickLocalised({ fra: 'Mon RP' }, 'en')).toEqual({ text: 'Mon RP', lang: 'fr' });
  });
});
