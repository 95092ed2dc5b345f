// Vite builds the resident login app into kiosk/dist/renderer/, which the server serves at /login
// (it reads the built files, never the kiosk's sources). Run from the repository root:
// `vite build --config kiosk/renderer/vite.config.ts` (npm run build:renderer).
import { defineConfig, type Plugin } from 'vite';
import { compileCatalogue } from './src/i18n/catalogue-compiler.js';

const CATALOGUE = /\/i18n\/catalogues\/([a-z]{2,3})\.json$/;

/**
 * Hands the app its catalogues already parsed, so the browser neither downloads the ICU parser
 * (the alias below swaps it for FormatJS's parser-free build) nor spends time parsing messages.
 */
const precompiledCatalogues: Plugin = {
  name: 'signet-precompiled-catalogues',
  enforce: 'pre',
  transform(code, id) {
    const lang = CATALOGUE.exec(id)?.[1];
    if (!lang) return undefined;
    return { code: JSON.stringify(compileCatalogue(lang, JSON.parse(code) as Record<string, unknown>)), map: null };
  },
};

/**
 * Writes locales.json beside the page: the languages whose catalogue the bundle holds (English
 * first). The server reads it for discovery's ui_locales_supported without importing the kiosk.
 */
const localesManifest: Plugin = {
  name: 'signet-locales-manifest',
  generateBundle() {
    const languages = [...this.getModuleIds()].map((id) => CATALOGUE.exec(id)?.[1]).filter((l): l is string => !!l);
    const sorted = ['en', ...[...new Set(languages)].filter((l) => l !== 'en').sort()];
    this.emitFile({ type: 'asset', fileName: 'locales.json', source: `${JSON.stringify({ languages: sorted })}\n` });
  },
};

export default defineConfig({
  root: 'kiosk/renderer',
  // Every URL the page loads lives under /login/app/ on the server.
  base: '/login/app/',
  // Our parts' sources through their "source" export condition, like tsc and vitest.
  resolve: {
    conditions: ['source', 'module', 'browser', 'development|production'],
    // The catalogues arrive parsed (precompiledCatalogues): FormatJS's build without the parser.
    alias: [
      { find: /^@formatjs\/icu-messageformat-parser$/, replacement: '@formatjs/icu-messageformat-parser/no-parser.js' },
    ],
  },
  plugins: [precompiledCatalogues, localesManifest],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The strict CSP allows no inline script: no module-preload polyfill (every browser we serve
    // supports modulepreload), and every asset a file, never a data: URL inlined into a script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
    // No source maps: they would hand every visitor the app's sources and comments, and the server refuses them anyway.
    sourcemap: false,
    reportCompressedSize: true,
  },
});
