// The catalogues the build hands the app already parsed say exactly what the ICU strings say: every
// message of every language formats the same from its syntax tree as from its text, with plural
// values on both sides of "one"; and a message that is not ICU stops the build with its key.
import { describe, expect, it } from 'vitest';
import { compileCatalogue } from './catalogue-compiler.js';
import { createTranslator, type MessageKey } from './i18n.js';

const files = import.meta.glob<Record<string, string>>('./catalogues/*.json', { eager: true, import: 'default' });
const catalogues = Object.entries(files).map(([file, c]) => [/([a-z]+)\.json$/.exec(file)![1]!, c] as const);

const argumentsOf = (message: string) => [...message.matchAll(/\{\s*([A-Za-z]+)\s*[,}]/g)].map((m) => m[1]!);

describe('precompiled catalogues', () => {
  for (const [lang, catalogue] of catalogues) {
    it(`${lang}: every message formats the same parsed as from its text`, () => {
      const fromText = createTranslator(lang, catalogue);
      const parsed = createTranslator(lang, compileCatalogue(lang, catalogue));
      for (const [key, message] of Object.entries(catalogue)) {
        for (const n of [0, 1, 2, 5, 11]) {
          const values = Object.fromEntries(
            argumentsOf(message).map((a) => [
              a,
              new RegExp(`\\{\\s*${a}\\s*,\\s*(plural|number)`).test(message) ? n : `«${a}»`,
            ]),
          );
          expect(parsed.t(key as MessageKey, values), key).toBe(fromText.t(key as MessageKey, values));
        }
      }
    });
  }

  it('refuses a message that is not ICU, naming the catalogue and the key', () => {
    expect(() => compileCatalogue('fr', { 'bio.retryIn': 'Dans {seconds, plural, one {# seconde}' })).toThrow(
      /fr\.json: message bio\.retryIn is not valid ICU/,
    );
    expect(() => compileCatalogue('fr', { 'action.back': 42 })).toThrow(
      /fr\.json: message action\.back is not a string/,
    );
  });
});
