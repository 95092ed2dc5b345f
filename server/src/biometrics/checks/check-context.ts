// What the capture checks share: the expectations and services they read, the capture as it
// grows through the checks (challenge item → verified `data` → verified digitalId), and the
// one way a check fails (an EsignetError with its own bio_* code).
import type { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { type BioChallengeItem, CaptureDataSchema } from '@signet-kiosk/shared/sbi';
import type { Config } from '../../config.js';
import { EsignetError, type EsignetErrorCode } from '../../errors.js';
import type { KvStore } from '../../stores/kv-store.js';
import type { DeviceCaPolicy, TrustStore } from '../trust-store.js';
import type { X5cVerifier } from '../x5c-verifier.js';

export type BiometricsPolicy = Config['biometrics'];

export interface CheckContext {
  policy: BiometricsPolicy;
  /** The SBI transactionId the captures must carry (eSignet's derivation of the transaction id). */
  sbiTransactionId: string;
  now: Date;
  trust: TrustStore;
  verifier: X5cVerifier;
  replay: KvStore;
}

/**
 * The signed `data` payload as the checks read it: the shared schema, with the fields that have a
 * check of their own read as text so that each fails with its own code, not as bio_malformed.
 */
export const SubmittedCaptureDataSchema = CaptureDataSchema.extend({
  digitalId: z.string(),
  purpose: z.string(),
  env: z.string(),
  bioType: z.string(),
  bioValue: z.string().nullish(),
  timestamp: z.string().nullish(),
});
export type SubmittedCaptureData = z.infer<typeof SubmittedCaptureDataSchema>;

const text = z.string().nullish();
/** The signed digitalId payload, every field as text: the modality check tells what is missing. */
export const SubmittedDigitalIdSchema = z.object({
  serialNo: text,
  make: text,
  model: text,
  type: text,
  deviceSubType: text,
  deviceProvider: text,
  deviceProviderId: text,
  dateTime: text,
});
export type SubmittedDigitalId = z.infer<typeof SubmittedDigitalIdSchema>;

/** After check 1: the device signature holds. */
export interface SignedCapture {
  /** Position in the submitted array, from 0. */
  index: number;
  item: BioChallengeItem;
  data: SubmittedCaptureData;
  /**
   * The certificate that signed `data`, the device-provider CA it chains to, and that CA's policy:
   * which provider's devices it certifies and how it binds them.
   */
  signer: { certificate: X509Certificate; anchor: X509Certificate } & DeviceCaPolicy;
}

/** After check 3: the digitalId signature holds too. */
export interface CheckedCapture extends SignedCapture {
  digitalId: SubmittedDigitalId;
}

/**
 * The failure of a check: the code is stable, the message says which capture and why.
 * @example throw bioFailure('bio_timestamp_stale', 'Capture 1 was taken 300 s ago; at most 150 s are allowed.');
 */
export function bioFailure(code: Extract<EsignetErrorCode, `bio_${string}`>, detail?: string): EsignetError {
  return new EsignetError(code, detail);
}

/** "Capture 2" for index 1, for messages. */
export const nth = (index: number): string => `Capture ${index + 1}`;
