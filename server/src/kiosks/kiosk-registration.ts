// Registers a kiosk from its registration request: the kiosk and its OIDC client `kiosk-<kioskId>`
// (the kiosk key signs its private_key_jwt assertions), stored together in one registry transaction.
import { ACR_FACTORS, ClientCreateSchema, type Client } from '@signet-kiosk/shared/esignet';
import type { Kiosk, KioskRegistrationRequest } from '@signet-kiosk/shared/kiosk';
import { checkRedirectUris } from '../admin/client-mgmt-routes.js';
import { checkPublicKey } from '../admin/client-public-key.js';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { invalidInput } from '../http/esignet-envelope.js';
import { DuplicateClientError, DuplicateKioskError } from '../stores/registry.js';
import { kioskClientId } from '@signet-kiosk/shared/kiosk';

/**
 * The ACRs a kiosk's operator may sign in with: every one whose factors the ID system verifies, so
 * an operator with worn fingers can use a PIN and one without a PIN a fingerprint.
 */
function operatorAcrs(ctx: ServerContext): string[] {
  const supported = new Set(ctx.authenticator.supportedAuthFactors());
  return Object.entries(ACR_FACTORS)
    .filter(([, sets]) => sets.some((set) => set.every((f) => supported.has(f.type))))
    .map(([acr]) => acr);
}

/** The kiosk's OIDC client, as the client-management API would store it (its schema checks the redirect URIs). */
export function kioskClient(ctx: ServerContext, request: KioskRegistrationRequest, now: string): Client {
  const parsed = ClientCreateSchema.safeParse({
    clientId: kioskClientId(request.kioskId),
    clientName: request.name,
    publicKey: { ...request.publicJwk, alg: 'ES256', use: 'sig' },
    relyingPartyId: kioskClientId(request.kioskId),
    // The operator signs in to be known: the console shows the operator's name (scope profile), nothing more.
    userClaims: ['name'],
    authContextRefs: operatorAcrs(ctx),
    logoUri: `${ctx.config.issuer}/favicon.ico`,
    redirectUris: request.redirectUris,
    grantTypes: ['authorization_code'],
    clientAuthMethods: ['private_key_jwt'],
  });
  if (!parsed.success) throw invalidInput(parsed.error);
  return { ...parsed.data, status: 'ACTIVE', createdAt: now, updatedAt: now };
}

/**
 * Registers the kiosk (enabled) with its client; throws EsignetError `duplicate_kiosk_id`,
 * `duplicate_client_id`, `invalid_public_key` or `invalid_input`.
 * @example const kiosk = await registerKiosk(ctx, KioskRegistrationRequestSchema.parse(body), ['2804195602']);
 */
export async function registerKiosk(
  ctx: ServerContext,
  request: KioskRegistrationRequest,
  operators: string[] = [],
): Promise<Kiosk> {
  await checkPublicKey(request.publicJwk, 'sig', 'publicJwk');
  checkRedirectUris(ctx, request.redirectUris);
  const now = new Date().toISOString();
  const client = kioskClient(ctx, request, now);
  const kiosk: Kiosk = {
    kioskId: request.kioskId,
    name: request.name,
    publicJwk: request.publicJwk,
    clientId: client.clientId,
    redirectUris: request.redirectUris,
    enabled: true,
    operators: [...new Set(operators)],
    registeredAt: now,
  };
  try {
    await ctx.registry.kiosks.create(kiosk, client);
  } catch (e) {
    if (e instanceof DuplicateKioskError)
      throw new EsignetError('duplicate_kiosk_id', `A kiosk with kioskId ${kiosk.kioskId} is already registered.`);
    if (e instanceof DuplicateClientError)
      throw new EsignetError(
        'duplicate_client_id',
        `The kiosk's client id ${client.clientId} is already taken by another client; choose another kioskId.`,
      );
    throw e;
  }
  return kiosk;
}
