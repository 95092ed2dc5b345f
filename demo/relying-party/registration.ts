// Registers the demo relying party through the client-management API unless it already is:
// GET by id first; create if unknown; add only what is missing (a new port's redirect URI).
// It never replaces a registered key or reactivates a client: that is for an operator to decide.
import {
  ClientSchema,
  ClientStatusResponseSchema,
  type Client,
  type ClientCreate,
  type ClientPatch,
  type PublicJwk,
} from '@signet-kiosk/shared/esignet';
import { AdminApi, AdminApiRefusal } from './admin-api.js';
import { DemoRpError } from './errors.js';

export type RegistrationOutcome = 'created' | 'unchanged' | 'updated';

/** ACR values of the sign-in buttons: every factor the reference ID system verifies. */
export const ACR = {
  pin: 'mosip:idp:acr:static-code',
  otp: 'mosip:idp:acr:generated-code',
  pwd: 'mosip:idp:acr:password',
  kbi: 'mosip:idp:acr:knowledge',
  bio: 'mosip:idp:acr:biometrics',
} as const;

/** The claims the demo asks for (name essential; email and phone voluntary). */
export const DEMO_CLAIMS = ['name', 'email', 'phone_number'];

export interface DemoRegistration {
  clientId: string;
  publicJwk: PublicJwk & { kid: string };
  /** Where the key is kept, for error messages. */
  keyFile: string;
  /** This app's own URL: redirect URI and logo derive from it. */
  baseUrl: string;
}

/** The registration request for the demo relying party. */
export function demoClientRequest(reg: DemoRegistration): ClientCreate {
  return {
    clientId: reg.clientId,
    clientName: 'Signet demo relying party',
    clientNameLangMap: { eng: 'Signet demo relying party', khm: 'ភាគីពឹងផ្អែកសាកល្បង' },
    publicKey: reg.publicJwk,
    relyingPartyId: reg.clientId,
    userClaims: DEMO_CLAIMS,
    authContextRefs: [ACR.pin, ACR.otp, ACR.pwd, ACR.kbi, ACR.bio],
    logoUri: `${reg.baseUrl}/logo.svg`,
    redirectUris: [`${reg.baseUrl}/callback`],
    grantTypes: ['authorization_code'],
    clientAuthMethods: ['private_key_jwt'],
    additionalConfig: {
      userinfo_response_type: 'JWS',
      consent_expire_in_mins: 60,
      require_pushed_authorization_requests: false,
      dpop_bound_access_tokens: false,
      require_pkce: true,
    },
  };
}

/**
 * Makes sure the client exists and accepts this app's key and redirect URI.
 * @example const outcome = await ensureRegistered(new AdminApi(issuer, token), registration);
 */
export async function ensureRegistered(api: AdminApi, reg: DemoRegistration): Promise<RegistrationOutcome> {
  const desired = demoClientRequest(reg);
  const path = `/client/${encodeURIComponent(reg.clientId)}`;
  const existing = await getClient(api, path);
  if (!existing) {
    try {
      await api.call('POST', '/client', ClientStatusResponseSchema, desired);
      return 'created';
    } catch (e) {
      // Another start registered it in between: check that one like any existing client.
      if (!(e instanceof AdminApiRefusal && e.errorCode === 'duplicate_client_id')) throw refused(e, 'register');
    }
    const raced = await getClient(api, path);
    if (!raced)
      throw new DemoRpError('registration_failed', `client ${reg.clientId} was reported as existing, then not found`);
    return reconcile(api, path, raced, desired, reg);
  }
  return reconcile(api, path, existing, desired, reg);
}

async function getClient(api: AdminApi, path: string): Promise<Client | undefined> {
  try {
    return await api.call('GET', path, ClientSchema);
  } catch (e) {
    if (e instanceof AdminApiRefusal && e.errorCode === 'invalid_client') return undefined;
    throw refused(e, 'look up');
  }
}

async function reconcile(
  api: AdminApi,
  path: string,
  existing: Client,
  desired: ClientCreate,
  reg: DemoRegistration,
): Promise<RegistrationOutcome> {
  if (!sameKey(existing.publicKey, reg.publicJwk)) {
    throw new DemoRpError(
      'registration_conflict',
      `client ${reg.clientId} is registered with another public key (kid ${existing.publicKey.kid ?? 'none'}) than the one in ${reg.keyFile} (kid ${reg.publicJwk.kid}). ` +
        `If it is an earlier demo registration, delete it ("npm run admin -- client delete ${reg.clientId}") and start again; otherwise set DEMO_RP_CLIENT_ID to another id.`,
    );
  }
  if (existing.status !== 'ACTIVE') {
    throw new DemoRpError(
      'registration_conflict',
      `client ${reg.clientId} is ${existing.status}; an operator deactivated it. Reactivate it (npm run admin -- client patch) or set DEMO_RP_CLIENT_ID to another id.`,
    );
  }
  const patch: ClientPatch = {};
  const missing = (have: string[], want: string[]) => want.filter((v) => !have.includes(v));
  if (missing(existing.redirectUris, desired.redirectUris).length > 0)
    patch.redirectUris = [...existing.redirectUris, ...missing(existing.redirectUris, desired.redirectUris)];
  if (missing(existing.authContextRefs, desired.authContextRefs).length > 0)
    patch.authContextRefs = [
      ...existing.authContextRefs,
      ...missing(existing.authContextRefs, desired.authContextRefs),
    ];
  if (missing(existing.userClaims, desired.userClaims).length > 0)
    patch.userClaims = [...existing.userClaims, ...missing(existing.userClaims, desired.userClaims)];
  if (Object.keys(patch).length === 0) return 'unchanged';
  try {
    await api.call('PATCH', path, ClientStatusResponseSchema, patch);
  } catch (e) {
    throw refused(e, 'update');
  }
  return 'updated';
}

/** The same key material, and the same kid (assertions name the key by it). */
function sameKey(a: PublicJwk, b: PublicJwk): boolean {
  return (
    a.kid === b.kid && a.kty === b.kty && a.crv === b.crv && a.x === b.x && a.y === b.y && a.n === b.n && a.e === b.e
  );
}

function refused(e: unknown, what: string): unknown {
  if (e instanceof AdminApiRefusal)
    return new DemoRpError(
      'registration_failed',
      `the server refused to ${what} the demo client (HTTP ${e.status}) — ${e.message}`,
    );
  return e;
}
