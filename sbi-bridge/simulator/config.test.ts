import { describe, expect, it } from 'vitest';
import { SimulatorConfigSchema, simulatorConfigFromEnv } from './config.js';

describe('simulator configuration', () => {
  it('has defaults for everything but the data folder', () => {
    expect(SimulatorConfigSchema.parse({ dataDir: 'd' })).toEqual({
      dataDir: 'd', portMin: 4501, portMax: 4600, env: 'Developer', captureDelayMs: 0, qualityScore: 80, presented: 'default-resident',
    });
    expect(SimulatorConfigSchema.safeParse({ dataDir: 'd', portMin: 4600, portMax: 4501 }).success).toBe(false);
  });
  it('reads SBI_SIM_* variables', () => {
    const c = simulatorConfigFromEnv({ SBI_SIM_DATA_DIR: '/tmp/x', SBI_SIM_PORT_MIN: '4510', SBI_SIM_PORT_MAX: '4520', SBI_SIM_ENV: 'Staging', SBI_SIM_CAPTURE_DELAY_MS: '250', SBI_SIM_PRESENT: '' });
    expect(c).toMatchObject({ dataDir: '/tmp/x', portMin: 4510, portMax: 4520, env: 'Staging', captureDelayMs: 250, presented: null });
    expect(simulatorConfigFromEnv({}).dataDir).toBe('data/sbi-simulator');
  });
  it('keeps the service where SBI clients look, and refuses nonsense', () => {
    expect(() => simulatorConfigFromEnv({ SBI_SIM_PORT_MIN: '4000' })).toThrow(/4501-4600/);
    expect(() => simulatorConfigFromEnv({ SBI_SIM_PORT_MAX: '4700' })).toThrow(/4501-4600/);
    expect(() => simulatorConfigFromEnv({ SBI_SIM_PORT_MIN: 'abc' })).toThrow();
    expect(() => simulatorConfigFromEnv({ SBI_SIM_ENV: 'Test' })).toThrow();
  });
});
