// Build time only (vite.config.ts): a catalogue's ICU messages parsed into the syntax trees
// intl-messageformat formats, so the browser gets them parsed and the ICU parser stays out of the
// bundle. Parsed by intl-messageformat itself, as the app would at run time; a message that does
// not parse is an error naming the catalogue and the key.
import { IntlMessageFormat } from 'intl-messageformat';
import type { Catalogue } from './i18n.js';

export function compileCatalogue(lang: string, messages: Record<string, unknown>): Catalogue {
  return Object.fromEntries(
    Object.entries(messages).map(([key, message]) => {
      if (typeof message !== 'string') throw new Error(`${lang}.json: message ${key} is not a string`);
      try {
        return [key, new IntlMessageFormat(message, lang).getAst()];
      } catch (error) {
        throw new Error(`${lang}.json: message ${key} is not valid ICU: ${(error as Error).message}`);
      }
    }),
  );
}
