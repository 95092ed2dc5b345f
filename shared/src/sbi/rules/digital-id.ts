// The digitalId's completeness: every field present, not empty, and one of SBI's values where it
// enumerates them (type, deviceSubType). `dateTime` must be text here; its format is a timestamp
// rule (timestamps.ts), so that a bad date is reported as such.
import { z } from 'zod';
import { DigitalIdSchema } from '../messages/digital-id.js';
import type { RuleIssue } from './category.js';

/** The digitalId with every field checked but the format of dateTime. */
export const DigitalIdFieldsSchema = DigitalIdSchema.extend({ dateTime: z.string() });
export type DigitalIdFields = z.infer<typeof DigitalIdFieldsSchema>;

/** One field that is missing, empty or unknown (`field` is its path, '' when the digitalId is not an object). */
export type DigitalIdFieldIssue = RuleIssue<'digital-id-field'> & { field: string; message: string };

/**
 * The digitalId's fields, or an issue for each one that is wrong, in the schema's field order.
 * @example const { digitalId, issues } = readDigitalIdFields(JSON.parse(payload));
 */
export function readDigitalIdFields(
  value: unknown,
): { digitalId: DigitalIdFields; issues: [] } | { digitalId: undefined; issues: DigitalIdFieldIssue[] } {
  const parsed = DigitalIdFieldsSchema.safeParse(value);
  if (parsed.success) return { digitalId: parsed.data, issues: [] };
  return {
    digitalId: undefined,
    issues: parsed.error.issues.map((i) => ({
      rule: 'digital-id-field',
      category: 'payload',
      field: i.path.join('.'),
      message: i.message,
    })),
  };
}
