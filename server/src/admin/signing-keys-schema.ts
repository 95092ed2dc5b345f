// Wire format of the signing-key admin API (`/v1/signet/admin/keys`), shared by the server and
// the admin CLI. Signet's own API, not eSignet's: the request is a plain JSON object; answers
// and errors use the eSignet envelope like the rest of the admin API.
import { z } from 'zod';

export const SigningAlgSchema = z.enum(['ES256', 'RS256', 'PS256', 'EdDSA']);

/** POST …/keys/rotate: the body is optional; without `alg` every configured algorithm rotates. */
export const KeysRotateRequestSchema = z.object({ alg: SigningAlgSchema.optional() }).strict();
export type KeysRotateRequest = z.infer<typeof KeysRotateRequestSchema>;

export const KeysRotateResponseSchema = z.object({ kids: z.array(z.string()) });
export type KeysRotateResponse = z.infer<typeof KeysRotateResponseSchema>;

/** One signing key as the admin API shows it: never private material. */
export const SigningKeyInfoSchema = z.object({
  kid: z.string(),
  alg: z.string(),
  status: z.enum(['active', 'retired']),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
  /** When a retired key leaves the JWKS. */
  publishUntil: z.string().nullable(),
});
export type SigningKeyInfo = z.infer<typeof SigningKeyInfoSchema>;

export const KeysListResponseSchema = z.object({ keys: z.array(SigningKeyInfoSchema) });
export type KeysListResponse = z.infer<typeof KeysListResponseSchema>;
