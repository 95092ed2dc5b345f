// ESLint rule `signet/part-boundaries`: the architecture's "may import" table (docs/architecture.md).
// A part imports another only by package name, through its exports, and only the parts the table
// allows; nothing reaches into a part's folder by a relative path; the kiosk's renderer, which runs
// in a browser, imports no Node module and only the browser-safe entry points of shared; an
// ID-system plugin reaches the server only through its plugin SDK, as an external plugin must.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SCOPE = '@signet-kiosk/';

/** Which parts the code in a folder may import; the longest matching folder decides. */
export const MAY_IMPORT = {
  shared: [],
  'sbi-bridge': ['shared'],
  server: ['shared'],
  kiosk: ['shared'],
  // The bridge drives devices from the main process only (never the preload script or the renderer).
  'kiosk/main': ['shared', 'sbi-bridge'],
};
const PARTS = ['shared', 'sbi-bridge', 'server', 'kiosk'];
/** Top-level folders that are no package: they may import every part, by package name. */
const TOOLS = ['test', 'bench', 'demo'];

const RENDERER = 'kiosk/renderer';
/** The entry points of shared that hold no Node code (zod schemas and constants). */
export const BROWSER_SAFE_ENTRIES = [
  `${SCOPE}shared/esignet`,
  `${SCOPE}shared/oidc`,
  `${SCOPE}shared/sbi`,
  `${SCOPE}shared/kiosk`,
];
const NODE_MODULES = new Set([...builtinModules, 'electron']);

/** The plugin SDK: the one entry point of the server a plugin may import (docs/writing-a-plugin.md). */
export const PLUGIN_SDK = `${SCOPE}server/plugin`;
/** A plugin's folder: each built-in plugin's, and the example plugin the tests load as an external one. */
const PLUGIN_FOLDER = /^(?:server\/src\/plugins\/[^/]+|test\/plugins)(?=\/)/;
const isServerEntry = (specifier) => specifier === `${SCOPE}server` || specifier.startsWith(`${SCOPE}server/`);

const within = (file, folder) => file === folder || file.startsWith(`${folder}/`);
/**
 * The only files that may import `electron`: the kiosk's thin process entries, named for the process
 * they run in (`*.main.ts`, `*.preload.ts`, as Signal Desktop names them); everything else of the
 * kiosk is plain code that runs and is tested under Node.
 */
const ELECTRON_ENTRY = /^kiosk\/(?:main\/.*\.main|preload\/.*\.preload)\.ts$/;

function allowedParts(file) {
  const folder = Object.keys(MAY_IMPORT)
    .filter((f) => within(file, f))
    .sort((a, b) => b.length - a.length)[0];
  return folder === undefined ? undefined : MAY_IMPORT[folder];
}

/** What is wrong with importing `specifier` from `file` (relative to the repository), if anything. */
function violation(file, specifier) {
  const top = file.split('/')[0];
  if (!PARTS.includes(top) && !TOOLS.includes(top)) return undefined;
  const renderer = within(file, RENDERER);
  const plugin = PLUGIN_FOLDER.exec(file)?.[0];
  if (specifier.startsWith('.')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    const targetTop = target.split('/')[0];
    if (targetTop !== top && (PARTS.includes(top) || PARTS.includes(targetTop))) {
      return {
        messageId: 'deepRelative',
        data: {
          specifier,
          target: targetTop,
          by: PARTS.includes(targetTop) ? `${SCOPE}${targetTop}` : 'its package name',
        },
      };
    }
    if (renderer && !within(target, RENDERER)) return { messageId: 'rendererOutside', data: { specifier } };
    if (plugin && !within(target, plugin))
      return { messageId: 'pluginOutside', data: { specifier, plugin, sdk: PLUGIN_SDK } };
    return undefined;
  }
  if (specifier.startsWith(SCOPE)) {
    if (plugin && isServerEntry(specifier) && specifier !== PLUGIN_SDK)
      return { messageId: 'pluginEntry', data: { specifier, sdk: PLUGIN_SDK } };
    const part = specifier.slice(SCOPE.length).split('/')[0];
    const allowed = allowedParts(file);
    if (allowed && part !== top && !allowed.includes(part)) {
      return {
        messageId: 'forbidden',
        data: {
          folder: file.split('/').slice(0, -1).join('/') || top,
          specifier,
          allowed: allowed.length ? allowed.join(', ') : 'none of ours',
        },
      };
    }
    if (renderer && !BROWSER_SAFE_ENTRIES.includes(specifier))
      return { messageId: 'rendererEntry', data: { specifier, entries: BROWSER_SAFE_ENTRIES.join(', ') } };
    return undefined;
  }
  if (renderer && (specifier.startsWith('node:') || NODE_MODULES.has(specifier.split('/')[0])))
    return { messageId: 'rendererNode', data: { specifier } };
  if (specifier.split('/')[0] === 'electron' && !ELECTRON_ENTRY.test(file))
    return { messageId: 'electronOutsideEntry', data: { specifier } };
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Imports between the parts follow the architecture table (docs/architecture.md)' },
    schema: [],
    messages: {
      deepRelative:
        "'{{specifier}}' reaches into {{target}}/ by a relative path: import it as {{by}} through its package exports",
      forbidden: "{{folder}}/ may not import '{{specifier}}': it may import {{allowed}} (docs/architecture.md)",
      rendererNode:
        "the renderer runs in a browser and may not import the Node module '{{specifier}}': use the preload API or HTTP",
      rendererOutside:
        "'{{specifier}}' leaves kiosk/renderer/: the renderer reaches the rest of the kiosk only through the preload API",
      rendererEntry:
        "the renderer may import only shared's browser-safe entry points ({{entries}}), not '{{specifier}}'",
      pluginOutside:
        "'{{specifier}}' leaves the plugin's folder {{plugin}}/: a plugin reaches the server only through '{{sdk}}' (docs/writing-a-plugin.md)",
      electronOutsideEntry:
        "only a kiosk process entry (kiosk/main/**/*.main.ts, kiosk/preload/**/*.preload.ts) may import '{{specifier}}': keep the logic in a plain module that runs under Node",
      pluginEntry: "a plugin reaches the server only through '{{sdk}}', not '{{specifier}}' (docs/writing-a-plugin.md)",
    },
  },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const problem = violation(file, source.value);
      if (problem) context.report({ node: source, ...problem });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
