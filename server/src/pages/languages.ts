// The language of the server's own pages: the first of the request's `ui_locales` (OIDC Core
// §3.1.2.1, BCP 47 or eSignet's ISO 639-2 codes), then of its Accept-Language, that the pages
// are written in; English otherwise. Arabic is written right to left.

export const PAGE_LANGUAGES = ['en', 'fr', 'km', 'ar'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/** ISO 639-2 codes (eSignet's `eng`, `khm`, …) of the page languages. */
const ISO_639_2: Record<string, PageLanguage> = { eng: 'en', fra: 'fr', fre: 'fr', khm: 'km', ara: 'ar' };

/** The page language a language tag names (`fr-CA` → fr, `khm` → km), if any. */
function languageOf(tag: string): PageLanguage | undefined {
  const primary = tag.trim().split(/[-_]/)[0]!.toLowerCase();
  if ((PAGE_LANGUAGES as readonly string[]).includes(primary)) return primary as PageLanguage;
  return ISO_639_2[primary];
}

/** Accept-Language's tags, most wanted first (q=0 left out; equal q keep their order). */
function acceptedTags(header: string): string[] {
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((p) => p.trim());
      const q = params.find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((t) => t.tag !== '' && t.tag !== '*' && t.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((t) => t.tag);
}

/**
 * @example pageLanguage(req.query.ui_locales, req.get('accept-language')) // 'km' for ui_locales=km-KH
 */
export function pageLanguage(uiLocales: unknown, acceptLanguage: string | undefined): PageLanguage {
  const tags = [
    ...(typeof uiLocales === 'string' ? uiLocales.split(' ').slice(0, 20) : []),
    ...(acceptLanguage ? acceptedTags(acceptLanguage.slice(0, 500)) : []),
  ];
  for (const tag of tags) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return 'en';
}

export function textDirection(language: PageLanguage): 'ltr' | 'rtl' {
  return language === 'ar' ? 'rtl' : 'ltr';
}
