// Client management wire format (eSignet's `/v1/esignet/client-mgmt/client`), shared by the
// server's admin API and the admin CLI.
import { z } from 'zod';
import { ACR_FACTORS } from './acr.js';

/**
 * A public JWK: asymmetric (RSA, EC, OKP), never carrying private parts. The shape only; the
 * server also imports it (server/src/admin/client-public-key.ts) to check it is a usable key.
 */
export const PublicJwkSchema = z
  .object({
    kty: z.enum(['RSA', 'EC', 'OKP']),
    kid: z.string().min(1).max(200).optional(),
    alg: z.string().max(50).optional(),
    use: z.enum(['sig', 'enc']).optional(),
    n: z.string().max(2000).optional(),
    e: z.string().max(20).optional(),
    crv: z.string().max(20).optional(),
    x: z.string().max(200).optional(),
    y: z.string().max(200).optional(),
  })
  .loose()
  .refine(
    (k) => !['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'].some((part) => part in k),
    'must be a public key (no private parts)',
  )
  .refine((k) => (k.kty === 'RSA' ? !!k.n && !!k.e : !!k.crv && !!k.x), 'is missing its key material');
export type PublicJwk = z.infer<typeof PublicJwkSchema>;

/** A loopback host, as WHATWG URL writes it (127.0.0.0/8, [::1], localhost): native apps listen there on any port (RFC 8252 §7.3). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

// A private-use scheme is a reverse domain name the app owns (RFC 8252 §7.1), e.g. com.example.app:/cb.
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/;

const NOT_ABSOLUTE = 'must be an absolute URL without fragment, wildcard or whitespace';

/** Why a redirect URI is refused whatever the server's mode, or undefined. */
function redirectUriProblem(u: string): string | undefined {
  // `new URL` drops an empty fragment (`…/cb#`), empty credentials (`https://@…`) and trims spaces, so check the raw string.
  if (/[#*\\\s\p{Cc}]/u.test(u)) return NOT_ABSOLUTE;
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return NOT_ABSOLUTE;
  }
  if (/^[^:/?#]+:\/\/[^/?#]*@/.test(u)) return 'must not carry a user name or password';
  if (url.protocol === 'https:' || url.protocol === 'http:' || PRIVATE_USE_SCHEME.test(url.protocol)) return undefined;
  return 'must be https, http to a loopback address, or a private-use scheme such as com.example.app:/callback';
}

/**
 * Matched by exact string comparison at /authorize, so no fragment, wildcard, whitespace or backslash.
 * Plain http is accepted here for any host: the server refuses it off loopback outside demo mode.
 */
const RedirectUriSchema = z
  .string()
  .max(2000)
  .superRefine((u, ctx) => {
    const problem = redirectUriProblem(u);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

// Own properties only: `'constructor' in ACR_FACTORS` is true.
const AcrValueSchema = z.string().refine((a) => Object.hasOwn(ACR_FACTORS, a), 'unknown ACR value');

export const ClientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._~-]{3,100}$/, 'clientId: 3-100 characters of A-Z a-z 0-9 . _ ~ -');

const SigningAlgSchema = z.enum(['ES256', 'RS256', 'PS256', 'EdDSA']);
const ClientStatusSchema = z.enum(['ACTIVE', 'INACTIVE']);

/**
 * A setting eSignet clients send (as false) that this server does not enforce: true is refused, so
 * that no relying party believes it is protected by something that is not there.
 */
const notEnforced = (what: string) =>
  z.boolean().refine((v) => !v, `${what} are not enforced by this server: leave it out or set it to false`);

// Every field once, without defaults: create/update add defaults, patch makes them optional
// (zod applies a field's default even inside .partial(), which would reset unnamed fields).
const additionalConfigFields = {
  userinfo_response_type: z.enum(['JWS', 'JWE']),
  consent_expire_in_mins: z.number().int().min(0).max(525600),
  require_pushed_authorization_requests: notEnforced('pushed authorization requests (PAR)'),
  dpop_bound_access_tokens: notEnforced('DPoP-bound access tokens'),
  require_pkce: z.literal(true),
  id_token_signed_response_alg: SigningAlgSchema,
  userinfo_signed_response_alg: SigningAlgSchema,
};

const clientFields = {
  clientName: z.string().min(1).max(256),
  clientNameLangMap: z.record(z.string().min(2).max(8), z.string().min(1).max(256)),
  publicKey: PublicJwkSchema,
  // The server keys its own hashes of individual IDs (attempt limits, link bindings, operator
  // pseudonyms) as pairwise subjects under `urn:signet-kiosk:` purposes: no relying party may share one.
  relyingPartyId: z
    .string()
    .min(1)
    .max(256)
    .refine((id) => !id.toLowerCase().startsWith('urn:signet-kiosk:'), 'is reserved (urn:signet-kiosk:…)'),
  userClaims: z.array(z.string().min(1).max(100)).max(100),
  authContextRefs: z.array(AcrValueSchema).min(1).max(20),
  logoUri: z.url({ protocol: /^https?$/ }).max(2000),
  redirectUris: z.array(RedirectUriSchema).min(1).max(20),
  grantTypes: z.array(z.literal('authorization_code')).min(1),
  clientAuthMethods: z.array(z.literal('private_key_jwt')).min(1),
  encPublicKey: PublicJwkSchema,
  status: ClientStatusSchema,
};

export const AdditionalConfigSchema = z
  .object({
    userinfo_response_type: additionalConfigFields.userinfo_response_type.default('JWS'),
    consent_expire_in_mins: additionalConfigFields.consent_expire_in_mins.default(0),
    require_pushed_authorization_requests: additionalConfigFields.require_pushed_authorization_requests.default(false),
    dpop_bound_access_tokens: additionalConfigFields.dpop_bound_access_tokens.default(false),
    require_pkce: additionalConfigFields.require_pkce.default(true),
    id_token_signed_response_alg: additionalConfigFields.id_token_signed_response_alg.optional(),
    userinfo_signed_response_alg: additionalConfigFields.userinfo_signed_response_alg.optional(),
  })
  .strict();
export type AdditionalConfig = z.infer<typeof AdditionalConfigSchema>;

const ADDITIONAL_CONFIG_DEFAULTS = {
  userinfo_response_type: 'JWS',
  consent_expire_in_mins: 0,
  require_pushed_authorization_requests: false,
  dpop_bound_access_tokens: false,
  require_pkce: true,
} as const;

/** What every writable field defaults to when a create or full update leaves it out. */
const defaultedFields = {
  clientName: clientFields.clientName,
  clientNameLangMap: clientFields.clientNameLangMap.default({}),
  userClaims: clientFields.userClaims.default([]),
  authContextRefs: clientFields.authContextRefs,
  logoUri: clientFields.logoUri,
  redirectUris: clientFields.redirectUris,
  grantTypes: clientFields.grantTypes.default(['authorization_code']),
  clientAuthMethods: clientFields.clientAuthMethods.default(['private_key_jwt']),
  additionalConfig: AdditionalConfigSchema.default(ADDITIONAL_CONFIG_DEFAULTS),
};

export const ClientCreateSchema = z
  .object({
    clientId: ClientIdSchema,
    ...defaultedFields,
    publicKey: clientFields.publicKey,
    relyingPartyId: clientFields.relyingPartyId,
    encPublicKey: clientFields.encPublicKey.optional(),
  })
  .strict();
export type ClientCreate = z.infer<typeof ClientCreateSchema>;

/**
 * PUT replaces every field but the id. eSignet's update body carries neither `publicKey` nor
 * `relyingPartyId`, so both (and `encPublicKey`) may be left out and then keep their stored value.
 */
export const ClientUpdateSchema = z
  .object({
    ...defaultedFields,
    publicKey: clientFields.publicKey.optional(),
    relyingPartyId: clientFields.relyingPartyId.optional(),
    encPublicKey: clientFields.encPublicKey.optional(),
    status: clientFields.status.default('ACTIVE'),
  })
  .strict();
export type ClientUpdate = z.infer<typeof ClientUpdateSchema>;

/**
 * PATCH changes only the fields it names; `additionalConfig` is merged key by key;
 * `encPublicKey: null` removes the encryption key.
 */
export const ClientPatchSchema = z
  .object({
    clientName: clientFields.clientName.optional(),
    clientNameLangMap: clientFields.clientNameLangMap.optional(),
    publicKey: clientFields.publicKey.optional(),
    relyingPartyId: clientFields.relyingPartyId.optional(),
    userClaims: clientFields.userClaims.optional(),
    authContextRefs: clientFields.authContextRefs.optional(),
    logoUri: clientFields.logoUri.optional(),
    redirectUris: clientFields.redirectUris.optional(),
    grantTypes: clientFields.grantTypes.optional(),
    clientAuthMethods: clientFields.clientAuthMethods.optional(),
    additionalConfig: z.object(additionalConfigFields).partial().strict().optional(),
    encPublicKey: clientFields.encPublicKey.nullable().optional(),
    status: clientFields.status.optional(),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'names no field to change');
export type ClientPatch = z.infer<typeof ClientPatchSchema>;

/** A stored client, as the registry returns it and GET answers it. */
export const ClientSchema = ClientCreateSchema.extend({
  // Clients stored before those settings were refused still read; /authorize refuses them.
  additionalConfig: AdditionalConfigSchema.extend({
    require_pushed_authorization_requests: z.boolean().default(false),
    dpop_bound_access_tokens: z.boolean().default(false),
  }),
  status: ClientStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Client = z.infer<typeof ClientSchema>;

/** The answer to create, update and patch (eSignet's `{clientId, status}`). */
export const ClientStatusResponseSchema = z.object({ clientId: z.string(), status: ClientStatusSchema });
export type ClientStatusResponse = z.infer<typeof ClientStatusResponseSchema>;

/** The answer to the list request (not in eSignet). */
export const ClientListResponseSchema = z.object({ clients: z.array(ClientSchema) });
export type ClientListResponse = z.infer<typeof ClientListResponseSchema>;

/** The answer to delete (not in eSignet). */
export const ClientDeleteResponseSchema = z.object({ clientId: z.string(), deleted: z.literal(true) });
export type ClientDeleteResponse = z.infer<typeof ClientDeleteResponseSchema>;
