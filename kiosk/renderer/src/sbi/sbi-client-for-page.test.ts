// The kiosk's client wins when the preload script gives `window.kiosk.sbi`; elsewhere the browser transport.
import { describe, expect, it } from 'vitest';
import type { KioskApi } from '@signet-kiosk/shared/kiosk';
import { BrowserSbiClient } from './browser-transport.js';
import { KioskSbiClient } from './kiosk-transport.js';
import { sbiClientForPage } from './sbi-client-for-page.js';

describe('sbiClientForPage', () => {
  it('takes window.kiosk.sbi when there is one, else makes a browser client', async () => {
    const kioskSbi: KioskApi['sbi'] = {
      discover: () => Promise.resolve({ ok: true, value: [] }),
      capture: () => Promise.reject(new Error('not in this test')),
      cancelCapture: () => Promise.reject(new Error('not in this test')),
      onDeviceEvent: () => () => undefined,
    };
    const client = sbiClientForPage({}, { kiosk: { sbi: kioskSbi } });
    expect(client).toBeInstanceOf(KioskSbiClient);
    expect(await client.discover()).toEqual([]);
    expect(sbiClientForPage({ serverUrl: 'https://id.example.org' }, { kiosk: {} })).toBeInstanceOf(BrowserSbiClient);
    expect(sbiClientForPage({ serverUrl: 'https://id.example.org' }, {})).toBeInstanceOf(BrowserSbiClient);
  });
});
