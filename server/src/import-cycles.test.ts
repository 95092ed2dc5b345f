// The server's modules import each other without cycles, type-only imports included: a cycle
// means a type or function lives in the wrong module. An import of the server's own package name
// (the plugin SDK, which mock-identity reaches that way) counts as one of the file it names.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = import.meta.dirname;
const IMPORT =
  /^(?:import|export)\b[^'"]*?\bfrom\s+'((?:\.{1,2}|@signet-kiosk\/server)(?:\/[^']+)?)'|^import\s+'(\.{1,2}\/[^']+)'/gm;
const SELF = '@signet-kiosk/server';
const EXPORTS = (
  JSON.parse(readFileSync(path.join(ROOT, '../package.json'), 'utf8')) as {
    exports: Record<string, { source: string }>;
  }
).exports;

/** The source file an import names: relative to the importer, or through the package's exports. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith(SELF)) return path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts'));
  const entry = EXPORTS[`.${specifier.slice(SELF.length)}`];
  if (!entry) throw new Error(`${file} imports ${specifier}, which the server's exports do not have`);
  return path.resolve(ROOT, '..', entry.source);
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const entry of readdirSync(ROOT, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => target(file, (m[1] ?? m[2])!));
    graph.set(
      file,
      targets.filter((t) => t.startsWith(ROOT + path.sep)),
    );
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const trail: string[] = [];
  const visit = (file: string) => {
    const at = trail.indexOf(file);
    if (at >= 0) return void found.push([...trail.slice(at), file].map((f) => path.relative(ROOT, f)));
    if (done.has(file)) return;
    trail.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    trail.pop();
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return found;
}

describe('server imports', () => {
  it('form no cycle', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph)).toEqual([]);
  });
});
