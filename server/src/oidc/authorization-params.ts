// The parameters of an authorization request as /authorize receives them (GET query or form
// POST) and as oauth-details maps the login UI's request onto them: bounded strings, unknown
// parameters kept (and ignored). Validated by authorization-request.ts.
import { z } from 'zod';

/** The raw parameters, as /authorize receives them (snake_case, all strings). */
export const AuthorizationParamsSchema = z
  .object({
    client_id: z.string().max(200).optional(),
    redirect_uri: z.string().max(2000).optional(),
    response_type: z.string().max(100).optional(),
    response_mode: z.string().max(50).optional(),
    scope: z.string().max(2000).optional(),
    state: z.string().max(2000).optional(),
    nonce: z.string().max(500).optional(),
    code_challenge: z.string().max(200).optional(),
    code_challenge_method: z.string().max(20).optional(),
    prompt: z.string().max(100).optional(),
    max_age: z.string().max(20).optional(),
    acr_values: z.string().max(2000).optional(),
    claims: z.string().max(10000).optional(),
    claims_locales: z.string().max(200).optional(),
    ui_locales: z.string().max(200).optional(),
    display: z.string().max(20).optional(),
    login_hint: z.string().max(500).optional(),
    id_token_hint: z.string().max(10000).optional(),
    request: z.string().optional(),
    request_uri: z.string().optional(),
  })
  .loose();
export type AuthorizationParams = z.infer<typeof AuthorizationParamsSchema>;

/** A space-separated parameter (scope, prompt, acr_values, locales) as its values. */
export const spaceSeparated = (v: string | undefined): string[] => (v ? v.split(' ').filter((s) => s.length > 0) : []);
