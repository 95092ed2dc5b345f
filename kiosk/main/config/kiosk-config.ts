// The kiosk's configuration: one JSON file (the server, the relying parties' start URLs, the kiosk's
// name, device options), parsed once at start-up with its zod schema; a bad file stops the kiosk
// with every problem named, never a half-configured window.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { KioskRegistrationRequestSchema, MAX_IDLE_SECONDS } from '@signet-kiosk/shared/kiosk';
import { KioskError } from '../errors.js';

/** The kiosk's own operator sign-in callback, by default (the app id reversed: org.signetkiosk.kiosk). */
export const KIOSK_OPERATOR_REDIRECT_URI = 'org.signetkiosk.kiosk:/operator/callback';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or http to this machine (the demo server, a developer's). */
const webOrigin = z.url().refine((u) => {
  const url = new URL(u);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}, 'must be https (http only to 127.0.0.1, localhost or [::1])');

const ms = (max: number) => z.number().int().positive().max(max);

export const KioskConfigSchema = z
  .object({
    /** The Signet server: issuer, login app, trust anchors. Its origin is always allowed in the window. */
    serverUrl: webOrigin,
    /** Relying parties' start URLs the kiosk window may open; the first one is the home page. */
    startUrls: z.array(webOrigin).max(50).default([]),
    kiosk: z
      .object({
        /** Proposed kiosk id of the registration request. */
        id: KioskRegistrationRequestSchema.shape.kioskId,
        /** Shown to residents and in the audit. */
        name: KioskRegistrationRequestSchema.shape.name,
        /** Where the operator sign-in returns to: an RFC 8252 private-use scheme named after the app id. */
        redirectUris: KioskRegistrationRequestSchema.shape.redirectUris.default([KIOSK_OPERATOR_REDIRECT_URI]),
        /** The operator session locks after this long without use here (the server's own default: 300 s). */
        operatorIdleSeconds: z.number().int().min(10).max(3600).default(300),
        /**
         * Seconds without a touch before the login app in the kiosk window goes back to its start screen and
         * the kiosk clears the window and shows its home page again (window.kiosk.idleSeconds); 0: never.
         */
        residentIdleSeconds: z.number().int().min(0).max(MAX_IDLE_SECONDS).default(90),
      })
      .strict(),
    devices: z
      .object({
        /** The ports scanned for SBI device services. */
        ports: z
          .object({ min: z.number().int().min(1).max(65535), max: z.number().int().min(1).max(65535) })
          .strict()
          .refine((p) => p.min <= p.max, 'min must not exceed max')
          .default({ min: 4501, max: 4600 }),
        /** TCP connect limit per port during a scan. */
        probeTimeoutMs: ms(10_000).default(150),
        /** Discovery and device-info calls. */
        discoveryTimeoutMs: ms(60_000).default(2000),
        /** Added to a capture's own timeout for the call to the device. */
        captureGraceMs: z.number().int().min(0).max(60_000).default(5000),
        /** Time between background rescans (device events). */
        rescanIntervalMs: ms(600_000).default(3000),
        /** The quality each modality must reach; the server's login configuration asks 70. */
        requestedScore: z
          .object({
            Finger: z.number().int().min(0).max(100).default(70),
            Iris: z.number().int().min(0).max(100).default(70),
            Face: z.number().int().min(0).max(100).default(70),
          })
          .strict()
          .default({ Finger: 70, Iris: 70, Face: 70 }),
        /** Face devices that are the kiosk's own camera (no SBI service): the page may use the camera. */
        cameraForFace: z.boolean().default(false),
      })
      .strict()
      .default({
        ports: { min: 4501, max: 4600 },
        probeTimeoutMs: 150,
        discoveryTimeoutMs: 2000,
        captureGraceMs: 5000,
        rescanIntervalMs: 3000,
        requestedScore: { Finger: 70, Iris: 70, Face: 70 },
        cameraForFace: false,
      }),
  })
  .strict();

export type KioskConfig = z.infer<typeof KioskConfigSchema>;
export type KioskConfigInput = z.input<typeof KioskConfigSchema>;

/**
 * The configuration in `json` (the file's text), or a KioskError naming every problem.
 * @example parseKioskConfig('{"serverUrl":"https://id.example.org","kiosk":{"id":"central-post","name":"Central Post Office"}}')
 */
export function parseKioskConfig(json: string, file = 'the kiosk configuration'): KioskConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    throw new KioskError('invalid_config', `${file} is not JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = KioskConfigSchema.safeParse(raw);
  if (!parsed.success) throw new KioskError('invalid_config', `${file}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Reads and parses the configuration file.
 * @example const config = await loadKioskConfig('/etc/signet-kiosk/kiosk.json');
 */
export async function loadKioskConfig(file: string): Promise<KioskConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new KioskError('invalid_config', `${file} cannot be read: ${(cause as Error).message}`, { cause });
  }
  return parseKioskConfig(text, file);
}
