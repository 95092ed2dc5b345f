// `GET /v1/signet/sbi/trust-anchors`: what a browser's SBI client needs to judge local devices as the
// server will — the public CA certificates the server trusts for captures (device-provider and FTM,
// per SBI environment, each device-provider CA with the provider it may certify and how it binds
// device certificates to devices) and the environments and domainUris captures may carry. Public
// certificates only; the server still verifies every capture itself.
import { z } from 'zod';
import { EnvSchema } from './fields.js';

export const SBI_TRUST_ANCHORS_PATH = '/v1/signet/sbi/trust-anchors';

const TrustedEnvSchema = EnvSchema.exclude(['None']);

export const SbiTrustAnchorSchema = z.object({
  kind: z.enum(['device-provider', 'ftm']),
  env: TrustedEnvSchema,
  /** The CA certificate, standard base64 of its DER (as x5c carries certificates). */
  certificate: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
  /** SHA-256 of the DER, `AB:CD:…`. */
  fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
  /** The provider a device-provider CA's devices must name; null for FTM CAs (or when it certifies no device). */
  deviceProvider: z.string().nullable(),
  /** How its device certificates name devices; null for FTM CAs. `registered-devices`: only the server can check. */
  deviceBinding: z.enum(['certificate-subject', 'registered-devices']).nullable(),
});
export type SbiTrustAnchor = z.infer<typeof SbiTrustAnchorSchema>;

export const SbiTrustAnchorsSchema = z.object({
  /** The SBI environments devices may be registered in, in the server's order of preference. */
  envs: z.array(TrustedEnvSchema).min(1),
  /** The domainUris captures may carry. */
  domainUris: z.array(z.string().min(1)).min(1),
  anchors: z.array(SbiTrustAnchorSchema),
});
export type SbiTrustAnchors = z.infer<typeof SbiTrustAnchorsSchema>;
