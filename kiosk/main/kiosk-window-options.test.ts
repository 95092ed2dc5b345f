// The kiosk window by Electron's security checklist: isolated, sandboxed, no Node, web security on,
// no webviews; full-screen kiosk without devtools when packaged.
import { describe, expect, it } from 'vitest';
import { kioskPageSettingsFrom } from '@signet-kiosk/shared/kiosk';
import { kioskClearOptions, kioskWindowOptions } from './kiosk-window-options.js';

describe('kioskWindowOptions', () => {
  it('isolates and sandboxes the page, without Node, whatever the build', () => {
    for (const packaged of [true, false]) {
      const { webPreferences } = kioskWindowOptions({ preload: '/app/kiosk.preload.cjs', packaged });
      expect(webPreferences).toMatchObject({
        preload: '/app/kiosk.preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
      });
    }
  });

  it('is a full-screen kiosk without devtools when packaged, a window with devtools in development', () => {
    expect(kioskWindowOptions({ preload: 'p', packaged: true })).toMatchObject({
      kiosk: true,
      fullscreen: true,
      autoHideMenuBar: true,
      webPreferences: { devTools: false },
    });
    expect(kioskWindowOptions({ preload: 'p', packaged: false })).toMatchObject({
      kiosk: false,
      webPreferences: { devTools: true },
    });
  });

  it('browses in an in-memory session, so nothing a person leaves outlives the app', () => {
    const { partition } = kioskWindowOptions({ preload: 'p', packaged: true }).webPreferences;
    expect(partition).toBeTruthy();
    expect(partition.startsWith('persist:')).toBe(false);
  });

  it("hands the page's idle timeout to the preload on the renderer's command line", () => {
    const { additionalArguments } = kioskWindowOptions({
      preload: 'p',
      packaged: true,
      page: { idleSeconds: 45 },
    }).webPreferences;
    expect(kioskPageSettingsFrom(['--type=renderer', ...additionalArguments])).toEqual({ idleSeconds: 45 });
  });
});

describe('kioskClearOptions', () => {
  it('clears cookies and every storage a page keeps: of one origin, or of all', () => {
    expect(kioskClearOptions({ origin: 'https://id.signet.test' })).toEqual({
      origin: 'https://id.signet.test',
      storages: ['cookies', 'localstorage', 'indexdb', 'serviceworkers', 'cachestorage'],
    });
    expect(kioskClearOptions({})).not.toHaveProperty('origin');
  });
});
