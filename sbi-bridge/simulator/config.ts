// The simulator's configuration: one zod-validated object, built once from the environment (and
// defaults) by main.ts, or passed directly by tests.
import { z } from 'zod';
import { EnvSchema } from '../../shared/src/sbi/messages/fields.js';
import { SBI_PORT_MAX, SBI_PORT_MIN } from '../../shared/src/sbi/transport.js';

export const SimulatorConfigSchema = z
  .object({
    /** Where the PKI (PEM files) is kept between runs. */
    dataDir: z.string().min(1),
    /** Ports tried in order; the first free one is used. */
    portMin: z.number().int().min(1024).max(65535).default(SBI_PORT_MIN),
    portMax: z.number().int().min(1024).max(65535).default(SBI_PORT_MAX),
    /** The `env` the devices are registered in; requests for another env get error 115. */
    env: EnvSchema.exclude(['None']).default('Developer'),
    /** How long a capture "takes"; longer than the request's timeout gives error 701. */
    captureDelayMs: z.number().int().min(0).max(600_000).default(0),
    qualityScore: z.number().min(0).max(100).default(80),
    /** Seed of the biometrics on the sensor (see synthetic-biometric.ts); null = nothing there (101). */
    presented: z.string().min(1).nullable().default('default-resident'),
    /** PEM file of the ID system's encryption certificate; the test one from the data folder if unset. */
    encryptionCertificatePath: z.string().min(1).optional(),
  })
  .refine((c) => c.portMin <= c.portMax, { message: 'portMin must not exceed portMax', path: ['portMin'] });
export type SimulatorConfig = z.infer<typeof SimulatorConfigSchema>;
export type SimulatorConfigInput = z.input<typeof SimulatorConfigSchema>;

const envInt = z.string().regex(/^\d+$/).transform(Number).optional();

/**
 * The configuration from environment variables (SBI_SIM_*); ports must stay within 4501–4600,
 * the range SBI clients scan.
 * @example simulatorConfigFromEnv(process.env)
 */
export function simulatorConfigFromEnv(env: Record<string, string | undefined>): SimulatorConfig {
  const raw = z
    .object({
      SBI_SIM_DATA_DIR: z.string().min(1).default('data/sbi-simulator'),
      SBI_SIM_PORT_MIN: envInt,
      SBI_SIM_PORT_MAX: envInt,
      SBI_SIM_ENV: EnvSchema.exclude(['None']).optional(),
      SBI_SIM_CAPTURE_DELAY_MS: envInt,
      SBI_SIM_PRESENT: z.string().optional(),
      SBI_SIM_ENCRYPTION_CERT: z.string().min(1).optional(),
    })
    .parse(env);
  const config = SimulatorConfigSchema.parse({
    dataDir: raw.SBI_SIM_DATA_DIR,
    portMin: raw.SBI_SIM_PORT_MIN,
    portMax: raw.SBI_SIM_PORT_MAX,
    env: raw.SBI_SIM_ENV,
    captureDelayMs: raw.SBI_SIM_CAPTURE_DELAY_MS,
    presented: raw.SBI_SIM_PRESENT === '' ? null : raw.SBI_SIM_PRESENT,
    encryptionCertificatePath: raw.SBI_SIM_ENCRYPTION_CERT,
  });
  if (config.portMin < SBI_PORT_MIN || config.portMax > SBI_PORT_MAX) {
    throw new RangeError(`SBI_SIM_PORT_MIN/MAX must lie within ${SBI_PORT_MIN}-${SBI_PORT_MAX}, where SBI clients look`);
  }
  return config;
}
