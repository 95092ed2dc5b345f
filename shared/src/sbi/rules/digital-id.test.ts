// The digitalId completeness rule: every field there, non-empty, and known where SBI enumerates.
import { describe, expect, it } from 'vitest';
import { readDigitalIdFields } from './digital-id.js';

const DIGITAL_ID = {
  serialNo: 'SIM-FNG-0001',
  make: 'Signet',
  model: 'SIM-F1',
  type: 'Finger',
  deviceSubType: 'Single',
  deviceProvider: 'Signet Simulated Devices',
  deviceProviderId: 'signet.simulator',
  dateTime: '2026-11-21T12:00:00Z',
};

describe('digitalId completeness', () => {
  it('reads a complete digitalId, leaving the dateTime format to the timestamp rules', () => {
    expect(readDigitalIdFields(DIGITAL_ID)).toEqual({ digitalId: DIGITAL_ID, issues: [] });
    expect(readDigitalIdFields({ ...DIGITAL_ID, dateTime: '2026-11-21T12:00:00.000Z' }).issues).toEqual([]);
  });

  it('names each missing, empty or unknown field in field order', () => {
    const { digitalId, issues } = readDigitalIdFields({
      ...DIGITAL_ID,
      make: '',
      type: 'Palm',
      deviceProviderId: undefined,
    });
    expect(digitalId).toBeUndefined();
    expect(issues.map((i) => [i.rule, i.category, i.field])).toEqual([
      ['digital-id-field', 'payload', 'make'],
      ['digital-id-field', 'payload', 'type'],
      ['digital-id-field', 'payload', 'deviceProviderId'],
    ]);
    expect(readDigitalIdFields('not an object').issues.map((i) => i.field)).toEqual(['']);
  });
});
