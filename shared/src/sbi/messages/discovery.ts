// Discovery (`MOSIPDISC /device`, alias `SBIDISC`, P3167 `POST /device`): the request naming a
// device type, and the array of device entries the service answers with.
import { z } from 'zod';
import {
  CertificationSchema,
  DeviceStatusSchema,
  ErrorObjectSchema,
  ErrorObjectStrictSchema,
  lenientInt,
  P256JwkSchema,
  PurposeSchema,
  strictIntString,
} from './fields.js';

export const DISCOVERY_TYPES = ['Biometric Device', 'Finger', 'Face', 'Iris'] as const;

/** Request body; an empty body or missing type means every device. */
export const DiscoveryRequestSchema = z
  .object({ type: z.enum(DISCOVERY_TYPES).default('Biometric Device') })
  .default({ type: 'Biometric Device' });
export type DiscoveryRequest = z.infer<typeof DiscoveryRequestSchema>;

/** Fields every dialect's entry shares, as devices send them (sub-ids may be numbers). */
const entryCommon = {
  deviceStatus: DeviceStatusSchema,
  certification: CertificationSchema,
  serviceVersion: z.string(),
  deviceSubId: z.array(lenientInt),
  callbackId: z.string(),
  digitalId: z.string(),
  specVersion: z.array(z.string()).min(1),
  // Not Registered devices blank the purpose.
  purpose: z.union([PurposeSchema, z.literal('')]),
  error: ErrorObjectSchema,
};

/**
 * One discovery entry in any dialect: MDS 0.9.5 names the device by `deviceId`/`deviceCode`,
 * SBI API 1.0 and P3167 by `serialNo` (P3167 may add an EC `jwk`).
 */
export const DiscoveryEntrySchema = z
  .object({
    ...entryCommon,
    deviceId: z.string().optional(),
    deviceCode: z.string().optional(),
    serialNo: z.string().optional(),
    jwk: P256JwkSchema.optional(),
  })
  .refine((e) => e.deviceId !== undefined || e.serialNo !== undefined, {
    message: 'entry names no device (deviceId or serialNo)',
  });
export type DiscoveryEntry = z.infer<typeof DiscoveryEntrySchema>;

/** The discovery response; a lone object (some services) is read as a one-entry array. */
export const DiscoveryResponseSchema = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(DiscoveryEntrySchema));

/** What our simulator sends in the 0.9.5 dialect: every field, strings only. */
export const DiscoveryEntry095StrictSchema = z.object({
  deviceId: z.string(),
  deviceStatus: DeviceStatusSchema,
  certification: CertificationSchema,
  serviceVersion: z.string(),
  deviceSubId: z.array(strictIntString),
  callbackId: z.string(),
  digitalId: z.string(),
  deviceCode: z.string(),
  specVersion: z.array(z.string()).min(1),
  purpose: z.union([PurposeSchema, z.literal('')]),
  error: ErrorObjectStrictSchema,
});
export type DiscoveryEntry095 = z.infer<typeof DiscoveryEntry095StrictSchema>;

/** What our simulator sends in the P3167 dialect: `serialNo` instead of deviceId/deviceCode. */
export const DiscoveryEntryP3167StrictSchema = DiscoveryEntry095StrictSchema.omit({
  deviceId: true,
  deviceCode: true,
}).extend({
  serialNo: z.string(),
  jwk: P256JwkSchema.optional(),
});
export type DiscoveryEntryP3167 = z.infer<typeof DiscoveryEntryP3167StrictSchema>;

/** The id a client passes back in capture requests, whatever the dialect. */
export function deviceIdOf(entry: { deviceId?: string | undefined; serialNo?: string | undefined }): string {
  return entry.deviceId ?? entry.serialNo ?? '';
}
