// The kiosk's packaging configuration (electron-builder.yml): electron-builder itself loads and
// validates it against its schema, offline (the Electron binary cannot be downloaded here, so no
// package is built); the fuses are those the issue names; the app is the bundle the build makes.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  electronFuses?: Record<string, boolean>;
  extraMetadata?: { main?: string };
  files?: { filter?: string[] }[];
  linux?: { target?: unknown };
  win?: { target?: unknown };
  asar?: boolean;
  npmRebuild?: boolean;
}
/** electron-builder's own loader and schema check (app-builder-lib, CommonJS, no exports map). */
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const load = () => getConfig(ROOT, path.join(ROOT, 'electron-builder.yml'), null);

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema check, which refuses an unknown key", async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, electronFuse: { runAsNode: false } } as BuilderConfig, new DebugLogger(false)),
    ).rejects.toThrow(/unknown property 'electronFuse'/);
  });

  it('sets the fuses: no RunAsNode, NODE_OPTIONS or --inspect; cookie encryption, app.asar only, ASAR integrity', async () => {
    expect((await load()).electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb for Linux and nsis for Windows, in an asar, with nothing to rebuild', async () => {
    const config = await load();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toBe('nsis');
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
  });

  it('packs the bundle the build makes, whose main process is the Electron entry, and nothing of the server', async () => {
    const config = await load();
    const main = config.extraMetadata?.main;
    expect(main).toBe('kiosk/dist/app/kiosk.main.mjs');
    const filters = (config.files ?? []).flatMap((f) => f.filter ?? []);
    expect(filters).toEqual(expect.arrayContaining(['kiosk/dist/app/**', 'kiosk/dist/renderer/**']));
    expect(filters.filter((f) => /server|shared\/src|sbi-bridge\/src/.test(f))).toEqual([]);
    // npm test builds first: the entry and the preload exist, and the preload is one CommonJS file.
    expect(existsSync(path.join(ROOT, main!))).toBe(true);
    const preload = readFileSync(path.join(ROOT, 'kiosk/dist/app/kiosk.preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(readFileSync(path.join(ROOT, main!), 'utf8')).not.toMatch(/server\/src\//);
  });
});
