// Knowledge-based identification: the challenge is base64url JSON answering KBI_FIELDS
// ({"fullName", "dob", "birthPlace"}), checked against the record and the hashed birth place.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { KbiField } from '@signet-kiosk/server/plugin';
import type { Multilingual } from './identity-data.js';
import { verifySecret } from './secret-hash.js';

/**
 * The questions. All three must be answered and all must match: the full name in any of the
 * resident's languages, the date of birth, and the birth place (stored only as a scrypt hash).
 * Published to login UIs (loginFormHints), so their forms ask exactly these.
 */
export const KBI_FIELDS: readonly KbiField[] = [
  { id: 'fullName', type: 'text', label: 'Full name' },
  { id: 'dob', type: 'date', format: 'yyyy-MM-dd', label: 'Date of birth' },
  { id: 'birthPlace', type: 'text', label: 'Place of birth' },
];

export const KbiAnswersSchema = z.object({
  fullName: z.string().min(1).max(256),
  /** `YYYY-MM-DD`; `YYYY/MM/DD` and `DD/MM/YYYY` (eSignet UI's default) are accepted too. */
  dob: z.string().regex(/^(\d{4}[-/]\d{2}[-/]\d{2}|\d{2}\/\d{2}\/\d{4})$/),
  birthPlace: z.string().min(1).max(128),
});
export type KbiAnswers = z.infer<typeof KbiAnswersSchema>;

/** Case, Unicode form and spacing do not matter in a typed answer. */
export function normaliseAnswer(answer: string): string {
  return answer.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

function normaliseDate(date: string): string {
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(date);
  return dmy ? `${dmy[3]}-${dmy[2]}-${dmy[1]}` : date.replaceAll('/', '-');
}

/** The answers in a KBI challenge, or undefined when it is not base64url JSON of the expected shape. */
export function parseKbiChallenge(challenge: string): KbiAnswers | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(challenge, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = KbiAnswersSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

function sameText(a: string, b: string): boolean {
  // Compare digests so the comparison is constant-time whatever the lengths.
  const da = createHash('sha256').update(normaliseAnswer(a)).digest();
  const db = createHash('sha256').update(normaliseAnswer(b)).digest();
  return timingSafeEqual(da, db);
}

export interface KbiRecord {
  fullName: Multilingual;
  dateOfBirth: string | undefined;
  knowledgeHashes: Record<string, string>;
}

/** True when every answer matches the resident. `dummyHash` keeps the timing the same when the resident has no birth place on file. */
export async function verifyKbi(answers: KbiAnswers, record: KbiRecord, dummyHash: string): Promise<boolean> {
  const storedBirthPlace = record.knowledgeHashes.birthPlace;
  const birthPlaceOk = await verifySecret(normaliseAnswer(answers.birthPlace), storedBirthPlace ?? dummyHash);
  const nameOk = record.fullName.map((n) => sameText(n.value, answers.fullName)).some(Boolean);
  const dobOk = record.dateOfBirth !== undefined && sameText(record.dateOfBirth, normaliseDate(answers.dob));
  return storedBirthPlace !== undefined && birthPlaceOk && nameOk && dobOk;
}
