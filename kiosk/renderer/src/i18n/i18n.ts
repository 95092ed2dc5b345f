// The app's words: ICU message catalogues (catalogues/<lang>.json, English bundled, the others
// loaded when chosen) formatted with FormatJS's intl-messageformat, with English as the fallback
// for any message a catalogue lacks (a test makes sure none does). The production build hands
// the app its catalogues already parsed (vite.config.ts compiles them and leaves the ICU parser
// out of the bundle); under Node and in tests they are ICU strings, parsed here.
import { IntlMessageFormat, type Formatters } from 'intl-messageformat';
import en from './catalogues/en.json';

/** A catalogue's messages: ICU strings, or the same messages parsed (in the built app). */
export type Catalogue = Record<string, ConstructorParameters<typeof IntlMessageFormat>[0]>;
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

/** `make`, remembering what it made for each list of arguments (locales and options: JSON-able). */
function memo<A extends unknown[], R>(make: (...args: A) => R): (...args: A) => R {
  const made = new Map<string, R>();
  return (...args) => {
    const key = JSON.stringify(args);
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(...args)));
    return value;
  };
}

const numberFormat = memo(
  (locales?: string | string[], opts?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locales, opts),
);
const dateTimeFormat = memo(
  (locales?: Intl.LocalesArgument, opts?: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locales, opts),
);
const pluralRules = memo(
  (locales?: Intl.LocalesArgument, opts?: Intl.PluralRulesOptions) => new Intl.PluralRules(locales, opts),
);

/** Intl's numbering systems by their zero: a catalogue's `calendar.digits` begins with it. */
const NUMBERING_SYSTEMS: Record<string, string> = {
  '0': 'latn',
  '٠': 'arab',
  '۰': 'arabext',
  '០': 'khmr',
  '๐': 'thai',
  '໐': 'laoo',
};

/**
 * The Intl formatters of a language's messages, shared by all of them (by default each
 * IntlMessageFormat makes its own NumberFormat and PluralRules, which costs the first screen tens of
 * milliseconds on a slow machine). Numbers (`#` in plurals, `{n, number}`) are written in the
 * catalogue's digits, as its dates are: "៣" in Khmer, "٣" in Arabic.
 */
function formattersWithDigits(digits: string): Formatters {
  const numberingSystem = NUMBERING_SYSTEMS[[...digits][0] ?? '0'];
  return {
    getNumberFormat: (locales, opts) => numberFormat(locales, numberingSystem ? { numberingSystem, ...opts } : opts),
    getDateTimeFormat: dateTimeFormat,
    getPluralRules: pluralRules,
  };
}

// Each IntlMessageFormat resolves its locale when made, through Intl.NumberFormat.supportedLocalesOf,
// whose first call enumerates every locale the browser has (60 ms of the first screen on a slow
// machine). The app's languages are its catalogues', which every browser it serves knows, and the
// resolved locale only serves to parse messages (they arrive parsed) and resolvedOptions(): it is
// made directly, once per language.
const resolvedLocales = new Map<string, Intl.Locale>();
IntlMessageFormat.resolveLocale = (locales) => {
  const lang = Array.isArray(locales) ? locales[0]! : (locales as string);
  let locale = resolvedLocales.get(lang);
  if (!locale) resolvedLocales.set(lang, (locale = new Intl.Locale(lang)));
  return locale;
};

export function createTranslator(lang: string, catalogue: Catalogue): Translator {
  const cache = new Map<string, IntlMessageFormat>();
  const english = en as Catalogue;
  const digits = catalogue['calendar.digits'] ?? english['calendar.digits']!;
  const formatters = formattersWithDigits(String(new IntlMessageFormat(digits, lang).format()));
  return {
    lang,
    t(key, values) {
      let format = cache.get(key);
      if (!format) {
        const own = catalogue[key];
        format =
          own !== undefined
            ? new IntlMessageFormat(own, lang, undefined, { formatters })
            : new IntlMessageFormat(english[key]!, 'en', undefined, { formatters });
        cache.set(key, format);
      }
      return String(format.format(values));
    },
  };
}
