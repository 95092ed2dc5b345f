// npm start's choice of kiosk and how it starts it: the stand-in when asked or when Electron's binary
// does not run, Electron otherwise (refused when asked for and absent); either one with the demo
// kiosk's configuration and the demo kiosk's key folder, so the Electron kiosk signs as the kiosk the
// demo server registered instead of with a key of its own the server does not know.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoKioskIdentity, demoKioskKeyDir, parseKioskConfig } from '@signet-kiosk/kiosk/main';
import { chooseKiosk, demoKioskConfig, kioskChild } from './kiosk-launch.js';

const BINARY = '/opt/electron/electron';
const base = {
  root: '/repo',
  dataDir: '/srv/signet-data',
  kioskConfig: '/srv/signet-data/demo-kiosk/kiosk.json',
  env: { SIGNET_DEMO: '1', PATH: '/usr/bin' },
  fromSource: ['--conditions=source', '--import', 'tsx'],
};

describe('chooseKiosk', () => {
  it('runs Electron where its binary runs, the stand-in otherwise, and never looks for Electron when told stand-in', () => {
    expect(chooseKiosk('auto', () => BINARY)).toEqual({ kind: 'electron', binary: BINARY });
    expect(chooseKiosk('electron', () => BINARY)).toEqual({ kind: 'electron', binary: BINARY });
    expect(chooseKiosk('auto', () => undefined)).toEqual({ kind: 'stand-in' });
    expect(
      chooseKiosk('stand-in', () => {
        throw new Error('not asked');
      }),
    ).toEqual({ kind: 'stand-in' });
  });

  it('refuses to start when Electron was asked for and does not run', () => {
    expect(chooseKiosk('electron', () => undefined)).toMatchObject({
      kind: 'refused',
      why: expect.stringContaining('npm run kiosk:electron'),
    });
  });
});

describe('kioskChild', () => {
  it("starts Electron on the bundled main process with the demo kiosk's key folder, which the kiosk then takes", () => {
    const child = kioskChild({ ...base, choice: { kind: 'electron', binary: BINARY } });
    expect(child).toMatchObject({ name: 'kiosk', command: BINARY, args: ['/repo/kiosk/dist/app/kiosk.main.mjs'] });
    expect(child.env).toMatchObject({
      SIGNET_DEMO: '1',
      SIGNET_KIOSK_CONFIG: '/srv/signet-data/demo-kiosk/kiosk.json',
      SIGNET_KIOSK_DEMO_KEY_DIR: '/srv/signet-data/demo-kiosk',
    });
    // What kiosk.main.ts reads from that environment: the demo kiosk's folder, where the server writes its key.
    expect(demoKioskKeyDir(child.env, { packaged: false })).toBe(path.join(base.dataDir, 'demo-kiosk'));
  });

  it('starts the stand-in from source, ready once it prints its URL, with the same key folder', () => {
    const child = kioskChild({ ...base, choice: { kind: 'stand-in' } });
    expect(child.command).toBe(process.execPath);
    expect(child.args).toEqual([...base.fromSource, '/repo/kiosk/main/stand-in/main.ts']);
    expect(child.ready?.exec('Kiosk stand-in: open http://localhost:3300/?kiosk_token=abc#/console')?.[1]).toBe(
      'http://localhost:3300/?kiosk_token=abc#/console',
    );
    expect(demoKioskKeyDir(child.env, { packaged: false })).toBe('/srv/signet-data/demo-kiosk');
  });

  it('says identity_unavailable, naming the demo server, when the key folder holds no key', async () => {
    const child = kioskChild({ ...base, dataDir: '/nonexistent-signet-data', choice: { kind: 'stand-in' } });
    await expect(demoKioskIdentity(demoKioskKeyDir(child.env, { packaged: false })!)).rejects.toMatchObject({
      code: 'identity_unavailable',
    });
  });
});

describe('demoKioskConfig', () => {
  it('is a valid kiosk configuration: this server, the relying party as home page, the stand-in port as return', () => {
    const config = parseKioskConfig(
      JSON.stringify(
        demoKioskConfig({
          serverUrl: 'http://127.0.0.1:8088',
          relyingPartyUrl: 'http://127.0.0.1:8090/',
          standInPort: 3300,
          sbiPorts: { min: 4501, max: 4600 },
        }),
      ),
    );
    expect(config).toMatchObject({
      serverUrl: 'http://127.0.0.1:8088',
      startUrls: ['http://127.0.0.1:8090/'],
      kiosk: { id: 'demo-kiosk', redirectUris: ['http://127.0.0.1:3300/operator/callback'] },
      devices: { ports: { min: 4501, max: 4600 } },
    });
  });
});
