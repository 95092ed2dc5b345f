// Consent per (client, pairwise sub): what the resident released, for which request, until when.
// An unchanged request with a live consent skips the consent screen (NOCAPTURE).
import { hash } from 'node:crypto';
import type { ConsentAction } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import type { Consent } from '../stores/registry.js';
import type { AuthorizationRequest } from './authorization-request.js';

type ConsentRequest = Pick<AuthorizationRequest, 'essentialClaims' | 'voluntaryClaims' | 'authorizeScopes'>;
/** A request whose resident is known: the transaction after authentication, or prompt=none with a session. */
type SubjectRequest = ConsentRequest & Pick<AuthorizationRequest, 'clientId' | 'prompt'> & { sub: string };

/**
 * SHA-256 (base64url) over the sorted essential claims, voluntary claims and authorize scopes:
 * the same request in any order gives the same hash; anything added or moved changes it.
 * @example consentRequestHash({ essentialClaims: ['name'], voluntaryClaims: [], authorizeScopes: [] })
 */
export function consentRequestHash(request: ConsentRequest): string {
  const sorted = (list: string[]) => [...new Set(list)].sort();
  const canonical = JSON.stringify([
    sorted(request.essentialClaims),
    sorted(request.voluntaryClaims),
    sorted(request.authorizeScopes),
  ]);
  return hash('sha256', canonical, 'base64url');
}

/** The stored consent that still covers this transaction's request, if any. */
export async function applicableConsent(
  ctx: ServerContext,
  txn: SubjectRequest,
  now = Date.now(),
): Promise<Consent | undefined> {
  const consent = await ctx.registry.consents.get(txn.clientId, txn.sub);
  if (!consent) return undefined;
  if (consent.expiresAt !== null && Date.parse(consent.expiresAt) <= now) return undefined;
  if (consent.requestHash !== consentRequestHash(txn)) return undefined;
  return consent;
}

/** CAPTURE unless nothing needs consent or a live consent covers the same request; prompt=consent always asks. */
export async function decideConsentAction(ctx: ServerContext, txn: SubjectRequest): Promise<ConsentAction> {
  if (txn.prompt.includes('consent')) return 'CAPTURE';
  if (txn.essentialClaims.length === 0 && txn.voluntaryClaims.length === 0 && txn.authorizeScopes.length === 0)
    return 'NOCAPTURE';
  return (await applicableConsent(ctx, txn)) ? 'NOCAPTURE' : 'CAPTURE';
}

/** Stores (or replaces) the consent given now; expiry from the client's consent_expire_in_mins (0 = none). */
export async function recordConsent(
  ctx: ServerContext,
  txn: SubjectRequest,
  acceptedClaims: string[],
  permittedScopes: string[],
  expireInMins: number,
  now = Date.now(),
): Promise<Consent> {
  const consent: Consent = {
    clientId: txn.clientId,
    subject: txn.sub,
    requestHash: consentRequestHash(txn),
    acceptedClaims,
    permittedScopes,
    createdAt: new Date(now).toISOString(),
    expiresAt: expireInMins > 0 ? new Date(now + expireInMins * 60_000).toISOString() : null,
  };
  await ctx.registry.consents.put(consent);
  return consent;
}
