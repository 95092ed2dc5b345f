import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8088);
    expect(c.issuer).toBe('http://127.0.0.1:8088');
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.signing.defaultAlg).toBe('ES256');
    expect(c.ttl.authCode).toBe(60);
    expect(c.authenticator).toBe('builtin:mock-identity');
    expect(c.demo).toBe(false);
  });

  it('reads the environment over the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signet-config-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ port: 9000, issuer: 'https://id.example.org', ttl: { accessToken: 120 } }));
    const c = loadConfig({
      SIGNET_CONFIG_FILE: file,
      SIGNET_PORT: '9100',
      SIGNET_DEMO: '1',
      SIGNET_SIGNING_ALG: 'RS256',
    });
    expect(c.port).toBe(9100);
    expect(c.issuer).toBe('https://id.example.org');
    expect(c.ttl.accessToken).toBe(120);
    expect(c.ttl.authCode).toBe(60);
    expect(c.demo).toBe(true);
    expect(c.signing.defaultAlg).toBe('RS256');
  });

  it.each([
    [{ SIGNET_PORT: 'eighty' }, 'SIGNET_PORT=eighty: must be a port number (0-65535)'],
    [{ SIGNET_PORT: '70000' }, 'SIGNET_PORT=70000: must be a port number (0-65535)'],
    [{ SIGNET_ISSUER: 'not a url' }, 'SIGNET_ISSUER=not a url: '],
    [{ SIGNET_ISSUER: 'https://id.example.org/' }, 'SIGNET_ISSUER=https://id.example.org/: must not end with a slash'],
    [{ SIGNET_TTL_AUTH_CODE: '600' }, 'SIGNET_TTL_AUTH_CODE=600: must be at most 60 seconds'],
    [{ SIGNET_SIGNING_ALGS: 'ES256' }, 'SIGNET_SIGNING_ALGS=ES256: must include RS256'],
    [{ SIGNET_SIGNING_ALG: 'HS256' }, 'SIGNET_SIGNING_ALG=HS256: '],
    [{ SIGNET_SIGNING_ALG: 'EdDSA' }, 'SIGNET_SIGNING_ALG=EdDSA: EdDSA is not in signing.algs'],
    [
      { SIGNET_CONFIG_FILE: '/nonexistent/signet.json' },
      'SIGNET_CONFIG_FILE (/nonexistent/signet.json): cannot read it as JSON',
    ],
  ])('names the environment variable of a bad setting, with its value: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    ['SIGNET_ADMIN_TOKEN', 'short-secret'],
    ['SIGNET_KEK', 'not-a-key-secret'],
  ])('names %s without echoing the secret', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^✖ ${name}: `, 'm'));
    expect(() => loadConfig({ [name]: value })).not.toThrow(value);
  });

  it('lists every bad setting at once, each named by where it was set, one to a line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signet-config-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ ttl: { authCode: 600 }, limits: { bodyBytes: -1 } }));
    expect(() =>
      loadConfig({ SIGNET_CONFIG_FILE: file, SIGNET_PORT: 'eighty', SIGNET_ADMIN_TOKEN: 'short-secret' }),
    ).toThrow(
      new ConfigError(
        [
          'invalid configuration:',
          '✖ SIGNET_PORT=eighty: must be a port number (0-65535)',
          '✖ SIGNET_ADMIN_TOKEN: must be at least 16 characters',
          `✖ configuration file ${file}: "ttl.authCode": must be at most 60 seconds`,
          `✖ configuration file ${file}: "limits.bodyBytes": Too small: expected number to be >0`,
        ].join('\n'),
      ),
    );
  });

  it('names the file and the key path of a bad setting from the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signet-config-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ ttl: { authCode: 600 } }));
    expect(() => loadConfig({ SIGNET_CONFIG_FILE: file })).toThrow(
      `configuration file ${file}: "ttl.authCode": must be at most 60 seconds`,
    );
    // The environment wins over the file, and is then the one named.
    expect(() => loadConfig({ SIGNET_CONFIG_FILE: file, SIGNET_TTL_AUTH_CODE: '61' })).toThrow(
      'SIGNET_TTL_AUTH_CODE=61: must be at most 60 seconds',
    );
  });

  it('derives the default issuer from the host and port, not from 8088', () => {
    expect(loadConfig({ SIGNET_PORT: '8097' }).issuer).toBe('http://127.0.0.1:8097');
    expect(loadConfig({ SIGNET_PORT: '8097' }).biometrics.domainUris).toEqual(['http://127.0.0.1:8097']);
    expect(loadConfig({ SIGNET_HOST: 'localhost', SIGNET_PORT: '9000' }).issuer).toBe('http://localhost:9000');
    expect(loadConfig({ SIGNET_HOST: '::1' }).issuer).toBe('http://[::1]:8088');
    // A wildcard address is no place to send a browser: the loopback address stands in.
    expect(loadConfig({ SIGNET_HOST: '0.0.0.0', SIGNET_PORT: '8097' }).issuer).toBe('http://127.0.0.1:8097');
    expect(loadConfig({ SIGNET_PORT: '8097', SIGNET_ISSUER: 'https://id.example.org' }).issuer).toBe(
      'https://id.example.org',
    );
  });

  it('has the biometrics defaults: the issuer as domainUri, Production (demo: Developer, Staging), 120 s + 30 s', () => {
    const c = loadConfig({ SIGNET_ISSUER: 'https://id.example.org' });
    expect(c.biometrics).toEqual({
      domainUris: ['https://id.example.org'],
      envs: ['Production'],
      captureWindowSeconds: 120,
      captureLeewaySeconds: 30,
      futureLeewaySeconds: 5,
      maxSegmentGapSeconds: 120,
      replayTtlSeconds: 600,
    });
    expect(loadConfig({ SIGNET_DEMO: '1' }).biometrics.envs).toEqual(['Developer', 'Staging']);
  });

  it('accepts the login UI’s origin as a domainUri by default when SIGNET_LOGIN_UI_URL is elsewhere (eSignet’s UI sends window.origin)', () => {
    const elsewhere = loadConfig({
      SIGNET_ISSUER: 'https://id.example.org',
      SIGNET_LOGIN_UI_URL: 'https://login.example.org/esignet-ui/login',
    });
    expect(elsewhere.biometrics.domainUris).toEqual(['https://id.example.org', 'https://login.example.org']);
    const sameOrigin = loadConfig({
      SIGNET_ISSUER: 'https://id.example.org',
      SIGNET_LOGIN_UI_URL: 'https://id.example.org/ui',
    });
    expect(sameOrigin.biometrics.domainUris).toEqual(['https://id.example.org']);
    const explicit = loadConfig({
      SIGNET_LOGIN_UI_URL: 'https://login.example.org/',
      SIGNET_SBI_DOMAIN_URIS: 'https://kiosk.example.org',
    });
    expect(explicit.biometrics.domainUris).toEqual(['https://kiosk.example.org']);
  });

  it('reads the allowed domainUris and envs from SIGNET_SBI_DOMAIN_URIS and SIGNET_SBI_ENVS', () => {
    const c = loadConfig({
      SIGNET_SBI_DOMAIN_URIS: 'https://id.example.org, https://kiosk.example.org',
      SIGNET_SBI_ENVS: 'Production,Pre-Production',
      SIGNET_DEMO: '1',
    });
    expect(c.biometrics.domainUris).toEqual(['https://id.example.org', 'https://kiosk.example.org']);
    expect(c.biometrics.envs).toEqual(['Production', 'Pre-Production']);
  });

  it.each([
    [{ SIGNET_SBI_ENVS: 'Production,None' }, 'SIGNET_SBI_ENVS=Production,None (item 2): '],
    [{ SIGNET_SBI_DOMAIN_URIS: 'not a url' }, 'SIGNET_SBI_DOMAIN_URIS=not a url (item 1): '],
  ])('names a bad biometrics setting: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('refuses a replay-cache TTL shorter than the time a capture is accepted', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signet-config-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ biometrics: { replayTtlSeconds: 60 } }));
    expect(() => loadConfig({ SIGNET_CONFIG_FILE: file })).toThrow(
      'biometrics.replayTtlSeconds": must be at least 155',
    );
  });

  it('rejects unknown keys in the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signet-config-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ prot: 9000 }));
    expect(() => loadConfig({ SIGNET_CONFIG_FILE: file })).toThrow(/prot/);
  });
});

describe('demo mode', () => {
  it('is on only when asked for, never for the string "false"', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'signet-config-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ demo: 'false' }));
    expect(loadConfig({ SIGNET_CONFIG_FILE: file }).demo).toBe(false);
    writeFileSync(file, JSON.stringify({ demo: true }));
    expect(loadConfig({ SIGNET_CONFIG_FILE: file }).demo).toBe(true);
    for (const off of ['0', 'false', 'off', 'FALSE']) expect(loadConfig({ SIGNET_DEMO: off }).demo).toBe(false);
    for (const on of ['1', 'true', 'on', 'True']) expect(loadConfig({ SIGNET_DEMO: on }).demo).toBe(true);
    writeFileSync(file, JSON.stringify({ demo: 'yes' }));
    expect(() => loadConfig({ SIGNET_CONFIG_FILE: file })).toThrow(
      `configuration file ${file}: "demo": must be 1, 0, true, false, on or off`,
    );
  });

  it('refuses SIGNET_DEMO=yes (or any other word) instead of reading it as off', () => {
    expect(() => loadConfig({ SIGNET_DEMO: 'yes' })).toThrow('SIGNET_DEMO=yes: must be 1, 0, true, false, on or off');
    expect(() => loadConfig({ SIGNET_DEMO: 'enabled' })).toThrow(ConfigError);
  });
});
