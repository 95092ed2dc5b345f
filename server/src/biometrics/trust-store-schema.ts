// Wire format of the biometric trust-store admin API (`/v1/signet/admin/trust-store`): Signet's
// own API like the signing-key one — a plain JSON request, answers and errors in the eSignet envelope.
import { z } from 'zod';
import { EnvSchema } from '../../../shared/src/sbi/messages/fields.js';

/** device-provider CAs certify device signing keys; FTM CAs certify the L1 trust modules that sign digitalIds. */
export const TrustKindSchema = z.enum(['device-provider', 'ftm']);
export type TrustKind = z.infer<typeof TrustKindSchema>;

/** An SBI environment a CA can be trusted for (`None` marks unregistered devices). */
export const TrustEnvSchema = EnvSchema.exclude(['None']);
export type TrustEnv = z.infer<typeof TrustEnvSchema>;

/** POST …/trust-store: one CA certificate in PEM for a kind and an environment. */
export const TrustedCaUploadSchema = z
  .object({
    kind: TrustKindSchema,
    env: TrustEnvSchema,
    certificate: z.string().min(1).max(20_000),
  })
  .strict();
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
});
export type TrustedCaInfo = z.infer<typeof TrustedCaInfoSchema>;

export const TrustedCaListResponseSchema = z.object({ cas: z.array(TrustedCaInfoSchema) });
export type TrustedCaListResponse = z.infer<typeof TrustedCaListResponseSchema>;

export const TrustedCaDeleteResponseSchema = z.object({ kind: TrustKindSchema, env: TrustEnvSchema, fingerprint: z.string(), deleted: z.literal(true) });
export type TrustedCaDeleteResponse = z.infer<typeof TrustedCaDeleteResponseSchema>;
