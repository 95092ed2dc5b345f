// OpenID Provider metadata (OIDC Discovery §3, RFC 8414): built once from configuration, the
// signing keys and what the ID-system plugin supports.
import { ACR_FACTORS } from '@signet-kiosk/shared/esignet';
import { OIDC_SCOPES } from '@signet-kiosk/shared/oidc';
import type { ServerContext } from '../context.js';
import { loginApp } from '../login-ui/login-app.js';

export const ENDPOINT_PATHS = {
  authorization: '/authorize',
  token: '/token',
  revocation: '/revoke',
  userinfo: '/userinfo',
  jwks: '/.well-known/jwks.json',
} as const;

/** The client-assertion algorithms advertised for the token and revocation endpoints. */
const CLIENT_ASSERTION_ALGS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];

export async function providerMetadata(ctx: ServerContext): Promise<Record<string, unknown>> {
  const iss = ctx.config.issuer;
  const signingAlgs = ctx.keys.supportedAlgs();
  const userinfoAlgs = [
    ...new Set((await ctx.authenticator.signingKeys()).map((k) => k.alg).filter((a): a is string => !!a)),
  ];
  const supported = new Set(ctx.authenticator.supportedAuthFactors());
  // The languages the login app has catalogues for (its build lists them).
  const languages = loginApp(ctx.config.loginAppDir).languages;
  return {
    issuer: iss,
    authorization_endpoint: iss + ENDPOINT_PATHS.authorization,
    token_endpoint: iss + ENDPOINT_PATHS.token,
    userinfo_endpoint: iss + ENDPOINT_PATHS.userinfo,
    revocation_endpoint: iss + ENDPOINT_PATHS.revocation,
    jwks_uri: iss + ENDPOINT_PATHS.jwks,
    scopes_supported: [...OIDC_SCOPES],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: signingAlgs,
    userinfo_signing_alg_values_supported: userinfoAlgs,
    userinfo_encryption_alg_values_supported: ['RSA-OAEP-256', 'ECDH-ES'],
    userinfo_encryption_enc_values_supported: ['A256GCM'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGS,
    revocation_endpoint_auth_methods_supported: ['private_key_jwt'],
    revocation_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGS,
    code_challenge_methods_supported: ['S256'],
    claims_supported: [
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'acr',
      'amr',
      'at_hash',
      'azp',
      ...ctx.authenticator.supportedClaims(),
    ],
    claims_parameter_supported: true,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    acr_values_supported: Object.keys(ACR_FACTORS).filter((a) =>
      ACR_FACTORS[a]!.some((set) => set.every((f) => supported.has(f.type))),
    ),
    prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
    display_values_supported: ['page', 'popup', 'touch', 'wap'],
    ui_locales_supported: languages,
    claims_locales_supported: languages,
    authorization_response_iss_parameter_supported: true,
  };
}
