// Language tags: eSignet keys residents' data and client names by ISO 639-3 codes as in eSignet (`eng`, `khm`, `ara`);
// claims_locales and the `locale` claim use BCP 47 (`en`, `km`, `ar`). This maps between them.

const ISO639_1_TO_3: Record<string, string> = {
  ar: 'ara',
  bn: 'ben',
  de: 'deu',
  en: 'eng',
  es: 'spa',
  fil: 'fil',
  fr: 'fra',
  hi: 'hin',
  id: 'ind',
  km: 'khm',
  kn: 'kan',
  lo: 'lao',
  ms: 'msa',
  my: 'mya',
  pt: 'por',
  ru: 'rus',
  si: 'sin',
  sw: 'swa',
  ta: 'tam',
  th: 'tha',
  tl: 'tgl',
  ur: 'urd',
  vi: 'vie',
  zh: 'zho',
};
const ISO639_3_TO_1: Record<string, string> = Object.fromEntries(
  Object.entries(ISO639_1_TO_3).map(([two, three]) => [three, two]),
);

/**
 * The ISO 639-3 code of a language tag, from its primary subtag: `en-US` → `eng`, `km` → `khm`,
 * `ara` → `ara`. Undefined when the tag is not a language tag we can map.
 */
export function toIso639_3(tag: string): string | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary in ISO639_1_TO_3) return ISO639_1_TO_3[primary];
  if (/^[a-z]{3}$/.test(primary)) return primary;
  return undefined;
}

/** The shortest BCP 47 tag for an ISO 639-3 code: `khm` → `km`; codes without a 2-letter form stay as they are. */
export function toBcp47(iso639_3: string): string {
  return ISO639_3_TO_1[iso639_3] ?? iso639_3;
}
