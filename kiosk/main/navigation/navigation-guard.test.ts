// The kiosk window goes only to the server, the kiosk's own pages and the configured relying
// parties, and opens no window.
import { describe, expect, it } from 'vitest';
import { NavigationGuard } from './navigation-guard.js';

const guard = new NavigationGuard({
  serverUrl: 'https://id.signet.test/',
  startUrls: ['https://rp.example.org/start?acr=bio', 'http://127.0.0.1:8090/'],
});

describe('NavigationGuard', () => {
  it.each([
    'https://id.signet.test/authorize?client_id=a',
    'https://id.signet.test/login?x=1#frag',
    'https://rp.example.org/callback?code=abc',
    'http://127.0.0.1:8090/',
    'app://kiosk/index.html',
  ])('allows %s', (url) => expect(guard.allows(url)).toBe(true));

  it.each([
    'https://evil.example/',
    'https://id.signet.test.evil.example/',
    'http://id.signet.test/login',
    'https://id.signet.test:444/',
    'https://rp.example.org.evil.example/start',
    'http://127.0.0.1:8091/',
    'http://localhost:8090/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'app://other/index.html',
    'chrome://settings',
    'not a url',
  ])('refuses %s', (url) => expect(guard.allows(url)).toBe(false));

  it('denies every window.open', () => {
    expect(guard.windowOpen()).toEqual({ action: 'deny' });
  });

  it('names the allowed origins, each once', () => {
    expect([...guard.allowedOrigins].sort()).toEqual([
      'app://kiosk',
      'http://127.0.0.1:8090',
      'https://id.signet.test',
      'https://rp.example.org',
    ]);
  });
});
