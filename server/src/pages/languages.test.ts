// The page language: ui_locales first, then Accept-Language by weight, ISO 639-2 codes too,
// English when nothing matches; Arabic right to left.
import { describe, expect, it } from 'vitest';
import { pageLanguage, textDirection } from './languages.js';

describe('pageLanguage', () => {
  it('takes the first ui_locales tag the pages are written in', () => {
    expect(pageLanguage('de km-KH fr', undefined)).toBe('km');
    expect(pageLanguage('ar', 'fr')).toBe('ar');
    expect(pageLanguage('khm', undefined)).toBe('km');
    expect(pageLanguage('fra eng', undefined)).toBe('fr');
  });

  it('falls back to Accept-Language, most wanted first', () => {
    expect(pageLanguage(undefined, 'de-DE, fr;q=0.8, ar;q=0.9')).toBe('ar');
    expect(pageLanguage('de', 'fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(pageLanguage(undefined, 'km;q=0, fr;q=0.1')).toBe('fr');
  });

  it('answers English when nothing matches or the input is not a string', () => {
    expect(pageLanguage(undefined, undefined)).toBe('en');
    expect(pageLanguage(['fr'], '*, de')).toBe('en');
    expect(pageLanguage('', 'x-klingon;q=bad')).toBe('en');
  });

  it('writes Arabic right to left, the others left to right', () => {
    expect(textDirection('ar')).toBe('rtl');
    expect(['en', 'fr', 'km'].map((l) => textDirection(l as 'en'))).toEqual(['ltr', 'ltr', 'ltr']);
  });
});
