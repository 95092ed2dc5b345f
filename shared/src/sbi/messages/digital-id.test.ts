import { describe, expect, it } from 'vitest';
import { decodeUnsignedDigitalId, DigitalIdSchema, encodeUnsignedDigitalId, type DigitalId } from './digital-id.js';

const id: DigitalId = {
  serialNo: 'SIM-0001',
  make: 'Signet',
  model: 'SIM-F1',
  type: 'Finger',
  deviceSubType: 'Single',
  deviceProvider: 'Signet Test Devices',
  deviceProviderId: 'signet.test',
  dateTime: '2026-11-21T10:15:29Z',
};

describe('digitalId', () => {
  it('round-trips unsigned base64url, and reads a JWS payload for display', () => {
    const enc = encodeUnsignedDigitalId(id);
    expect(enc).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeUnsignedDigitalId(enc)).toEqual(id);
    expect(decodeUnsignedDigitalId(`eyJhbGciOiJSUzI1NiJ9.${enc}.c2ln`)).toEqual(id);
    expect(decodeUnsignedDigitalId('garbage!')).toBeUndefined();
  });
  it('demands the strict dateTime and known types', () => {
    expect(DigitalIdSchema.safeParse({ ...id, dateTime: '2026-11-21T10:15:29.000Z' }).success).toBe(false);
    expect(DigitalIdSchema.safeParse({ ...id, deviceSubType: 'Palm' }).success).toBe(false);
    expect(DigitalIdSchema.safeParse({ ...id, make: '' }).success).toBe(false);
    expect(() => encodeUnsignedDigitalId({ ...id, type: 'Palm' } as unknown as DigitalId)).toThrow();
  });
});
