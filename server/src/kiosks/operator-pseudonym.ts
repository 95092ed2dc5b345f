// How the audit names an operator where no sign-in gives their `sub` at the kiosk's client (the
// admin API's operator lists): a keyed hash of the individual ID under the server's pairwise salt,
// stable, not reversible by guessing IDs, and never the ID itself.
import type { ServerContext } from '../context.js';

/** The HMAC's purpose, so that the pseudonym matches no pairwise `sub` nor other keyed hash of the ID. */
const PURPOSE = 'urn:signet-kiosk:operator';

/**
 * The audit's name for an operator known by individual ID only.
 * @example ctx.audit.record({ action, operators: operators.map((id) => operatorPseudonym(ctx, id)) });
 */
export function operatorPseudonym(ctx: ServerContext, individualId: string): string {
  return ctx.subjects.sub(PURPOSE, individualId);
}
