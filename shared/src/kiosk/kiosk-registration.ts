// The registration request a kiosk makes on first run and the operator hands to an administrator
// (as JSON or a QR code): the kiosk's public key and where its operator sign-in returns to. The
// administrator registers it with `npm run admin -- kiosks register <file>` or the admin API.
import { z } from 'zod';

export const KioskPublicJwkSchema = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    kid: z.string().min(1).max(100).optional(),
  })
  .strict();
export type KioskPublicJwk = z.infer<typeof KioskPublicJwkSchema>;

export const KioskRegistrationRequestSchema = z.object({
  /** Proposed id: lower-case letters, digits, hyphens. */
  kioskId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/),
  /** Shown to residents and in the audit ("Kiosk at Central Post Office"). */
  name: z.string().min(1).max(100),
  publicJwk: KioskPublicJwkSchema,
  /** Where the operator sign-in returns to (the kiosk's `app://` page or its browser stand-in). */
  redirectUris: z.array(z.url()).min(1).max(5),
  /** ISO time the kiosk made the request. */
  createdAt: z.string(),
});
export type KioskRegistrationRequest = z.infer<typeof KioskRegistrationRequestSchema>;

/** A registered kiosk, as the admin API lists it. */
export const KioskSchema = z.object({
  kioskId: z.string(),
  name: z.string(),
  publicJwk: KioskPublicJwkSchema,
  /** The OIDC client the kiosk signs operators in with (`kiosk-<kioskId>`), authenticated by the kiosk key. */
  clientId: z.string(),
  redirectUris: z.array(z.string()),
  enabled: z.boolean(),
  /** Individual ids (in the ID system) of the operators allowed at this kiosk. */
  operators: z.array(z.string()),
  registeredAt: z.string(),
});
export type Kiosk = z.infer<typeof KioskSchema>;
