// Vite builds the resident login app into kiosk/dist/renderer/, which the server serves at /login
// (it reads the built files, never the kiosk's sources). Run from the repository root:
// `vite build --config kiosk/renderer/vite.config.ts` (npm run build:renderer).
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'kiosk/renderer',
  // Every URL the page loads lives under /login/app/ on the server.
  base: '/login/app/',
  // Our parts' sources through their "source" export condition, like tsc and vitest.
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The strict CSP allows no inline script: no module-preload polyfill (every browser we serve
    // supports modulepreload), and every asset a file, never a data: URL inlined into a script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
  },
});
