// A relying party's page (or a server page other than the login app's) nobody touched for the
// resident idle time sends the kiosk window home; the home page, the kiosk's own pages and the login
// app with a sign-in request never do, nor anything before the time, nor a kiosk never timing out.
import { describe, expect, it } from 'vitest';
import { residentWalkedAway, WalkedAwayWatch, type WalkedAwayCheck } from './walked-away.js';

const at = (url: string, over: Partial<WalkedAwayCheck> = {}): boolean =>
  residentWalkedAway({
    systemIdleSeconds: 120,
    limitSeconds: 90,
    url,
    homeUrl: 'https://rp.signet.test/start',
    serverUrl: 'https://id.signet.test',
    ...over,
  });

describe('residentWalkedAway', () => {
  it("is true on a relying party's page left alone for the idle time", () => {
    expect(at('https://rp.signet.test/account')).toBe(true);
    expect(at('https://rp.signet.test/start?signed_in=1')).toBe(true);
    expect(at('https://other-rp.signet.test/', { systemIdleSeconds: 90 })).toBe(true);
  });

  it('is false before the idle time, and always when the kiosk never times out', () => {
    expect(at('https://rp.signet.test/account', { systemIdleSeconds: 89 })).toBe(false);
    expect(at('https://rp.signet.test/account', { limitSeconds: 0, systemIdleSeconds: 100_000 })).toBe(false);
  });

  it("is false on the home page, the kiosk's own pages and the login app with a sign-in request", () => {
    expect(at('https://rp.signet.test/start')).toBe(false);
    expect(at('https://rp.signet.test/start#top')).toBe(false);
    expect(at('app://kiosk/#/console')).toBe(false);
    expect(at('https://id.signet.test/login?client_id=demo-rp&state=s')).toBe(false);
    expect(at('https://id.signet.test/login/?client_id=')).toBe(false);
    expect(at('not a url')).toBe(false);
  });

  it("is true on the server's pages where no login app timer runs", () => {
    // Where a relying party or a mistyped link may leave the resident, with the server's cookies.
    expect(at('https://id.signet.test/authorize?client_id=bad')).toBe(true);
    expect(at('https://id.signet.test/login/error?error=invalid_request')).toBe(true);
    expect(at('https://id.signet.test/login?transaction=abc')).toBe(true);
    expect(at('https://id.signet.test/login')).toBe(true);
    expect(at('https://id.signet.test/')).toBe(true);
    expect(at('https://id.signet.test/login/app/index.js?client_id=x')).toBe(true);
    // The login path on another origin is not the login app.
    expect(at('https://rp.signet.test/login?client_id=demo-rp')).toBe(true);
  });
});

describe('WalkedAwayWatch', () => {
  it('resets once per idle stretch, and again after someone touched the kiosk', () => {
    const watch = new WalkedAwayWatch({
      limitSeconds: 90,
      homeUrl: 'https://rp.signet.test/start',
      serverUrl: 'https://id.signet.test',
    });
    const account = 'https://rp.signet.test/account';
    expect(watch.shouldReset(60, account)).toBe(false);
    expect(watch.shouldReset(91, account)).toBe(true);
    // The home page redirected to a page of its own: not reset again while nobody touches the kiosk.
    expect(watch.shouldReset(96, 'https://rp.signet.test/start/')).toBe(false);
    expect(watch.shouldReset(300, account)).toBe(false);
    // Someone came, used the relying party, and walked away too.
    expect(watch.shouldReset(2, account)).toBe(false);
    expect(watch.shouldReset(95, account)).toBe(true);
  });
});
