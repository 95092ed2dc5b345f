// The simulator's configuration: one zod-validated object, built once from the environment (and
// defaults) by main.ts, or passed directly by tests. The knobs here are the starting values the
// admin API (admin.ts) can change while it runs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DeviceStatusSchema, EnvSchema, SBI_PORT_MAX, SBI_PORT_MIN } from '@signet-kiosk/shared/sbi';
import { FaultSpecSchema, parseFaultList } from './faults.js';
import { originOf } from './origins.js';

/** The demo resident presenting when nobody is chosen (Dara Lim in the reference ID system). */
export const DEFAULT_PRESENTED = '2804195602';

const delayMs = z.number().int().min(0).max(600_000);

/** Per-verb delays in milliseconds, before the answer (for STREAM: before the first frame). */
export const DelaysSchema = z.strictObject({
  discover: delayMs.default(0),
  info: delayMs.default(0),
  capture: delayMs.default(0),
  rcapture: delayMs.default(0),
  stream: delayMs.default(0),
});
export type Delays = z.infer<typeof DelaysSchema>;

/** Quality: a fixed score, or (rampMs set) rising to the requested score over rampMs of capture time. */
export const QualitySchema = z.strictObject({
  score: z.number().min(0).max(100).default(80),
  rampMs: z.number().int().min(1).max(600_000).nullable().default(null),
});
export type Quality = z.infer<typeof QualitySchema>;

/** An http(s) origin, written as one (`https://login.example.org`, no path). */
const WebOriginSchema = z
  .url({ protocol: /^https?$/ })
  .refine((u) => originOf(u) === u, 'must be an origin: scheme, host and port only, no path or trailing slash');

export const SimulatorConfigSchema = z
  .object({
    /** Where the PKI (PEM files) is kept between runs. */
    dataDir: z.string().min(1),
    /** Ports tried in order; the first free one is used. */
    portMin: z.number().int().min(1024).max(65535).default(SBI_PORT_MIN),
    portMax: z.number().int().min(1024).max(65535).default(SBI_PORT_MAX),
    /** The `env` the devices are registered in; requests for another env get error 115. */
    env: EnvSchema.exclude(['None']).default('Developer'),
    delays: DelaysSchema.default(() => DelaysSchema.parse({})),
    quality: QualitySchema.default(() => QualitySchema.parse({})),
    /** Seed of the biometrics on the sensor: an individualId; null = nothing there (101). */
    presented: z.string().min(1).nullable().default(DEFAULT_PRESENTED),
    /** The ID system's encryption certificate: a PEM file path or an http(s) URL; the test one from the data folder if unset. */
    encryptionCertificate: z.string().min(1).optional(),
    /** Starting status per deviceId (others Ready). */
    deviceStatus: z.record(z.string(), DeviceStatusSchema).default({}),
    /** Faults active from the start (until cleared through the admin API). */
    faults: z.array(FaultSpecSchema).default([]),
    /** Web origins besides loopback ones whose pages may use the devices (the login UI's); others get 403. */
    allowedOrigins: z.array(WebOriginSchema).default([]),
  })
  .refine((c) => c.portMin <= c.portMax, { message: 'portMin must not exceed portMax', path: ['portMin'] });
export type SimulatorConfig = z.infer<typeof SimulatorConfigSchema>;
export type SimulatorConfigInput = z.input<typeof SimulatorConfigSchema>;

const envInt = z.string().regex(/^\d+$/).transform(Number).optional();
const envNumber = z
  .string()
  .regex(/^\d+(\.\d+)?$/)
  .transform(Number)
  .optional();

/** `1=Not Ready,4=Busy` → { '1': 'Not Ready', '4': 'Busy' }. */
const envStatusList = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const out: Record<string, string> = {};
    for (const item of (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '')) {
      const at = item.indexOf('=');
      if (at <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected deviceId=status, got ${JSON.stringify(item)}` });
        return z.NEVER;
      }
      out[item.slice(0, at).trim()] = item.slice(at + 1).trim();
    }
    return out;
  });

/** Where the server keeps its data (SIGNET_DATA_DIR, else ./data): the simulator's defaults live there. */
const serverDataDir = (env: Record<string, string | undefined>): string => env.SIGNET_DATA_DIR || './data';

/**
 * The data folder when SBI_SIM_DATA_DIR is unset: `sbi-simulator` inside the server's, where a
 * server in demo mode looks for the simulator's CAs (server/src/biometrics/demo-simulator-cas.ts).
 * @example defaultDataDir({ SIGNET_DATA_DIR: '/srv/signet' }) // '/srv/signet/sbi-simulator'
 */
export function defaultDataDir(env: Record<string, string | undefined>): string {
  return path.join(serverDataDir(env), 'sbi-simulator');
}

/** Where the reference ID system (mock-identity plugin) writes its encryption certificate, in the server's data folder. */
export const ID_SYSTEM_CERT_FILE = 'mock-identity-encryption.crt.pem';

/**
 * The encryption certificate when SBI_SIM_ENCRYPTION_CERT is unset: the reference ID system's
 * (`<SIGNET_DATA_DIR or ./data>/mock-identity-encryption.crt.pem`) when that file exists, so that
 * `npm start` + `npm run simulator` work together; else undefined (the simulator's test certificate).
 * @example defaultEncryptionCertificate({ SIGNET_DATA_DIR: '/srv/signet' }) // '/srv/signet/mock-identity-encryption.crt.pem' if it exists
 */
export function defaultEncryptionCertificate(
  env: Record<string, string | undefined>,
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  const file = path.resolve(serverDataDir(env), ID_SYSTEM_CERT_FILE);
  return exists(file) ? file : undefined;
}

/** SBI_SIM_ENCRYPTION_CERT's explicit opt-in to the simulator's own test certificate. */
export const TEST_ONLY_ENCRYPTION = 'test-only';

/** A setting the simulator cannot start with; main.ts prints the message and exits 2. */
export class SimulatorConfigError extends Error {
  override readonly name = 'SimulatorConfigError';
}

function noEncryptionCertificate(env: Record<string, string | undefined>): SimulatorConfigError {
  const file = path.resolve(serverDataDir(env), ID_SYSTEM_CERT_FILE);
  return new SimulatorConfigError(
    `No ID-system encryption certificate: ${file} does not exist and SBI_SIM_ENCRYPTION_CERT is not set.\n` +
      'Captures would be encrypted to a test certificate no ID system can decrypt, and every biometric sign-in would fail.\n' +
      'Start the server first (`npm start`, which writes that file), then `npm run simulator` from the same folder (or with the same SIGNET_DATA_DIR);\n' +
      "or set SBI_SIM_ENCRYPTION_CERT to the ID system's certificate (a PEM file, or a URL such as http://127.0.0.1:8088/v1/mock-identity-system/sbi/encryption-certificate);\n" +
      `or SBI_SIM_ENCRYPTION_CERT=${TEST_ONLY_ENCRYPTION} to use the simulator's own test certificate on purpose.`,
  );
}

/**
 * The configuration from environment variables (SBI_SIM_*); ports must stay within 4501–4600,
 * the range SBI clients scan. Without SBI_SIM_ENCRYPTION_CERT, the reference ID system's
 * certificate file (defaultEncryptionCertificate) or SimulatorConfigError; `test-only` takes the
 * simulator's own test certificate.
 * @example simulatorConfigFromEnv(process.env)
 */
export function simulatorConfigFromEnv(env: Record<string, string | undefined>): SimulatorConfig {
  const raw = z
    .object({
      SBI_SIM_DATA_DIR: z.string().min(1).optional(),
      SBI_SIM_PORT_MIN: envInt,
      SBI_SIM_PORT_MAX: envInt,
      SBI_SIM_ENV: EnvSchema.exclude(['None']).optional(),
      SBI_SIM_DELAY_DISCOVER_MS: envInt,
      SBI_SIM_DELAY_INFO_MS: envInt,
      SBI_SIM_DELAY_CAPTURE_MS: envInt,
      SBI_SIM_DELAY_RCAPTURE_MS: envInt,
      SBI_SIM_DELAY_STREAM_MS: envInt,
      SBI_SIM_QUALITY: envNumber,
      SBI_SIM_QUALITY_RAMP_MS: envInt,
      SBI_SIM_PRESENT: z.string().optional(),
      SBI_SIM_ENCRYPTION_CERT: z.string().min(1).optional(),
      SBI_SIM_DEVICE_STATUS: envStatusList,
      SBI_SIM_FAULTS: z.string().optional(),
      SBI_SIM_ALLOWED_ORIGINS: z.string().optional(),
    })
    .parse(env);
  const config = SimulatorConfigSchema.parse({
    dataDir: raw.SBI_SIM_DATA_DIR ?? defaultDataDir(env),
    portMin: raw.SBI_SIM_PORT_MIN,
    portMax: raw.SBI_SIM_PORT_MAX,
    env: raw.SBI_SIM_ENV,
    delays: {
      discover: raw.SBI_SIM_DELAY_DISCOVER_MS,
      info: raw.SBI_SIM_DELAY_INFO_MS,
      capture: raw.SBI_SIM_DELAY_CAPTURE_MS,
      rcapture: raw.SBI_SIM_DELAY_RCAPTURE_MS,
      stream: raw.SBI_SIM_DELAY_STREAM_MS,
    },
    quality: { score: raw.SBI_SIM_QUALITY, rampMs: raw.SBI_SIM_QUALITY_RAMP_MS },
    presented: raw.SBI_SIM_PRESENT === '' ? null : raw.SBI_SIM_PRESENT,
    encryptionCertificate: encryptionCertificateFromEnv(raw.SBI_SIM_ENCRYPTION_CERT, env),
    deviceStatus: raw.SBI_SIM_DEVICE_STATUS,
    faults: parseFaultList(raw.SBI_SIM_FAULTS ?? ''),
    allowedOrigins: allowedOriginsFromEnv(raw.SBI_SIM_ALLOWED_ORIGINS, env),
  });
  if (config.portMin < SBI_PORT_MIN || config.portMax > SBI_PORT_MAX) {
    throw new SimulatorConfigError(
      `SBI_SIM_PORT_MIN/MAX must lie within ${SBI_PORT_MIN}-${SBI_PORT_MAX}, where SBI clients look`,
    );
  }
  return config;
}

function encryptionCertificateFromEnv(
  value: string | undefined,
  env: Record<string, string | undefined>,
): string | undefined {
  if (value === TEST_ONLY_ENCRYPTION) return undefined;
  const source = value ?? defaultEncryptionCertificate(env);
  if (source === undefined) throw noEncryptionCertificate(env);
  return source;
}

/**
 * SBI_SIM_ALLOWED_ORIGINS (comma-separated), plus the origins of the server's issuer and login UI
 * when SIGNET_ISSUER / SIGNET_LOGIN_UI_URL are set here too: pages there send captures to the server.
 */
function allowedOriginsFromEnv(list: string | undefined, env: Record<string, string | undefined>): string[] {
  const listed = (list ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const server = [env.SIGNET_ISSUER, env.SIGNET_LOGIN_UI_URL].flatMap((u) => (u ? [originOf(u) ?? u] : []));
  return [...new Set([...listed, ...server])];
}
