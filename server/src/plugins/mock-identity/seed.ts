// Reads the demo residents (residents.seed.json beside this file, or another file) and validates them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MockIdentityError } from './errors.js';
import { IdentityDataSchema, type IdentityData } from './identity-data.js';

export const DEFAULT_SEED_FILE = fileURLToPath(new URL('./residents.seed.json', import.meta.url));

const SeedSchema = z
  .array(IdentityDataSchema)
  .refine((rs) => new Set(rs.map((r) => r.individualId)).size === rs.length, 'individualIds must be distinct');

export function readSeed(file: string = DEFAULT_SEED_FILE): IdentityData[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new MockIdentityError('invalid_seed', `${file}: ${(e as Error).message}`);
  }
  const parsed = SeedSchema.safeParse(json);
  if (!parsed.success) throw new MockIdentityError('invalid_seed', `${file}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
