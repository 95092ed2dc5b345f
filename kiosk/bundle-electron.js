// Build step after tsc (npm run build:kiosk): the Electron main process and the preload script, each
// bundled with what it imports of shared, sbi-bridge and their dependencies into one file under
// kiosk/dist/app/, which is all the packaged app holds besides the renderer build. The preload must
// be one CommonJS file: a sandboxed preload can require nothing but `electron`. The main process is
// ESM; its CommonJS dependencies get a `require` for Node's built-ins.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const KIOSK = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(KIOSK, 'dist', 'app');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  external: ['electron'],
  // Our parts from their TypeScript sources, as tsc and vitest see them.
  conditions: ['source'],
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
};

const [main, preload] = await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(KIOSK, 'main', 'electron', 'kiosk.main.ts')],
    outfile: path.join(OUT, 'kiosk.main.mjs'),
    format: 'esm',
    banner: {
      js: "import { createRequire as __kioskRequire } from 'node:module'; const require = __kioskRequire(import.meta.url);",
    },
  }),
  build({
    ...common,
    entryPoints: [path.join(KIOSK, 'preload', 'kiosk.preload.ts')],
    outfile: path.join(OUT, 'kiosk.preload.cjs'),
    format: 'cjs',
  }),
]);

// The server is never part of the kiosk (docs/architecture.md).
for (const { metafile } of [main, preload]) {
  const server = Object.keys(metafile.inputs).filter((file) => file.startsWith('server/'));
  if (server.length > 0) throw new Error(`the kiosk bundle holds server code: ${server.join(', ')}`);
}
