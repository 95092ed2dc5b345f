// Device info (`MOSIPDINFO /info`, aliases `SBIINFO`/`SBIDINFO`, P3167 `POST /info`): a JWS per
// device whose payload is the discovery entry plus firmware and env, with a signed digitalId.
import { z } from 'zod';
import {
  CertificationSchema,
  DeviceStatusSchema,
  EnvSchema,
  ErrorObjectSchema,
  ErrorObjectStrictSchema,
  lenientInt,
  P256JwkSchema,
  PurposeSchema,
  strictIntString,
} from './fields.js';

/** One response item: `deviceInfo` is a JWS, or unsigned base64url JSON for Not Registered devices. */
export const DeviceInfoItemSchema = z.object({
  deviceInfo: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  error: ErrorObjectSchema,
});
export const DeviceInfoResponseSchema = z.preprocess(
  (v) => (Array.isArray(v) ? v : [v]),
  z.array(DeviceInfoItemSchema),
);
export type DeviceInfoItem = z.infer<typeof DeviceInfoItemSchema>;

/** The payload of `deviceInfo` in any dialect (see DiscoveryEntrySchema for the naming). */
export const DeviceInfoPayloadSchema = z
  .object({
    deviceStatus: DeviceStatusSchema,
    certification: CertificationSchema,
    serviceVersion: z.string(),
    deviceSubId: z.array(lenientInt),
    callbackId: z.string(),
    digitalId: z.string(),
    specVersion: z.array(z.string()).min(1),
    purpose: z.union([PurposeSchema, z.literal('')]),
    firmware: z.string(),
    env: EnvSchema,
    deviceId: z.string().optional(),
    deviceCode: z.string().optional(),
    serialNo: z.string().optional(),
    jwk: P256JwkSchema.optional(),
  })
  .refine((e) => e.deviceId !== undefined || e.serialNo !== undefined, {
    message: 'device info names no device (deviceId or serialNo)',
  });
export type DeviceInfoPayload = z.infer<typeof DeviceInfoPayloadSchema>;

/** What our simulator signs in the 0.9.5 dialect. */
export const DeviceInfoPayload095StrictSchema = z.object({
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
  firmware: z.string(),
  env: EnvSchema,
});
export type DeviceInfoPayload095 = z.infer<typeof DeviceInfoPayload095StrictSchema>;

/** What our simulator signs in the P3167 dialect. */
export const DeviceInfoPayloadP3167StrictSchema = DeviceInfoPayload095StrictSchema.omit({
  deviceId: true,
  deviceCode: true,
}).extend({
  serialNo: z.string(),
  jwk: P256JwkSchema.optional(),
});
export type DeviceInfoPayloadP3167 = z.infer<typeof DeviceInfoPayloadP3167StrictSchema>;

/** The error item used with each response; kept strict for what we send. */
export const DeviceInfoItemStrictSchema = z.object({ deviceInfo: z.string(), error: ErrorObjectStrictSchema });
