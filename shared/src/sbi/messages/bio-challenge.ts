// The BIO challenge eSignet's UI posts to `authenticate`: the capture's biometrics[] without their
// `error`, as JSON in base64, format `encoded-json`. Its UI writes standard base64 while its IDA
// plugin reads base64url, so we read both and write base64url.
import { z } from 'zod';
import { base64urlJson, jsonFromBase64 } from '../encoding/base64url.js';
import { Base64Schema } from './fields.js';

export const BIO_CHALLENGE_FORMAT = 'encoded-json';

/** One submitted biometric: what the device sent, minus `error`. */
export const BioChallengeItemSchema = z.object({
  specVersion: z.string(),
  data: z.string().min(1),
  hash: z.string().min(1),
  sessionKey: z.string().min(1),
  thumbprint: z.string().min(1),
});
export type BioChallengeItem = z.infer<typeof BioChallengeItemSchema>;

export const BioChallengeSchema = z.array(BioChallengeItemSchema).min(1);

/**
 * Encodes successful capture entries as the challenge string (errors dropped).
 * @example encodeBioChallenge(captureResponse.biometrics)
 */
export function encodeBioChallenge(biometrics: readonly (BioChallengeItem & { error?: unknown })[]): string {
  const items = BioChallengeSchema.parse(biometrics.map(({ error: _error, ...rest }) => rest));
  return base64urlJson(items);
}

/**
 * Decodes a challenge in either base64 alphabet; undefined when it is not a list of biometrics.
 * @example const items = decodeBioChallenge(challenge.challenge);
 */
export function decodeBioChallenge(challenge: string): BioChallengeItem[] | undefined {
  if (!Base64Schema.safeParse(challenge).success) return undefined;
  try {
    const r = BioChallengeSchema.safeParse(jsonFromBase64(challenge));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
