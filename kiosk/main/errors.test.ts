// The kiosk's error catalogue against the code and the README: every code is raised somewhere in
// kiosk/main, nothing raises an uncatalogued one, and the README's table lists each with its message.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskIpcErrorCodeSchema } from '@signet-kiosk/shared/kiosk';
import { KIOSK_ERRORS } from './errors.js';

const MAIN = import.meta.dirname;
const README = path.join(MAIN, '../../README.md');

/** Where kiosk/main raises a code: a KioskError, the bridge-code map, an error object's `code`. */
const SITES = [/new KioskError\(\s*'([a-z_]+)'/g, /\bERR_[A-Z_]+: '([a-z_]+)'/g, /\bcode: '([a-z_]+)'/g];

function raised(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const files = readdirSync(MAIN, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const site of SITES)
      for (const m of text.matchAll(site)) found.set(m[1]!, [...(found.get(m[1]!) ?? []), path.relative(MAIN, file)]);
  }
  return found;
}

function documented(): Map<string, string> {
  const readme = readFileSync(README, 'utf8');
  const table = /^### Kiosk \(main process\)\n([\s\S]*?)(?=^#{2,3} )/m.exec(readme)?.[1] ?? '';
  return new Map([...table.matchAll(/^\| `([a-z_]+)` \| (.+) \|$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('the kiosk error catalogue', () => {
  const codes = raised();

  it('has every code raised somewhere, and no code is raised that it lacks', () => {
    expect(Object.keys(KIOSK_ERRORS).filter((c) => !codes.has(c))).toEqual([]);
    expect([...codes.keys()].filter((c) => !(c in KIOSK_ERRORS))).toEqual([]);
  });

  it('covers every error code the IPC contract lets a reply carry', () => {
    expect(KioskIpcErrorCodeSchema.options.filter((c) => !(c in KIOSK_ERRORS))).toEqual([]);
  });

  it("is the README's table, code for code and message for message", () => {
    expect(Object.fromEntries(documented())).toEqual(KIOSK_ERRORS);
  });
});
