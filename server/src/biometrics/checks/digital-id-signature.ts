// Check 3: each capture's digitalId is a JWS whose certificate chains to a trusted FTM CA for the
// device's environment — an L1 device's trust module signs it, which authentication requires.
import {
  bioFailure,
  nth,
  SubmittedDigitalIdSchema,
  type CheckContext,
  type CheckedCapture,
  type SignedCapture,
} from './check-context.js';
import { signatureFailure } from './signature-failure.js';

/**
 * Verifies every digitalId and reads its payload.
 * @example const checked = await checkDigitalIds(signed, ctx);
 */
export async function checkDigitalIds(captures: SignedCapture[], ctx: CheckContext): Promise<CheckedCapture[]> {
  const out: CheckedCapture[] = [];
  for (const c of captures) {
    let payload: Uint8Array;
    try {
      ({ payload } = await ctx.verifier.verify(c.data.digitalId, await ctx.trust.anchors('ftm', c.data.env), ctx.now));
    } catch (err) {
      throw signatureFailure(err, 'ftm', c.index);
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    } catch {
      throw bioFailure('bio_malformed', `${nth(c.index)}: the signed digitalId is not JSON.`);
    }
    const parsed = SubmittedDigitalIdSchema.safeParse(json);
    if (!parsed.success)
      throw bioFailure('bio_digital_id_invalid', `${nth(c.index)}: the digitalId is not an object of text fields.`);
    out.push({ ...c, digitalId: parsed.data });
  }
  return out;
}
