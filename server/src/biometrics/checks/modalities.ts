// Check 9: what was captured makes sense: known bio types and subtypes, captured by a device of
// that type, at most 10 fingers, 2 irises and 1 face, no named finger or iris twice, and a
// digitalId whose fields are all there.
import {
  BIO_TYPES,
  FINGER_SUB_TYPES,
  IRIS_SUB_TYPES,
  MAX_COUNT,
  type BioType,
  readDigitalIdFields,
} from '@signet-kiosk/shared/sbi';
import { bioFailure, nth, type CheckedCapture } from './check-context.js';

const SUB_TYPES: Record<BioType, readonly string[]> = {
  Finger: FINGER_SUB_TYPES,
  Iris: IRIS_SUB_TYPES,
  Face: ['', 'UNKNOWN'],
};
/** Subtypes that name no particular finger or eye, so they may repeat. */
const UNNAMED = new Set(['', 'UNKNOWN']);

const isBioType = (t: string): t is BioType => (BIO_TYPES as readonly string[]).includes(t);

/** Throws bio_digital_id_invalid, bio_type_invalid, bio_too_many or bio_duplicate. */
export function checkModalities(captures: CheckedCapture[]): void {
  const counts = new Map<BioType, number>();
  const named = new Set<string>();
  for (const { index, data, digitalId } of captures) {
    // Check 6 has read dateTime already, so the first issue is never about it.
    const { digitalId: device, issues } = readDigitalIdFields(digitalId);
    if (!device)
      throw bioFailure(
        'bio_digital_id_invalid',
        `${nth(index)}: digitalId.${issues[0]!.field} is missing, empty or unknown.`,
      );
    const type = data.bioType;
    if (!isBioType(type))
      throw bioFailure(
        'bio_type_invalid',
        `${nth(index)} has bioType ${JSON.stringify(type.slice(0, 40))}; expected Finger, Iris or Face.`,
      );
    if (device.type !== type)
      throw bioFailure('bio_type_invalid', `${nth(index)} is a ${type} capture from a ${device.type} device.`);
    if (!SUB_TYPES[type].includes(data.bioSubType))
      throw bioFailure(
        'bio_type_invalid',
        `${nth(index)} has ${type} subtype ${JSON.stringify(data.bioSubType.slice(0, 40))}.`,
      );
    const count = (counts.get(type) ?? 0) + 1;
    counts.set(type, count);
    if (count > MAX_COUNT[type])
      throw bioFailure(
        'bio_too_many',
        `More than ${MAX_COUNT[type]} ${type.toLowerCase()} capture${MAX_COUNT[type] > 1 ? 's' : ''} in one submission.`,
      );
    if (!UNNAMED.has(data.bioSubType)) {
      const key = `${type}|${data.bioSubType}`;
      if (named.has(key)) throw bioFailure('bio_duplicate', `${nth(index)} repeats ${type} ${data.bioSubType}.`);
      named.add(key);
    }
  }
}
