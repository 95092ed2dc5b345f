// Check 2: sessionKey, bioValue and timestamp are present in every capture. (Absent ones are
// already refused while decoding; this check states the rule where the pipeline lists it.)
import { bioFailure, nth, type SignedCapture } from './check-context.js';

/** Throws bio_incomplete for the first capture lacking one of the three. */
export function checkRequiredFields(captures: SignedCapture[]): void {
  for (const c of captures) {
    if (!c.item.sessionKey) throw bioFailure('bio_incomplete', `${nth(c.index)} has no sessionKey.`);
    if (!c.data.bioValue) throw bioFailure('bio_incomplete', `${nth(c.index)}: the signed data has no bioValue.`);
    if (!c.data.timestamp) throw bioFailure('bio_incomplete', `${nth(c.index)}: the signed data has no timestamp.`);
  }
}
