// Which language the app speaks: the catalogues that exist, the first of the resident's wishes
// (ui_locales, then the browser's languages) that one of them serves, its writing direction, and
// the relying party's name in that language (eSignet keys client names by ISO 639-3 codes).
import { toBcp47, toIso639_3 } from '@signet-kiosk/shared/esignet';

/** Languages written right to left (by primary subtag). */
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'dv', 'yi']);

export const primarySubtag = (tag: string): string => tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';

export const directionOf = (lang: string): 'ltr' | 'rtl' => (RTL.has(primarySubtag(lang)) ? 'rtl' : 'ltr');

/**
 * The first of the wished languages that a catalogue serves (by primary subtag, so `fr-CA` gets
 * `fr`), else the fallback. `uiLocales` is OIDC's space-separated list.
 */
export function chooseLanguage(
  uiLocales: string | null | undefined,
  browserLanguages: readonly string[],
  available: readonly string[],
  fallback = 'en',
): string {
  const wishes = [...(uiLocales ?? '').split(' ').filter(Boolean), ...browserLanguages];
  for (const wish of wishes) {
    const primary = primarySubtag(wish);
    const iso1 = toBcp47(primary);
    if (available.includes(iso1)) return iso1;
  }
  return fallback;
}

/** Endonyms of the languages we ship or may soon: browsers' Intl data lacks some (Chromium names km "Khmer"). */
const ENDONYMS: Record<string, string> = {
  en: 'English',
  fr: 'Français',
  km: 'ខ្មែរ',
  ar: 'العربية',
  lo: 'ລາວ',
  th: 'ไทย',
  vi: 'Tiếng Việt',
};

/** The language's own name for itself (the language switch lists each in its own script). */
export function nativeName(lang: string): string {
  if (ENDONYMS[lang]) return ENDONYMS[lang];
  try {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang);
    return name ? name.charAt(0).toLocaleUpperCase(lang) + name.slice(1) : lang;
  } catch {
    return lang;
  }
}

/**
 * A localised text from a map keyed by language (eSignet's `{"@none": …, "khm": …}`): the chosen
 * language in either ISO 639 form, else `@none`, else any. Returns the text and its language.
 */
export function pickLocalised(map: Record<string, string>, lang: string): { text: string; lang?: string } {
  const keys = Object.keys(map).filter((k) => k !== '@none' && map[k]);
  const wanted = toIso639_3(lang);
  const key =
    keys.find((k) => k.toLowerCase() === lang.toLowerCase()) ??
    keys.find((k) => wanted !== undefined && toIso639_3(k) === wanted);
  if (key) return { text: map[key]!, lang };
  if (map['@none']) return { text: map['@none'] };
  const any = keys[0];
  if (!any) return { text: '' };
  const anyIso3 = toIso639_3(any);
  const anyLang = anyIso3 ? toBcp47(anyIso3) : any;
  return { text: map[any]!, lang: anyLang };
}
