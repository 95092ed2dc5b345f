import { describe, expect, it } from 'vitest';
import {
  buildRegistrationCaptureRequest,
  RegistrationCaptureDataSchema,
  RegistrationCaptureDataStrictSchema,
  RegistrationCaptureRequestSchema,
  RegistrationCaptureResponseSchema,
  type RegistrationCaptureRequestInput,
} from './rcapture.js';

// What the MOSIP registration client sends: strings, null previousHash, zoneless captureTime.
const regClient: RegistrationCaptureRequestInput = {
  env: 'Developer',
  purpose: 'Registration',
  specVersion: '0.9.5',
  timeout: '10000',
  captureTime: '2026-11-21T10:15:29.123',
  transactionId: '4d1c2a6e-77d0-4a9b-9f3e-2b8d5c1e0f3a',
  bio: [
    {
      type: 'Finger',
      count: '4',
      bioSubType: ['Left IndexFinger', 'Left MiddleFinger', 'Left RingFinger', 'Left LittleFinger'],
      exception: ['Left LittleFinger'],
      requestedScore: '40',
      deviceId: '1',
      deviceSubId: '1',
      previousHash: null,
    },
  ],
  customOpts: null,
};

describe('RCAPTURE', () => {
  it('accepts the registration client request', () => {
    const r = RegistrationCaptureRequestSchema.parse(regClient);
    expect(r.bio[0]).toMatchObject({ exception: ['Left LittleFinger'], previousHash: '', count: '4' });
    expect(r.domainUri).toBeUndefined();
  });

  it('builds a strict request (keeps exception, drops domainUri)', () => {
    const req = buildRegistrationCaptureRequest({
      ...regClient,
      captureTime: '2026-11-21T10:15:29Z',
      domainUri: 'x',
      timeout: 5000,
    });
    expect(req).not.toHaveProperty('domainUri');
    expect(req.timeout).toBe('5000');
    expect(req.bio[0]!.exception).toEqual(['Left LittleFinger']);
    expect(() =>
      buildRegistrationCaptureRequest({ ...regClient, purpose: 'Auth', captureTime: '2026-11-21T10:15:29Z' }),
    ).toThrow();
  });

  it('parses data and responses without sessionKey/thumbprint', () => {
    const data = {
      digitalId: 'a.b.c',
      deviceCode: 'dc',
      deviceServiceVersion: '0.9.5',
      bioType: 'Finger',
      bioSubType: 'Left IndexFinger',
      purpose: 'Registration',
      env: 'Developer',
      bioValue: 'RklSAA',
      transactionId: 'tx-1234',
      timestamp: '2026-11-21T10:15:30Z',
      requestedScore: '40',
      qualityScore: '85.0',
    };
    expect(RegistrationCaptureDataStrictSchema.parse(data)).toEqual(data);
    expect(RegistrationCaptureDataSchema.parse(data)).toEqual(data);
    const r = RegistrationCaptureResponseSchema.parse({
      biometrics: [
        { specVersion: '0.9.5', data: 'a.b.c', hash: 'AB', error: { errorCode: '0', errorInfo: 'Success' } },
      ],
    });
    expect(r.biometrics).toHaveLength(1);
  });
});
