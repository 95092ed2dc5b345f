// Both error catalogues (errors.ts) against the code and the docs: every catalogued code is raised
// somewhere in the server's source and listed, with its status, in the README's "Error codes";
// every code the source raises is catalogued. Codes are found in the source text at the places
// that raise them, so a code raised through an untyped path is caught as well as a typed one.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESIGNET_ERRORS, OAUTH_ERRORS } from './errors.js';

const SERVER_SRC = import.meta.dirname;
const README = path.join(SERVER_SRC, '../../README.md');

/**
 * A code literal, a union of them (`'a' | 'b'`, also as the formatter lays a long one out, one
 * `| 'a'` a line) or a choice (`cond ? 'a' : 'b'`): the codes as group 1.
 */
const CODES = String.raw`(?:[^,;()?]*\?\s*)?(?:\|\s*)?('[a-z_]+'(?:\s*[|:]\s*'[a-z_]+')*)`;
const site = (before: string, after = '') => new RegExp(before + CODES + after, 'g');

/** Where the source raises a code of each catalogue. */
const SITES = {
  oauth: [
    site(String.raw`new (?:OAuthError|AuthorizationRequestError)\(\s*`),
    // The authorization checks' reject(state, error, description, esignetCode).
    site(String.raw`\breject\(\s*state,\s*`),
    // userinfo's RFC 6750 answers.
    site(String.raw`\bbearerError\(\s*res,\s*`),
    // Typed parameters and plain OAuth error objects.
    site(String.raw`\berror\??:\s*`),
  ],
  esignet: [
    site(String.raw`new EsignetError\(\s*`),
    site(String.raw`\bbioFailure\(\s*`),
    site(String.raw`\breject\(\s*state,\s*'[a-z_]+',\s*(?:'[^']*'|\x60[^\x60]*\x60),\s*`, String.raw`,?\s*\)`),
    // The plugin SPI's failures, audit records, error objects.
    site(String.raw`\berrorCode\??:\s*`),
  ],
};

function serverSources(): { file: string; text: string }[] {
  return readdirSync(SERVER_SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !path.relative(SERVER_SRC, file).split(path.sep).includes('testing'))
    .map((file) => ({ file: path.relative(SERVER_SRC, file), text: readFileSync(file, 'utf8') }));
}

/** code → the files that raise it. */
function raisedCodes(patterns: RegExp[], sources: { file: string; text: string }[]): Map<string, string[]> {
  const raised = new Map<string, string[]>();
  for (const { file, text } of sources) {
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) {
        for (const code of m[1]!.split(/[|:]/).map((c) => c.trim().slice(1, -1)))
          raised.set(code, [...(raised.get(code) ?? []), file]);
      }
    }
  }
  return raised;
}

/** The README's "Error codes" section. */
const errorCodesSection = (): string =>
  /^## Error codes\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readFileSync(README, 'utf8'))?.[1] ?? '';

/** code → status as a table of that section lists them (`| \`code\` | status | … |`), under `### <heading>`. */
function documentedCodes(section: string, heading: string): Map<string, number> {
  const table = new RegExp(String.raw`^### ${heading}\n([\s\S]*?)(?=^### |(?![\s\S]))`, 'm').exec(section)?.[1] ?? '';
  return new Map([...table.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
}

const sources = serverSources();
const section = errorCodesSection();

describe.each([
  ['OAuth', OAUTH_ERRORS as Record<string, { status: number }>, SITES.oauth],
  ['eSignet', ESIGNET_ERRORS as Record<string, { status: number }>, SITES.esignet],
])('the %s error catalogue', (name, catalogue, patterns) => {
  const raised = raisedCodes(patterns, sources);
  const documented = documentedCodes(section, name);

  it('finds raising sites with every pattern', () => {
    for (const pattern of patterns)
      expect(
        sources.some(({ text }) => text.search(pattern) >= 0),
        String(pattern),
      ).toBe(true);
  });

  it('lists every code the source raises', () => {
    const uncatalogued = [...raised]
      .filter(([code]) => !(code in catalogue))
      .map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(uncatalogued).toEqual([]);
  });

  it('has no code the source never raises', () => {
    expect(Object.keys(catalogue).filter((code) => !raised.has(code))).toEqual([]);
  });

  it('is listed in the README, code for code, with the same statuses', () => {
    expect(Object.fromEntries(documented)).toEqual(
      Object.fromEntries(Object.entries(catalogue).map(([code, { status }]) => [code, status])),
    );
  });
});
