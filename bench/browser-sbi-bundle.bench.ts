// `npm run bench:sbi-browser-size`: what the browser's SBI client costs the resident app's
// JavaScript budget (≤ 150 KB gzipped for all of it): each piece bundled for a browser with
// esbuild, minified, and gzipped at level 9, as the renderer's bundler would ship it. zod is
// reported alone because the whole app needs it anyway (every API answer is parsed with it).
// One JSON document on stdout.
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What each figure bundles: an entry module's text, resolved from the repository root. */
const PIECES: Record<string, string> = {
  'device-JWS verifier (verifyJwsX5cWeb: jose JWS, DER reader, path rules)':
    "export { verifyJwsX5cWeb, webCertificates } from './shared/src/sbi/index.ts'",
  'zod schemas the client parses with (discovery, info, capture, trust anchors)':
    "export { DiscoveryResponseSchema, DeviceInfoResponseSchema, CaptureResponseSchema, SbiTrustAnchorsSchema } from './shared/src/sbi/index.ts'",
  'the whole browser SbiClient (kiosk/renderer/src/sbi/browser-transport.ts)':
    "export { BrowserSbiClient } from './kiosk/renderer/src/sbi/browser-transport.ts'",
};

const figures: Record<string, { minifiedBytes: number; gzipBytes: number }> = {};
for (const [name, contents] of Object.entries(PIECES)) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    conditions: ['source'],
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0]!.contents;
  figures[name] = { minifiedBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}
const [, zod, client] = Object.values(figures);
console.log(
  JSON.stringify(
    {
      bench: 'browser-sbi-bundle',
      esbuild: (await import('esbuild')).version,
      figures,
      clientBeyondZodGzipBytes: client!.gzipBytes - zod!.gzipBytes,
    },
    null,
    2,
  ),
);
