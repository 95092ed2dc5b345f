// The block's end in the resident's language: Intl's words where the browser has the language's
// date data, the catalogue's order, month names and digits where it has not (Chromium and Khmer).
import { describe, expect, it } from 'vitest';
import { formatDateTime, intlFormatsDatesIn } from './date-time.js';
import { createTranslator, loadCatalogue } from './i18n.js';

const translator = async (lang: string) => createTranslator(lang, await loadCatalogue(lang)).t;
/** 5 January 2030, 14:07 in the local time zone, as the page shows it. */
const BLOCK_END = new Date(2030, 0, 5, 14, 7);
const lacking = () => false;

describe('formatDateTime', () => {
  it('writes a Khmer date with Khmer month names and digits when Intl has no Khmer data', async () => {
    expect(formatDateTime(await translator('km'), 'km', BLOCK_END, lacking)).toBe('ថ្ងៃទី៥ ខែមករា ម៉ោង ១៤:០៧');
    expect(formatDateTime(await translator('km'), 'km', new Date(2030, 11, 31, 9, 30), lacking)).toBe(
      'ថ្ងៃទី៣១ ខែធ្នូ ម៉ោង ០៩:៣០',
    );
  });

  it("uses each catalogue's order, month names and digits likewise", async () => {
    expect(formatDateTime(await translator('ar'), 'ar', BLOCK_END, lacking)).toBe('٥ يناير الساعة ١٤:٠٧');
    expect(formatDateTime(await translator('fr'), 'fr', BLOCK_END, lacking)).toBe('5 janvier à 14:07');
    expect(formatDateTime(await translator('en'), 'en', BLOCK_END, lacking)).toBe('January 5, 14:07');
  });

  it("uses Intl's own words where it has the language", async () => {
    const intl = (lang: string) =>
      new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', day: 'numeric', month: 'long' }).format(
        BLOCK_END,
      );
    for (const lang of ['en', 'fr', 'ar']) {
      expect(intlFormatsDatesIn(lang)).toBe(true);
      expect(formatDateTime(await translator(lang), lang, BLOCK_END)).toBe(intl(lang));
    }
  });

  it('asks Intl which languages it has date data for', () => {
    expect(intlFormatsDatesIn('en')).toBe(true);
    // A language no ICU build has data for (a private-use tag).
    expect(intlFormatsDatesIn('qaa')).toBe(false);
  });
});
