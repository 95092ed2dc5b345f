// The app's words: ICU message catalogues (catalogues/<lang>.json, English bundled, the others
// loaded when chosen) formatted with FormatJS's intl-messageformat, with English as the fallback
// for any message a catalogue lacks (a test makes sure none does).
import { IntlMessageFormat } from 'intl-messageformat';
import en from './catalogues/en.json';

export type Catalogue = Record<string, string>;
export type MessageKey = keyof typeof en;
export type MessageValues = Record<string, string | number | Date>;

const lazyCatalogues = import.meta.glob<Catalogue>(['./catalogues/*.json', '!./catalogues/en.json'], {
  import: 'default',
});

const languageOf = (file: string) => /([a-z]{2,3})\.json$/.exec(file)![1]!;

/** The languages a catalogue exists for, English first. */
export const AVAILABLE_LANGUAGES: readonly string[] = ['en', ...Object.keys(lazyCatalogues).map(languageOf).sort()];

export async function loadCatalogue(lang: string): Promise<Catalogue> {
  if (lang === 'en') return en;
  const loader = Object.entries(lazyCatalogues).find(([file]) => languageOf(file) === lang)?.[1];
  if (!loader) throw new Error(`no catalogue for ${lang}`);
  return loader();
}

export interface Translator {
  lang: string;
  t(key: MessageKey, values?: MessageValues): string;
}

export function createTranslator(lang: string, catalogue: Catalogue): Translator {
  const cache = new Map<string, IntlMessageFormat>();
  return {
    lang,
    t(key, values) {
      let format = cache.get(key);
      if (!format) {
        const own = catalogue[key];
        format = own !== undefined ? new IntlMessageFormat(own, lang) : new IntlMessageFormat(en[key], 'en');
        cache.set(key, format);
      }
      return String(format.format(values));
    },
  };
}
