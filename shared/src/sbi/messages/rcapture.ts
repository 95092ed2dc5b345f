// Registration capture (`RCAPTURE /capture`, P3167 `POST /rcapture`): no domainUri, `exception`
// per bio item, and a plain base64url ISO record in `bioValue` with no sessionKey/thumbprint.
import { z } from 'zod';
import { SBI_TRANSACTION_ID_PATTERN } from '../transaction-id.js';
import { captureRequestLenientBase, CaptureBioStrictSchema } from './capture.js';
import {
  BioTypeSchema,
  CompactJwsSchema,
  EnvSchema,
  ErrorObjectSchema,
  ErrorObjectStrictSchema,
  lenientDecimal,
  PurposeSchema,
  SbiTimestampSchema,
  strictDecimalString,
  strictIntString,
  UpperHex64Schema,
} from './fields.js';

/** An RCAPTURE request as a device service must accept it, normalised to strings. */
export const RegistrationCaptureRequestSchema = z.object({
  ...captureRequestLenientBase,
  domainUri: z.string().optional(),
});
export type RegistrationCaptureRequest = z.infer<typeof RegistrationCaptureRequestSchema>;
export type RegistrationCaptureRequestInput = z.input<typeof RegistrationCaptureRequestSchema>;

/** An RCAPTURE request as we send it. */
export const RegistrationCaptureRequestStrictSchema = z.object({
  env: EnvSchema,
  purpose: z.literal('Registration'),
  specVersion: z.string(),
  timeout: strictIntString,
  captureTime: SbiTimestampSchema,
  transactionId: z.string().regex(SBI_TRANSACTION_ID_PATTERN, 'transactionId must be 4-50 letters, digits or -'),
  bio: z.array(CaptureBioStrictSchema.extend({ exception: z.array(z.string()) })).min(1),
  customOpts: z.null(),
});
export type RegistrationCaptureRequestStrict = z.infer<typeof RegistrationCaptureRequestStrictSchema>;

/**
 * Builds the RCAPTURE request we send from looser input; throws a ZodError when invalid.
 * @example buildRegistrationCaptureRequest({ …, purpose: 'Registration', bio: [{ type: 'Finger', count: 4, deviceId: '1', deviceSubId: 1, exception: [] }] })
 */
export function buildRegistrationCaptureRequest(
  input: RegistrationCaptureRequestInput,
): RegistrationCaptureRequestStrict {
  const { domainUri: _domainUri, ...loose } = RegistrationCaptureRequestSchema.parse(input);
  return RegistrationCaptureRequestStrictSchema.parse({ ...loose, customOpts: null });
}

/** Payload of `biometrics[].data` for RCAPTURE; `bioValue` is the plain base64url ISO record. */
export const RegistrationCaptureDataSchema = z.object({
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
  bioValue: z.string().min(1),
  transactionId: z.string(),
  timestamp: SbiTimestampSchema,
  requestedScore: lenientDecimal,
  qualityScore: lenientDecimal,
});
export type RegistrationCaptureData = z.infer<typeof RegistrationCaptureDataSchema>;

/** What our simulator signs for RCAPTURE. */
export const RegistrationCaptureDataStrictSchema = z.object({
  digitalId: CompactJwsSchema,
  deviceCode: z.string(),
  deviceServiceVersion: z.string(),
  bioType: BioTypeSchema,
  bioSubType: z.string(),
  purpose: z.literal('Registration'),
  env: EnvSchema,
  bioValue: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url'),
  transactionId: z.string(),
  timestamp: SbiTimestampSchema,
  requestedScore: strictDecimalString,
  qualityScore: strictDecimalString,
});
export type RegistrationCaptureDataStrict = z.infer<typeof RegistrationCaptureDataStrictSchema>;

/** One `biometrics[]` entry of an RCAPTURE response. */
export const RegistrationCaptureBiometricSchema = z.object({
  specVersion: z.string().nullish(),
  data: z.string().nullish(),
  hash: z.string().nullish(),
  error: ErrorObjectSchema,
});
export const RegistrationCaptureResponseSchema = z.object({
  biometrics: z.array(RegistrationCaptureBiometricSchema),
  requestOrigin: z.string().optional(),
});
export type RegistrationCaptureResponse = z.infer<typeof RegistrationCaptureResponseSchema>;

/** A successful RCAPTURE entry as our simulator sends it. */
export const RegistrationCaptureBiometricStrictSchema = z.object({
  specVersion: z.string(),
  data: CompactJwsSchema,
  hash: UpperHex64Schema,
  error: ErrorObjectStrictSchema,
});
