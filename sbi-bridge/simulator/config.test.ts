import { describe, expect, it } from 'vitest';
import { SimulatorConfigError, SimulatorConfigSchema, simulatorConfigFromEnv } from './config.js';

/** The environment with the explicit opt-in to the test certificate, for tests about other settings. */
const fromEnv = (env: Record<string, string>) =>
  simulatorConfigFromEnv({ SBI_SIM_ENCRYPTION_CERT: 'test-only', ...env });

describe('simulator configuration', () => {
  it('has defaults for everything but the data folder', () => {
    expect(SimulatorConfigSchema.parse({ dataDir: 'd' })).toEqual({
      dataDir: 'd',
      portMin: 4501,
      portMax: 4600,
      env: 'Developer',
      delays: { discover: 0, info: 0, capture: 0, rcapture: 0, stream: 0 },
      quality: { score: 80, rampMs: null },
      presented: '2804195602',
      deviceStatus: {},
      faults: [],
      allowedOrigins: [],
    });
    expect(SimulatorConfigSchema.safeParse({ dataDir: 'd', portMin: 4600, portMax: 4501 }).success).toBe(false);
  });
  it('reads SBI_SIM_* variables', () => {
    const c = fromEnv({
      SBI_SIM_DATA_DIR: '/tmp/x',
      SBI_SIM_PORT_MIN: '4510',
      SBI_SIM_PORT_MAX: '4520',
      SBI_SIM_ENV: 'Staging',
      SBI_SIM_DELAY_CAPTURE_MS: '250',
      SBI_SIM_DELAY_DISCOVER_MS: '5',
      SBI_SIM_PRESENT: '',
      SBI_SIM_QUALITY: '42.5',
      SBI_SIM_QUALITY_RAMP_MS: '1500',
      SBI_SIM_DEVICE_STATUS: '1=Not Ready, 4=Busy',
      SBI_SIM_FAULTS: 'badSignature, clockSkew:-300',
      SBI_SIM_ENCRYPTION_CERT: 'http://127.0.0.1:8088/cert',
    });
    expect(c).toMatchObject({
      dataDir: '/tmp/x',
      portMin: 4510,
      portMax: 4520,
      env: 'Staging',
      delays: { capture: 250, discover: 5, info: 0 },
      presented: null,
      quality: { score: 42.5, rampMs: 1500 },
      deviceStatus: { '1': 'Not Ready', '4': 'Busy' },
      encryptionCertificate: 'http://127.0.0.1:8088/cert',
      faults: [{ fault: 'badSignature' }, { fault: 'clockSkew', seconds: -300 }],
    });
    expect(fromEnv({ SBI_SIM_PRESENT: '2804195601' }).presented).toBe('2804195601');
  });
  it('keeps its data inside the server’s folder (SIGNET_DATA_DIR) unless SBI_SIM_DATA_DIR says otherwise', () => {
    expect(fromEnv({}).dataDir).toBe('data/sbi-simulator');
    expect(fromEnv({ SIGNET_DATA_DIR: '/srv/signet' }).dataDir).toBe('/srv/signet/sbi-simulator');
    expect(fromEnv({ SIGNET_DATA_DIR: '/srv/signet', SBI_SIM_DATA_DIR: '/tmp/sim' }).dataDir).toBe('/tmp/sim');
  });
  it('needs the ID system’s certificate: the server’s file, SBI_SIM_ENCRYPTION_CERT, or the explicit test-only', () => {
    expect(() => simulatorConfigFromEnv({ SIGNET_DATA_DIR: '/nonexistent/signet' })).toThrow(SimulatorConfigError);
    expect(() => simulatorConfigFromEnv({ SIGNET_DATA_DIR: '/nonexistent/signet' })).toThrow(
      /\/nonexistent\/signet\/mock-identity-encryption\.crt\.pem does not exist/,
    );
    expect(simulatorConfigFromEnv({ SBI_SIM_ENCRYPTION_CERT: 'test-only' }).encryptionCertificate).toBeUndefined();
    expect(simulatorConfigFromEnv({ SBI_SIM_ENCRYPTION_CERT: '/etc/ida.pem' }).encryptionCertificate).toBe(
      '/etc/ida.pem',
    );
  });
  it('lets in the pages of SBI_SIM_ALLOWED_ORIGINS and of the server (SIGNET_ISSUER, SIGNET_LOGIN_UI_URL) besides loopback ones', () => {
    expect(fromEnv({}).allowedOrigins).toEqual([]);
    expect(
      fromEnv({ SBI_SIM_ALLOWED_ORIGINS: 'https://login.example.org, https://kiosk.example.org:8443' }).allowedOrigins,
    ).toEqual(['https://login.example.org', 'https://kiosk.example.org:8443']);
    expect(
      fromEnv({ SIGNET_ISSUER: 'https://id.example.org', SIGNET_LOGIN_UI_URL: 'https://ui.example.org/esignet/login' })
        .allowedOrigins,
    ).toEqual(['https://id.example.org', 'https://ui.example.org']);
    expect(() => fromEnv({ SBI_SIM_ALLOWED_ORIGINS: 'https://login.example.org/path' })).toThrow(/must be an origin/);
    expect(() => fromEnv({ SBI_SIM_ALLOWED_ORIGINS: 'ftp://login.example.org' })).toThrow();
  });
  it('keeps the service where SBI clients look, and refuses nonsense', () => {
    expect(() => fromEnv({ SBI_SIM_PORT_MIN: '4000' })).toThrow(/4501-4600/);
    expect(() => fromEnv({ SBI_SIM_PORT_MAX: '4700' })).toThrow(/4501-4600/);
    expect(() => fromEnv({ SBI_SIM_PORT_MIN: 'abc' })).toThrow();
    expect(() => fromEnv({ SBI_SIM_ENV: 'Test' })).toThrow();
    expect(() => fromEnv({ SBI_SIM_DEVICE_STATUS: '1=Sleeping' })).toThrow();
    expect(() => fromEnv({ SBI_SIM_DEVICE_STATUS: 'Busy' })).toThrow(/deviceId=status/);
    expect(() => fromEnv({ SBI_SIM_FAULTS: 'meltdown' })).toThrow();
    expect(() => fromEnv({ SBI_SIM_FAULTS: 'clockSkew' })).toThrow(/seconds/);
    expect(() => fromEnv({ SBI_SIM_QUALITY: '101' })).toThrow();
  });
});
