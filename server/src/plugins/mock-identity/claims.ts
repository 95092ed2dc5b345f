// Maps a resident to the accepted OpenID Connect claims: one locale (or none: the preferred language,
// else English) gives plain keys; several give `name#eng`, `name#khm`, … for each the resident has.
import type { Multilingual, Resident } from './identity-data.js';
import { toBcp47, toIso639_3 } from '@signet-kiosk/shared/esignet';

export const SUPPORTED_CLAIMS = [
  'name',
  'given_name',
  'family_name',
  'gender',
  'birthdate',
  'email',
  'phone_number',
  'address',
  'picture',
  'locale',
] as const;
export type SupportedClaim = (typeof SUPPORTED_CLAIMS)[number];

const DEFAULT_LANGUAGE = 'eng';

/** The asked locales as distinct ISO 639-3 codes (`en`, `en-US`, `eng` → `eng`); unmappable tags are ignored. */
export function resolveLocales(claimsLocales: string[], preferredLang: string | undefined): string[] {
  const asked = [...new Set(claimsLocales.map(toIso639_3).filter((l): l is string => l !== undefined))];
  return asked.length > 0 ? asked : [preferredLang ?? DEFAULT_LANGUAGE];
}

type Localised = Record<string, string>;

/**
 * One localised value as claim entries: `{name: v}` for one locale, `{'name#eng': v1, 'name#khm': v2}`
 * for several. When the resident has none of the asked languages, the plain key carries the value
 * in their preferred language (else English, else the first one), so the claim is not silently lost.
 */
function localise(
  key: string,
  values: Multilingual | undefined,
  locales: string[],
  preferredLang: string | undefined,
): Localised {
  if (!values || values.length === 0) return {};
  const inLanguage = (lang: string) => values.find((v) => v.language === lang)?.value;
  const fallback = () =>
    inLanguage(preferredLang ?? DEFAULT_LANGUAGE) ?? inLanguage(DEFAULT_LANGUAGE) ?? values[0]!.value;
  if (locales.length === 1) return { [key]: inLanguage(locales[0]!) ?? fallback() };
  const out: Localised = {};
  for (const lang of locales) {
    const v = inLanguage(lang);
    if (v !== undefined) out[`${key}#${lang}`] = v;
  }
  return Object.keys(out).length > 0 ? out : { [key]: fallback() };
}

function address(r: Resident, locales: string[]): Record<string, string> | undefined {
  const pref = r.preferredLang;
  const parts: Record<string, string> = {
    ...localise('street_address', r.streetAddress, locales, pref),
    ...localise('locality', r.locality, locales, pref),
    ...localise('region', r.region, locales, pref),
    ...(r.postalCode ? { postal_code: r.postalCode } : {}),
    ...localise('country', r.country, locales, pref),
  };
  if (Object.keys(parts).length === 0) return undefined;
  // `formatted` per language, from that language's parts (plain keys when a single locale).
  // With several locales the plain suffix comes last: it is used only when no language had parts.
  const suffixes = locales.length === 1 ? [''] : [...locales.map((l) => `#${l}`), ''];
  const formatted: Record<string, string> = {};
  for (const suffix of suffixes) {
    if (suffix === '' && Object.keys(formatted).length > 0) break;
    const localisedParts = ['street_address', 'locality', 'region'].map(
      (k) => parts[`${k}${suffix}`] ?? (suffix ? undefined : parts[k]),
    );
    if (localisedParts.every((p) => p === undefined)) continue;
    const country = parts[`country${suffix}`] ?? parts.country;
    formatted[`formatted${suffix}`] = [...localisedParts, parts.postal_code, country]
      .filter((p) => p !== undefined)
      .join(', ');
  }
  return { ...formatted, ...parts };
}

/** A base64 photo as a data URL (JPEG unless it is a PNG). */
function pictureUrl(encodedPhoto: string): string {
  if (encodedPhoto.startsWith('data:')) return encodedPhoto;
  return `data:image/${encodedPhoto.startsWith('iVBOR') ? 'png' : 'jpeg'};base64,${encodedPhoto}`;
}

/** The accepted claims the resident has, localised for `claimsLocales`. Unsupported names are ignored. */
export function buildClaims(r: Resident, acceptedClaims: string[], claimsLocales: string[]): Record<string, unknown> {
  const locales = resolveLocales(claimsLocales, r.preferredLang);
  const pref = r.preferredLang;
  const accepted = new Set(acceptedClaims);
  const claims: Record<string, unknown> = {};
  const builders: Record<SupportedClaim, () => Record<string, unknown>> = {
    name: () => localise('name', r.fullName, locales, pref),
    given_name: () => localise('given_name', r.givenName, locales, pref),
    family_name: () => localise('family_name', r.familyName, locales, pref),
    gender: () => localise('gender', r.gender, locales, pref),
    birthdate: () => (r.dateOfBirth ? { birthdate: r.dateOfBirth } : {}),
    email: () => (r.email ? { email: r.email } : {}),
    phone_number: () => (r.phone ? { phone_number: r.phone } : {}),
    address: () => {
      const a = address(r, locales);
      return a ? { address: a } : {};
    },
    picture: () => (r.encodedPhoto ? { picture: pictureUrl(r.encodedPhoto) } : {}),
    locale: () => ({ locale: toBcp47(pref ?? DEFAULT_LANGUAGE) }),
  };
  for (const claim of SUPPORTED_CLAIMS) {
    if (accepted.has(claim)) Object.assign(claims, builders[claim]());
  }
  return claims;
}
