// The browser-safe entry points of shared (`./esignet`, `./oidc`, `./sbi`, `./kiosk`: what the
// renderer may import, lint/part-boundaries.js) stay browser-safe: everything reachable from them bundles for a
// browser (esbuild refuses node:* and built-ins there, in dependencies too), and none of our own
// modules it reaches uses Node's globals (Buffer, process, require), which a bundler lets through.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRIES = [
  'shared/src/esignet/index.ts',
  'shared/src/oidc/index.ts',
  'shared/src/sbi/index.ts',
  'shared/src/kiosk/index.ts',
];
const NODE_GLOBALS = /\b(?:Buffer|process|require|__dirname|__filename|global)\b(?!['":])/;

/** Our modules a browser bundle of `entry` holds, or the bundler's errors. */
async function browserBundleInputs(entry: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
    conditions: ['source'],
  });
  return Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'));
}

/** Lines of a module that name a Node global outside comments. */
function nodeGlobalLines(file: string): string[] {
  const code = readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, (comment) =>
    comment.replace(/[^\n]/g, ' '),
  );
  return code
    .split('\n')
    .map((line, i) => [line.replace(/\/\/.*$/, ''), i + 1] as const)
    .filter(([line]) => NODE_GLOBALS.test(line))
    .map(([line, n]) => `${file}:${n}: ${line.trim()}`);
}

describe('browser-safe entry points of shared', () => {
  it.each(ENTRIES)('%s bundles for a browser and its modules use no Node global', async (entry) => {
    const inputs = await browserBundleInputs(entry);
    expect(inputs).toContain(entry);
    expect(inputs.flatMap(nodeGlobalLines)).toEqual([]);
  });

  it('catches what it guards against: a Node built-in, and Buffer in one of our modules', async () => {
    await expect(browserBundleInputs('shared/src/sbi/crypto.ts')).rejects.toThrow(/node:crypto|crypto/);
    expect(nodeGlobalLines('shared/src/sbi/hash-chain.ts').length).toBeGreaterThan(0);
  });
});
