// A link code's binding to the individual ID the resident typed on their own device (link-code's
// `individualId`): kept as a keyed hash of its normal form, never the ID itself, and compared in
// constant time when the kiosk submits the ID it verifies (v2/authenticate).
import { normaliseIndividualId } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { constantTimeEqual } from '../esignet/constant-time.js';

/** The HMAC's purpose, so that the binding matches no other keyed hash of the same ID. */
const PURPOSE = 'urn:signet-kiosk:link-individual-id';

/**
 * What a code stores of the ID it is bound to: an HMAC (the pairwise salt) of the normalised ID.
 * @example entry.individualIdBinding = individualIdBinding(ctx, request.individualId);
 */
export function individualIdBinding(ctx: ServerContext, individualId: string): string {
  return ctx.subjects.sub(PURPOSE, normaliseIndividualId(individualId));
}

/**
 * True when the code binds no ID (an eSignet client asked for it), or binds this one.
 * @example if (!isBoundIndividual(ctx, linked.individualIdBinding, request.individualId)) throw …;
 */
export function isBoundIndividual(ctx: ServerContext, binding: string | undefined, individualId: string): boolean {
  return binding === undefined || constantTimeEqual(individualIdBinding(ctx, individualId), binding);
}
