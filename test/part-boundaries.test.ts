// The architecture's import table, as lint enforces it (lint/part-boundaries.js through the real
// eslint.config.js): imports across parts by package name only, and only those the table allows.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

/** The part-boundaries messages for `code` as if it were the file at `file`. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'signet/part-boundaries').map((m) => m.message);
}

describe('lint: the parts import each other only as the architecture allows', () => {
  it('refuses a deep relative import from one part into another, in every import form', async () => {
    expect(
      await boundaryErrors(
        'server/src/oidc/x.ts',
        "import { SBI_HOST } from '../../../shared/src/sbi/transport.js';\nexport { SBI_HOST };\n",
      ),
    ).toEqual([
      "'../../../shared/src/sbi/transport.js' reaches into shared/ by a relative path: import it as @signet-kiosk/shared through its package exports",
    ]);
    expect(
      await boundaryErrors('sbi-bridge/src/x.ts', "export * from '../../shared/src/sbi/errors.js';\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('sbi-bridge/simulator/x.ts', "export { sbiError } from '../../shared/src/sbi/errors.js';\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('server/src/x.ts', "export const load = () => import('../../sbi-bridge/src/index.js');\n"),
    ).toHaveLength(1);
  });

  it('refuses relative imports from test/, bench/ and demo/ into a part, and lets them reach each other', async () => {
    expect(
      await boundaryErrors(
        'test/x.test.ts',
        "import { startServer } from '../server/src/server.js';\nexport { startServer };\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'bench/harness/x.ts',
        "import type { Config } from '../../server/src/config.js';\nexport type { Config };\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        'test/x.test.ts',
        "import { html } from '../demo/relying-party/html.js';\nimport { startServer } from '@signet-kiosk/server';\nexport { html, startServer };\n",
      ),
    ).toEqual([]);
  });

  it('lets each part import by package name only what the table allows', async () => {
    const imports = (specifier: string) => `import * as m from '${specifier}';\nexport { m };\n`;
    expect(await boundaryErrors('server/src/x.ts', imports('@signet-kiosk/shared/sbi/crypto'))).toEqual([]);
    expect(await boundaryErrors('server/src/x.ts', imports('@signet-kiosk/sbi-bridge'))).toEqual([
      "server/src/ may not import '@signet-kiosk/sbi-bridge': it may import shared (docs/architecture.md)",
    ]);
    expect(await boundaryErrors('server/src/x.ts', imports('@signet-kiosk/kiosk'))).toHaveLength(1);
    expect(await boundaryErrors('shared/src/x.ts', imports('@signet-kiosk/server'))).toEqual([
      "shared/src/ may not import '@signet-kiosk/server': it may import none of ours (docs/architecture.md)",
    ]);
    expect(await boundaryErrors('sbi-bridge/src/x.ts', imports('@signet-kiosk/server/testing'))).toHaveLength(1);
    expect(await boundaryErrors('sbi-bridge/simulator/x.ts', imports('@signet-kiosk/kiosk'))).toHaveLength(1);
    expect(await boundaryErrors('kiosk/main/x.ts', imports('@signet-kiosk/sbi-bridge'))).toEqual([]);
    expect(await boundaryErrors('kiosk/preload/x.ts', imports('@signet-kiosk/sbi-bridge'))).toHaveLength(1);
    expect(await boundaryErrors('kiosk/main/x.ts', imports('@signet-kiosk/server'))).toHaveLength(1);
  });

  it('keeps the renderer to browser code: no Node modules, only the browser-safe entry points of shared', async () => {
    const imports = (specifier: string) => `import * as m from '${specifier}';\nexport { m };\n`;
    expect(await boundaryErrors('kiosk/renderer/x.ts', imports('@signet-kiosk/shared/esignet'))).toEqual([]);
    expect(await boundaryErrors('kiosk/renderer/x.ts', imports('node:fs'))).toEqual([
      "the renderer runs in a browser and may not import the Node module 'node:fs': use the preload API or HTTP",
    ]);
    expect(await boundaryErrors('kiosk/renderer/x.ts', imports('crypto'))).toHaveLength(1);
    expect(await boundaryErrors('kiosk/renderer/x.ts', imports('electron'))).toHaveLength(1);
    expect(await boundaryErrors('kiosk/renderer/x.ts', imports('@signet-kiosk/shared/sbi/crypto'))).toHaveLength(1);
    expect(await boundaryErrors('kiosk/renderer/x.ts', imports('@signet-kiosk/sbi-bridge'))).toHaveLength(1);
    expect(await boundaryErrors('kiosk/renderer/screens/x.ts', imports('../../main/ipc.js'))).toHaveLength(1);
  });

  it('lets only the kiosk process entries (*.main.ts, *.preload.ts) import electron', async () => {
    const imports = (specifier: string) => `import * as m from '${specifier}';\nexport { m };\n`;
    expect(await boundaryErrors('kiosk/main/electron/kiosk.main.ts', imports('electron'))).toEqual([]);
    expect(await boundaryErrors('kiosk/preload/kiosk.preload.ts', imports('electron'))).toEqual([]);
    expect(await boundaryErrors('kiosk/main/sbi/kiosk-sbi.ts', imports('electron'))).toEqual([
      "only a kiosk process entry (kiosk/main/**/*.main.ts, kiosk/preload/**/*.preload.ts) may import 'electron': keep the logic in a plain module that runs under Node",
    ]);
    expect(await boundaryErrors('kiosk/preload/kiosk-api.ts', imports('electron/renderer'))).toHaveLength(1);
    expect(await boundaryErrors('server/src/x.ts', imports('electron'))).toHaveLength(1);
    expect(await boundaryErrors('kiosk/main/x.main.test.ts', imports('electron'))).toHaveLength(1);
  });

  it('keeps an ID-system plugin to the plugin SDK: no other entry point of the server, no relative path out of its folder', async () => {
    const imports = (specifier: string) => `import * as m from '${specifier}';\nexport { m };\n`;
    const plugin = 'server/src/plugins/mock-identity/x.ts';
    expect(await boundaryErrors(plugin, imports('@signet-kiosk/server/plugin'))).toEqual([]);
    expect(await boundaryErrors(plugin, imports('./kyc-auth.js'))).toEqual([]);
    expect(await boundaryErrors(plugin, imports('@signet-kiosk/shared/esignet'))).toEqual([]);
    expect(await boundaryErrors(plugin, imports('../../errors.js'))).toEqual([
      "'../../errors.js' leaves the plugin's folder server/src/plugins/mock-identity/: a plugin reaches the server only through '@signet-kiosk/server/plugin' (docs/writing-a-plugin.md)",
    ]);
    expect(
      await boundaryErrors(plugin, "export const load = () => import('../../plugin/load-authenticator.js');\n"),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('server/src/plugins/mock-identity/index.test.ts', imports('../../http/admin-auth.js')),
    ).toHaveLength(1);
    expect(await boundaryErrors(plugin, imports('@signet-kiosk/server/testing'))).toEqual([
      "a plugin reaches the server only through '@signet-kiosk/server/plugin', not '@signet-kiosk/server/testing' (docs/writing-a-plugin.md)",
    ]);
    expect(await boundaryErrors(plugin, imports('@signet-kiosk/server'))).toHaveLength(1);
    // The example plugin the tests load as an external one is held to the same rule, and the rest of the server is not.
    expect(await boundaryErrors('test/plugins/example-id-system.ts', imports('@signet-kiosk/server/plugin'))).toEqual(
      [],
    );
    expect(
      await boundaryErrors('test/plugins/example-id-system.ts', imports('@signet-kiosk/server/testing')),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('test/plugins/example-id-system.ts', imports('../support/test-client.js')),
    ).toHaveLength(1);
    expect(
      await boundaryErrors('server/src/plugin/load-authenticator.ts', imports('../plugins/mock-identity/index.js')),
    ).toEqual([]);
    expect(await boundaryErrors('server/src/http/x.ts', imports('../errors.js'))).toEqual([]);
  });
});
