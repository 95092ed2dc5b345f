// Authentication capture (`CAPTURE /capture`, P3167 `POST /capture`): the request, the response
// with its per-biometric entries, and the payload of each entry's device-signed `data`.
import { z } from 'zod';
import { SBI_TRANSACTION_ID_PATTERN } from '../transaction-id.js';
import { CAPTURE_TIME_PATTERN } from '../timestamp.js';
import {
  BioTypeSchema,
  CompactJwsSchema,
  EnvSchema,
  ErrorObjectSchema,
  ErrorObjectStrictSchema,
  lenientDecimal,
  lenientInt,
  PurposeSchema,
  SbiTimestampSchema,
  strictDecimalString,
  strictIntString,
  UpperHex64Schema,
} from './fields.js';

/** One `bio[]` item as devices must accept it: numbers or strings, null previousHash, serialNo for deviceId. */
export const CaptureBioLenientSchema = z
  .object({
    type: BioTypeSchema,
    count: lenientInt,
    bioSubType: z
      .array(z.string())
      .nullish()
      .transform((v) => v ?? []),
    requestedScore: lenientDecimal.optional().transform((v) => v ?? '0'),
    deviceId: z.union([z.string(), z.number().int()]).transform(String).optional(),
    serialNo: z.string().optional(),
    deviceSubId: lenientInt,
    previousHash: z
      .string()
      .nullish()
      .transform((v) => v ?? ''),
    exception: z
      .array(z.string())
      .nullish()
      .transform((v) => v ?? []),
  })
  .transform(({ serialNo, deviceId, ...rest }) => ({ ...rest, deviceId: deviceId ?? serialNo ?? '' }));

/** Request fields shared by CAPTURE and RCAPTURE, lenient. */
export const captureRequestLenientBase = {
  env: EnvSchema,
  purpose: PurposeSchema,
  specVersion: z.string(),
  timeout: lenientInt,
  captureTime: z.string().regex(CAPTURE_TIME_PATTERN, 'captureTime must be an ISO-8601 date-time').optional(),
  // Checked by the device against SBI_TRANSACTION_ID_PATTERN so that it can answer 112.
  transactionId: z.string(),
  bio: z.array(CaptureBioLenientSchema).min(1),
  customOpts: z.unknown().optional(),
};

/** A CAPTURE request as a device service must accept it, normalised to strings. */
export const CaptureRequestSchema = z.object({ ...captureRequestLenientBase, domainUri: z.string() });
export type CaptureRequest = z.infer<typeof CaptureRequestSchema>;
export type CaptureRequestInput = z.input<typeof CaptureRequestSchema>;

/** One `bio[]` item as we send it. */
export const CaptureBioStrictSchema = z.object({
  type: BioTypeSchema,
  count: strictIntString,
  bioSubType: z.array(z.string()),
  requestedScore: strictDecimalString,
  deviceId: z.string().min(1),
  deviceSubId: strictIntString,
  previousHash: z.union([z.literal(''), UpperHex64Schema]),
});

/** A CAPTURE request as we send it: strings only, transaction id within the pattern. */
export const CaptureRequestStrictSchema = z.object({
  env: EnvSchema,
  purpose: z.literal('Auth'),
  specVersion: z.string(),
  timeout: strictIntString,
  captureTime: SbiTimestampSchema,
  domainUri: z.string().min(1),
  transactionId: z.string().regex(SBI_TRANSACTION_ID_PATTERN, 'transactionId must be 4-50 letters, digits or -'),
  bio: z.array(CaptureBioStrictSchema).min(1),
  customOpts: z.null(),
});
export type CaptureRequestStrict = z.infer<typeof CaptureRequestStrictSchema>;

/**
 * Builds the CAPTURE request we send from looser input (numbers allowed); throws a ZodError when
 * the result would not be strictly valid.
 * @example buildCaptureRequest({ env: 'Staging', purpose: 'Auth', specVersion: '0.9.5', timeout: 10000,
 *   captureTime: sbiTimestamp(), domainUri, transactionId, bio: [{ type: 'Finger', count: 1, deviceId: '4', deviceSubId: 0 }] })
 */
export function buildCaptureRequest(input: CaptureRequestInput): CaptureRequestStrict {
  const loose = CaptureRequestSchema.parse(input);
  return CaptureRequestStrictSchema.parse({
    ...loose,
    bio: loose.bio.map(({ exception: _exception, ...b }) => b),
    customOpts: null,
  });
}

/** Payload of `biometrics[].data` for CAPTURE (P3167 may name the device by serialNo). */
export const CaptureDataSchema = z.object({
  digitalId: CompactJwsSchema,
  deviceCode: z.string().optional(),
  serialNo: z.string().optional(),
  deviceServiceVersion: z.string(),
  bioType: BioTypeSchema,
  bioSubType: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  purpose: PurposeSchema,
  env: EnvSchema,
  domainUri: z.string(),
  bioValue: z.string().min(1),
  transactionId: z.string(),
  timestamp: SbiTimestampSchema,
  requestedScore: lenientDecimal,
  qualityScore: lenientDecimal,
});
export type CaptureData = z.infer<typeof CaptureDataSchema>;

/** What our simulator signs: every field a string, `deviceCode` present. */
export const CaptureDataStrictSchema = z.object({
  digitalId: CompactJwsSchema,
  deviceCode: z.string(),
  deviceServiceVersion: z.string(),
  bioType: BioTypeSchema,
  bioSubType: z.string(),
  purpose: PurposeSchema,
  env: EnvSchema,
  domainUri: z.string(),
  bioValue: z.string().min(1),
  transactionId: z.string(),
  timestamp: SbiTimestampSchema,
  requestedScore: strictDecimalString,
  qualityScore: strictDecimalString,
});
export type CaptureDataStrict = z.infer<typeof CaptureDataStrictSchema>;

/** One `biometrics[]` entry as devices send it; on error the other fields may be null or empty. */
export const CaptureBiometricSchema = z.object({
  specVersion: z.string().nullish(),
  data: z.string().nullish(),
  hash: z.string().nullish(),
  sessionKey: z.string().nullish(),
  thumbprint: z.string().nullish(),
  error: ErrorObjectSchema,
});
export type CaptureBiometric = z.infer<typeof CaptureBiometricSchema>;

/** The CAPTURE response; P3167 adds a top-level `requestOrigin`. */
export const CaptureResponseSchema = z.object({
  biometrics: z.array(CaptureBiometricSchema),
  requestOrigin: z.string().optional(),
});
export type CaptureResponse = z.infer<typeof CaptureResponseSchema>;

/** A successful entry as our simulator sends it. */
export const CaptureBiometricStrictSchema = z.object({
  specVersion: z.string(),
  data: CompactJwsSchema,
  hash: UpperHex64Schema,
  sessionKey: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url'),
  thumbprint: UpperHex64Schema,
  error: ErrorObjectStrictSchema,
});
export type CaptureBiometricStrict = z.infer<typeof CaptureBiometricStrictSchema>;
