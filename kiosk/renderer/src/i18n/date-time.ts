// A date and time in the resident's language (the block's end): the browser's Intl where it has the
// language's data, else the catalogue's order, month names and digits — Chromium ships no Khmer
// date data, and Intl would write an English date inside a Khmer sentence.
import type { Translator } from './i18n.js';

const MONTH_KEYS = [
  'calendar.month1',
  'calendar.month2',
  'calendar.month3',
  'calendar.month4',
  'calendar.month5',
  'calendar.month6',
  'calendar.month7',
  'calendar.month8',
  'calendar.month9',
  'calendar.month10',
  'calendar.month11',
  'calendar.month12',
] as const;

/** Whether this browser's Intl formats dates in `lang` (rather than falling back to its default, English). */
export const intlFormatsDatesIn = (lang: string): boolean => Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0;

/** Writes the ASCII digits of `text` with the catalogue's ten digits (when it lists ten). */
function withDigits(t: Translator['t'], text: string): string {
  const digits = [...t('calendar.digits')];
  return digits.length === 10 ? text.replace(/[0-9]/g, (d) => digits[Number(d)]!) : text;
}

/**
 * Day, month and time of `date` in the browser's time zone, in `lang`.
 * @example formatDateTime(t, 'km', new Date(2030, 0, 5, 14, 7)) // 'ថ្ងៃទី៥ ខែមករា ម៉ោង ១៤:០៧' in Chromium
 */
export function formatDateTime(
  t: Translator['t'],
  lang: string,
  date: Date,
  intlKnows: (lang: string) => boolean = intlFormatsDatesIn,
): string {
  if (intlKnows(lang))
    return new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', day: 'numeric', month: 'long' }).format(
      date,
    );
  const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  return t('calendar.dateTime', {
    day: withDigits(t, String(date.getDate())),
    month: t(MONTH_KEYS[date.getMonth()]!),
    time: withDigits(t, time),
  });
}
