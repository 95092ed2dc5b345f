// The OIDC `claims` request parameter (OpenID Connect Core §5.5) and the scope → claims map.
import { z } from 'zod';

const ClaimRequestEntrySchema = z
  .object({
    essential: z.boolean().optional(),
    value: z.unknown().optional(),
    values: z.array(z.unknown()).optional(),
  })
  .loose()
  .nullable();

export const ClaimsRequestSchema = z
  .object({
    userinfo: z.record(z.string().max(100), ClaimRequestEntrySchema).optional(),
    id_token: z.record(z.string().max(100), ClaimRequestEntrySchema).optional(),
  })
  .loose();
export type ClaimsRequest = z.infer<typeof ClaimsRequestSchema>;

/** Claims each standard scope asks for (OpenID Connect Core §5.4). */
export const SCOPE_CLAIMS: Record<string, string[]> = {
  profile: ['name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
};

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'phone', 'address'] as const;
