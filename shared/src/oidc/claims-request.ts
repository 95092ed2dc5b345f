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

/** Deep enough for OpenID for Identity Assurance's `verified_claims` (about 8 levels). */
export const MAX_CLAIMS_DEPTH = 16;

/**
 * Whether a parsed JSON value nests objects and arrays more than `max` levels deep. Walked with a
 * stack of its own: a recursive walk (or JSON.stringify) overflows on a 10,000-level value.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [v, depth] = pending.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) pending.push([child, depth + 1]);
  }
  return false;
}

export const ClaimsRequestSchema = z
  .object({
    userinfo: z.record(z.string().max(100), ClaimRequestEntrySchema).optional(),
    id_token: z.record(z.string().max(100), ClaimRequestEntrySchema).optional(),
  })
  .loose()
  .refine((c) => !nestsDeeperThan(c, MAX_CLAIMS_DEPTH), `must not nest more than ${MAX_CLAIMS_DEPTH} levels deep`);
export type ClaimsRequest = z.infer<typeof ClaimsRequestSchema>;

/** Claims each standard scope asks for (OpenID Connect Core §5.4). */
export const SCOPE_CLAIMS: Record<string, string[]> = {
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
};

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'phone', 'address'] as const;
