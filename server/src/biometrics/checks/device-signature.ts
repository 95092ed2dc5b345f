// Check 1: each capture's `data` is a JWS by a device key whose certificate (x5c) chains to a
// trusted device-provider CA for the environment the device is registered in. The anchors depend
// on that env, so a capture claiming an env this server does not accept stops here (bio_env_mismatch).
// The signing certificate, its CA, and the provider and binding that CA is trusted with are kept
// for the device-binding check.
import { type BioChallengeItem, envIssue } from '@signet-kiosk/shared/sbi';
import { DEFAULT_DEVICE_BINDING } from '../trust-store-schema.js';
import type { DeviceCaPolicy } from '../trust-store.js';
import type { VerifiedX5c } from '../x5c-verifier.js';
import { bioFailure, nth, SubmittedCaptureDataSchema, type CheckContext, type SignedCapture } from './check-context.js';
import { signatureFailure } from './signature-failure.js';

/**
 * Verifies every capture's device signature and reads its payload.
 * @example const signed = await checkDeviceSignatures(items, ctx);
 */
export async function checkDeviceSignatures(items: BioChallengeItem[], ctx: CheckContext): Promise<SignedCapture[]> {
  const out: SignedCapture[] = [];
  for (const [index, item] of items.entries()) {
    const env = claimedEnv(item.data, index);
    if (envIssue(env, ctx.policy.envs)) {
      throw bioFailure(
        'bio_env_mismatch',
        `${nth(index)} comes from a device registered in ${JSON.stringify(env)}; this server accepts ${ctx.policy.envs.join(', ')}.`,
      );
    }
    const anchors = await ctx.trust.anchors('device-provider', env);
    let verified: VerifiedX5c;
    try {
      verified = await ctx.verifier.verify(item.data, anchors, ctx.now);
    } catch (err) {
      throw signatureFailure(err, 'device', index);
    }
    // A CA missing here certifies no provider (the device-binding check then refuses).
    const ca: DeviceCaPolicy = anchors.deviceCas.get(verified.anchor.fingerprint256) ?? {
      binding: DEFAULT_DEVICE_BINDING,
      provider: null,
    };
    out.push({
      index,
      item,
      data: parsePayload(verified.payload, index),
      signer: { certificate: verified.certificate, anchor: verified.anchor, ...ca },
    });
  }
  return out;
}

/** The `env` the (not yet verified) payload names; it only picks the trust anchors to verify with. */
function claimedEnv(jws: string, index: number): string {
  const parts = jws.split('.');
  try {
    if (parts.length !== 3) throw new Error('not a compact JWS');
    const env: unknown = (JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { env?: unknown }).env;
    if (typeof env !== 'string') throw new Error('no env');
    return env;
  } catch {
    throw bioFailure('bio_malformed', `${nth(index)}: data is not a compact JWS over the capture JSON (with env).`);
  }
}

function parsePayload(payload: Uint8Array, index: number): SignedCapture['data'] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw bioFailure('bio_malformed', `${nth(index)}: the signed data is not JSON.`);
  }
  const missing = (['bioValue', 'timestamp'] as const).find((k) => {
    const v = (json as Record<string, unknown> | null)?.[k];
    return v === undefined || v === null || v === '';
  });
  if (missing) throw bioFailure('bio_incomplete', `${nth(index)}: the signed data has no ${missing}.`);
  const parsed = SubmittedCaptureDataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw bioFailure('bio_malformed', `${nth(index)}: data.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
