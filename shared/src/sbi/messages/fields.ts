// Field schemas every SBI message shares: enumerations, the `error` object, and the lenient
// number-or-string fields real clients drift on (normalised to the strings the spec demands).
import { z } from 'zod';
import { SBI_TIMESTAMP_PATTERN } from '../timestamp.js';

export const BIO_TYPES = ['Finger', 'Iris', 'Face'] as const;
export const BioTypeSchema = z.enum(BIO_TYPES);
export type BioType = z.infer<typeof BioTypeSchema>;

export const DEVICE_SUB_TYPES = ['Slap', 'Single', 'Touchless', 'Double', 'Full face'] as const;
export const DeviceSubTypeSchema = z.enum(DEVICE_SUB_TYPES);

export const FINGER_SUB_TYPES = [
  'Left IndexFinger',
  'Left MiddleFinger',
  'Left RingFinger',
  'Left LittleFinger',
  'Left Thumb',
  'Right IndexFinger',
  'Right MiddleFinger',
  'Right RingFinger',
  'Right LittleFinger',
  'Right Thumb',
  'UNKNOWN',
] as const;
export const IRIS_SUB_TYPES = ['Left', 'Right', 'UNKNOWN'] as const;

/** Most biometrics of each type one capture may ask for. */
export const MAX_COUNT: Record<BioType, number> = { Finger: 10, Iris: 2, Face: 1 };

export const PurposeSchema = z.enum(['Auth', 'Registration']);
export type Purpose = z.infer<typeof PurposeSchema>;

export const EnvSchema = z.enum(['Staging', 'Developer', 'Pre-Production', 'Production', 'None']);
export type Env = z.infer<typeof EnvSchema>;

export const DeviceStatusSchema = z.enum(['Ready', 'Busy', 'Not Ready', 'Not Registered']);
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

export const CertificationSchema = z.enum(['L0', 'L1']);

/** `error` as devices send it; some send the code as a number or omit errorInfo. */
export const ErrorObjectSchema = z.object({
  errorCode: z.union([z.string(), z.number().int()]).transform(String),
  errorInfo: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
});
export const ErrorObjectStrictSchema = z.object({ errorCode: z.string().regex(/^\d+$/), errorInfo: z.string() });

/** A non-negative integer as a JSON string or number; always read back as a decimal string. */
export const lenientInt = z
  .union([z.string().trim().regex(/^\d+$/, 'expected a non-negative integer'), z.number().int().nonnegative()])
  .transform((v) => String(Number(v)));

/** A non-negative decimal (scores) as a JSON string or number; read back as a string. */
export const lenientDecimal = z
  .union([
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, 'expected a non-negative number'),
    z.number().nonnegative().finite(),
  ])
  .transform((v) => (typeof v === 'number' ? String(v) : v));

/** What we send for integers: decimal digits in a string. */
export const strictIntString = z.string().regex(/^\d+$/, 'expected decimal digits in a string');
/** What we send for scores: `"60"` or `"80.0"`. */
export const strictDecimalString = z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal number in a string');

/** Strict SBI timestamp (`yyyy-MM-ddTHH:mm:ssZ`). */
export const SbiTimestampSchema = z
  .string()
  .regex(SBI_TIMESTAMP_PATTERN, 'expected yyyy-MM-ddTHH:mm:ssZ without milliseconds');

/** Standard or URL-safe base64 without whitespace. */
export const Base64Schema = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'expected base64');

/** A compact JWS: three base64url parts. */
export const CompactJwsSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'expected a compact JWS');

/** 64 upper-case hex characters (hash, thumbprint). */
export const UpperHex64Schema = z.string().regex(/^[0-9A-F]{64}$/, 'expected 64 upper-case hex characters');

/** An EC P-256 public JWK, as P3167 discovery/info may carry. */
export const P256JwkSchema = z.looseObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string(),
  y: z.string(),
});
