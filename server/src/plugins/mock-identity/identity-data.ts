// The resident record, shaped like eSignet's mock identity system `IdentityData`: the zod schemas
// for the seed file and the admin API (with secrets), and the stored form (without them).
import { z } from 'zod';
import { CHALLENGE_FORMATS } from '@signet-kiosk/shared/esignet';
import { toIso639_3 } from '@signet-kiosk/shared/esignet';

/** UIN/VID-like: letters, digits and dashes (also published to login UIs, see index.ts). */
export const INDIVIDUAL_ID_PATTERN = /^[A-Za-z0-9-]{4,64}$/;
export const INDIVIDUAL_ID_MAX_LENGTH = 64;
export const IndividualIdSchema = z.string().regex(INDIVIDUAL_ID_PATTERN, 'must be 4–64 letters, digits or dashes');

/** A language tag, stored as ISO 639-3 (`en` and `eng` both become `eng`). */
const LanguageSchema = z.string().transform((tag, ctx) => {
  const code = toIso639_3(tag);
  if (!code) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 639 language code, e.g. eng or khm' });
    return z.NEVER;
  }
  return code;
});

/** eSignet's multilingual value: `[{language: "eng", value: "…"}, {language: "khm", value: "…"}]`, one entry per language. */
export const MultilingualSchema = z
  .array(z.object({ language: LanguageSchema, value: z.string().trim().min(1).max(256) }))
  .min(1)
  .max(16)
  .refine((vs) => new Set(vs.map((v) => v.language)).size === vs.length, 'each language may appear once');
export type Multilingual = z.infer<typeof MultilingualSchema>;

/** `YYYY-MM-DD`; eSignet's `YYYY/MM/DD` is accepted and normalised. */
export const DateOfBirthSchema = z
  .string()
  .regex(/^\d{4}[-/]\d{2}[-/]\d{2}$/, 'must be YYYY-MM-DD')
  .transform((s) => s.replaceAll('/', '-'))
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d.getTime() <= Date.now();
  }, 'must be a real date, not in the future');

export const PinSchema = z.string().regex(CHALLENGE_FORMATS.PIN.pattern, 'must be 6 digits');
export const PasswordSchema = z
  .string()
  .regex(CHALLENGE_FORMATS.PWD.pattern, 'must be 8–30 printable ASCII characters');

/** Answers to the knowledge questions that are not demographic (see kbi.ts); stored hashed. */
export const KnowledgeAnswersSchema = z
  .object({ birthPlace: z.string().trim().min(1).max(128) })
  .partial()
  .strict();

const demographics = {
  fullName: MultilingualSchema,
  givenName: MultilingualSchema.optional(),
  familyName: MultilingualSchema.optional(),
  gender: MultilingualSchema.optional(),
  dateOfBirth: DateOfBirthSchema.optional(),
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9]{6,15}$/, 'must be 6–15 digits, optionally with a leading +')
    .optional(),
  streetAddress: MultilingualSchema.optional(),
  locality: MultilingualSchema.optional(),
  region: MultilingualSchema.optional(),
  postalCode: z.string().trim().min(1).max(16).optional(),
  country: MultilingualSchema.optional(),
  preferredLang: LanguageSchema.optional(),
  /** Base64 JPEG or PNG (or a data: URL of one), at most ~256 KB. */
  encodedPhoto: z
    .string()
    .max(350_000)
    .regex(/^(data:image\/(jpeg|png);base64,)?[A-Za-z0-9+/]+={0,2}$/, 'must be base64 JPEG/PNG')
    .optional(),
};

/** A resident as the seed file and `POST /v1/mock-identity-system/identity` give it. Unknown eSignet fields are dropped. */
export const IdentityDataSchema = z.object({
  individualId: IndividualIdSchema,
  pin: PinSchema,
  password: PasswordSchema.optional(),
  knowledgeAnswers: KnowledgeAnswersSchema.optional(),
  ...demographics,
});
export type IdentityData = z.infer<typeof IdentityDataSchema>;

/** `PUT …/identity`: the individualId and only the fields to change. */
export const IdentityUpdateSchema = IdentityDataSchema.partial().required({ individualId: true });
export type IdentityUpdate = z.infer<typeof IdentityUpdateSchema>;

/** What is stored and returned by GET: the demographics, never the secrets. */
export const ResidentSchema = z.object({ individualId: IndividualIdSchema, ...demographics });
export type Resident = z.infer<typeof ResidentSchema>;

/** The resident without pin, password and knowledge answers. */
export function publicPart(data: IdentityData): Resident {
  const { pin: _pin, password: _password, knowledgeAnswers: _ka, ...resident } = data;
  return resident;
}
