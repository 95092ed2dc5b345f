// Wire format of the biometric trust-store admin API (`/v1/signet/admin/trust-store`, and its
// registered devices under `…/devices`): Signet's own API like the signing-key one — a plain JSON
// request, answers and errors in the eSignet envelope.
import { z } from 'zod';
import { BioTypeSchema, EnvSchema } from '@signet-kiosk/shared/sbi';
import { normalizeFingerprint } from './trusted-ca.js';

/** device-provider CAs certify device signing keys; FTM CAs certify the L1 trust modules that sign digitalIds. */
export const TrustKindSchema = z.enum(['device-provider', 'ftm']);
export type TrustKind = z.infer<typeof TrustKindSchema>;

/** An SBI environment a CA can be trusted for (`None` marks unregistered devices). */
export const TrustEnvSchema = EnvSchema.exclude(['None']);
export type TrustEnv = z.infer<typeof TrustEnvSchema>;

/**
 * How a device provider's CA binds a device certificate to the device a digitalId names:
 * `certificate-subject` — the provider puts the serial number in the certificate subject (CN or
 * serialNumber) and its own name in O (shared/src/sbi/device-binding.ts); `registered-devices` —
 * each device is registered here (provider, serial number, type ↔ certificate or key).
 */
export const DeviceBindingSchema = z.enum(['certificate-subject', 'registered-devices']);
export type DeviceBinding = z.infer<typeof DeviceBindingSchema>;
/** What an uploaded device-provider CA binds by unless told otherwise. */
export const DEFAULT_DEVICE_BINDING: DeviceBinding = 'certificate-subject';

/**
 * A name an administrator gives here and a digitalId must repeat exactly (device provider, serial
 * number): printable, without padding. Control characters (C0, DEL, C1), line separators and bidi
 * controls would let one registration look like another in the list and the logs.
 */
export const DeviceNameSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((v) => !/[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u.test(v), 'must not contain control characters')
  .refine((v) => v.trim() === v, 'must not start or end with spaces');

/**
 * POST …/trust-store: one CA certificate in PEM for a kind and an environment; a device provider's
 * with how it binds devices and the provider whose devices it may certify (default: the O of its
 * subject) — a capture whose digitalId names another provider is refused, whichever CA signs.
 */
export const TrustedCaUploadSchema = z
  .object({
    kind: TrustKindSchema,
    env: TrustEnvSchema,
    certificate: z.string().min(1).max(20_000),
    deviceBinding: DeviceBindingSchema.optional(),
    /** As its devices' digitalIds name their provider (`deviceProvider`). */
    deviceProvider: DeviceNameSchema.optional(),
  })
  .strict()
  .refine((u) => u.kind === 'device-provider' || u.deviceBinding === undefined, {
    message: 'only device-provider CAs bind devices',
    path: ['deviceBinding'],
  })
  .refine((u) => u.kind === 'device-provider' || u.deviceProvider === undefined, {
    message: 'only device-provider CAs certify the devices of a provider',
    path: ['deviceProvider'],
  });
export type TrustedCaUpload = z.infer<typeof TrustedCaUploadSchema>;

/** One trusted CA as the API shows it. */
export const TrustedCaInfoSchema = z.object({
  kind: TrustKindSchema,
  env: TrustEnvSchema,
  subject: z.string(),
  issuer: z.string(),
  /** SHA-256 of the DER, `AB:CD:…`. */
  fingerprint: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  /** `registry`: uploaded, removable; `demo-simulator`: the simulator's CA, trusted in demo mode. */
  source: z.enum(['registry', 'demo-simulator']),
  addedAt: z.string().nullable(),
  /** How device certificates it issued are bound to devices; null for FTM CAs. */
  deviceBinding: DeviceBindingSchema.nullable(),
  /** The device provider whose devices it may certify; null for FTM CAs (and for a device-provider CA kept from before providers were recorded whose subject names no single O: it certifies nothing). */
  deviceProvider: z.string().nullable(),
});
export type TrustedCaInfo = z.infer<typeof TrustedCaInfoSchema>;

export const TrustedCaListResponseSchema = z.object({ cas: z.array(TrustedCaInfoSchema) });
export type TrustedCaListResponse = z.infer<typeof TrustedCaListResponseSchema>;

export const TrustedCaDeleteResponseSchema = z.object({
  kind: TrustKindSchema,
  env: TrustEnvSchema,
  fingerprint: z.string(),
  deleted: z.literal(true),
});
export type TrustedCaDeleteResponse = z.infer<typeof TrustedCaDeleteResponseSchema>;

/** A SHA-256 digest as node:crypto writes fingerprint256 (`AB:CD:…`), from that form or plain hex. */
const Sha256Schema = z.string().transform((v, ctx) => {
  const normalized = normalizeFingerprint(v);
  if (normalized === undefined)
    ctx.addIssue({ code: 'custom', message: 'must be a SHA-256 digest: 64 hexadecimal digits (colons allowed)' });
  return normalized ?? z.NEVER;
});

/**
 * POST …/trust-store/devices: a device of a `registered-devices` provider, pinned to its signing
 * certificate (SHA-256 of the DER) or, to survive certificate renewal, to its key (SHA-256 of the
 * DER SubjectPublicKeyInfo) — exactly one of the two.
 */
export const RegisteredDeviceUploadSchema = z
  .strictObject({
    /** As the device's digitalId says it (`deviceProvider`). */
    deviceProvider: DeviceNameSchema,
    serialNo: DeviceNameSchema,
    type: BioTypeSchema,
    certificateSha256: Sha256Schema.optional(),
    spkiSha256: Sha256Schema.optional(),
  })
  .refine((d) => (d.certificateSha256 === undefined) !== (d.spkiSha256 === undefined), {
    message: 'give exactly one of certificateSha256 and spkiSha256',
    path: ['certificateSha256'],
  });
export type RegisteredDeviceUpload = z.infer<typeof RegisteredDeviceUploadSchema>;

/** One registered device as the API shows it. */
export const RegisteredDeviceInfoSchema = z.object({
  deviceProvider: z.string(),
  serialNo: z.string(),
  type: BioTypeSchema,
  certificateSha256: z.string().nullable(),
  spkiSha256: z.string().nullable(),
  addedAt: z.string(),
});
export type RegisteredDeviceInfo = z.infer<typeof RegisteredDeviceInfoSchema>;

export const RegisteredDeviceListResponseSchema = z.object({ devices: z.array(RegisteredDeviceInfoSchema) });
export type RegisteredDeviceListResponse = z.infer<typeof RegisteredDeviceListResponseSchema>;

export const RegisteredDeviceDeleteResponseSchema = z.object({
  deviceProvider: z.string(),
  serialNo: z.string(),
  deleted: z.literal(true),
});
export type RegisteredDeviceDeleteResponse = z.infer<typeof RegisteredDeviceDeleteResponseSchema>;
