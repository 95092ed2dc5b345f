// The digitalId: who made the device. Unsigned base64url JSON in discovery, a JWS signed by the
// device (FTM key for L1) in device info and in every capture's `data`.
import { z } from 'zod';
import { base64urlJson, jsonFromBase64 } from '../encoding/base64url.js';
import { DeviceSubTypeSchema, BioTypeSchema, SbiTimestampSchema } from './fields.js';

/** The digitalId payload; `dateTime` is strict because ID systems reject anything else. */
export const DigitalIdSchema = z.object({
  serialNo: z.string().min(1),
  make: z.string().min(1),
  model: z.string().min(1),
  type: BioTypeSchema,
  deviceSubType: DeviceSubTypeSchema,
  deviceProvider: z.string().min(1),
  deviceProviderId: z.string().min(1),
  dateTime: SbiTimestampSchema,
});
export type DigitalId = z.infer<typeof DigitalIdSchema>;

/**
 * Encodes a digitalId the way discovery carries it: base64url of its JSON, unsigned.
 * @example encodeUnsignedDigitalId({ serialNo: 'SIM-0001', … })
 */
export function encodeUnsignedDigitalId(d: DigitalId): string {
  return base64urlJson(DigitalIdSchema.parse(d));
}

/**
 * Reads an unsigned discovery digitalId; returns undefined when it is not one. Some devices put a
 * JWS here instead; its (unverified) payload is read, for display only.
 */
export function decodeUnsignedDigitalId(value: string): DigitalId | undefined {
  const parts = value.split('.');
  const body = parts.length === 3 ? parts[1]! : value;
  try {
    const r = DigitalIdSchema.safeParse(jsonFromBase64(body));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
