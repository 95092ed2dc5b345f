// The kiosk's SbiClient wins when the preload script gives one; elsewhere the browser transport.
import { describe, expect, it } from 'vitest';
import { BrowserSbiClient } from './browser-transport.js';
import type { SbiClient } from './sbi-client.js';
import { sbiClientForPage } from './sbi-client-for-page.js';

describe('sbiClientForPage', () => {
  it('takes window.kiosk.sbi when there is one, else makes a browser client', () => {
    const kioskClient: SbiClient = {
      discover: () => Promise.resolve([]),
      capture: () => Promise.reject(new Error('not in this test')),
    };
    expect(sbiClientForPage({}, { kiosk: { sbi: kioskClient } })).toBe(kioskClient);
    expect(sbiClientForPage({ serverUrl: 'https://id.example.org' }, { kiosk: {} })).toBeInstanceOf(BrowserSbiClient);
    expect(sbiClientForPage({ serverUrl: 'https://id.example.org' }, {})).toBeInstanceOf(BrowserSbiClient);
  });
});
