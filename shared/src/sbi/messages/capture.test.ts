import { describe, expect, it } from 'vitest';
import {
  buildCaptureRequest,
  CaptureDataSchema,
  CaptureDataStrictSchema,
  CaptureRequestSchema,
  CaptureRequestStrictSchema,
  CaptureResponseSchema,
  CaptureBiometricStrictSchema,
  type CaptureRequestInput,
} from './capture.js';

const HASH = '31346C41BFF9A4D85E8EFC3066AA97C14FC7F419F7B51CE1F102FB86E5696759';
const JWS = 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln';

// The spec's example (strict mock / compliance style: strings everywhere).
const specExample: CaptureRequestInput = {
  env: 'Staging',
  purpose: 'Auth',
  specVersion: '0.9.5',
  timeout: '10000',
  captureTime: '2026-11-21T10:15:29Z',
  domainUri: 'https://id.example.org',
  transactionId: 'aB3dE5fG7h',
  bio: [
    {
      type: 'Finger',
      count: '1',
      bioSubType: ['UNKNOWN'],
      requestedScore: '60',
      deviceId: '4',
      deviceSubId: '0',
      previousHash: '',
    },
  ],
  customOpts: null,
};

describe('CAPTURE request', () => {
  it('accepts the spec example and it is already strict', () => {
    const parsed = CaptureRequestSchema.parse(specExample);
    expect(parsed.bio[0]).toMatchObject({
      count: '1',
      requestedScore: '60',
      deviceSubId: '0',
      previousHash: '',
      deviceId: '4',
    });
    expect(CaptureRequestStrictSchema.safeParse(specExample).success).toBe(true);
  });

  it('accepts the MOSIP integrator drift (numbers) and normalises to strings', () => {
    const integrator = {
      ...specExample,
      timeout: 10000,
      captureTime: '2026-11-21T10:15:29.123Z',
      bio: [
        {
          type: 'Finger',
          count: 1,
          bioSubType: ['UNKNOWN'],
          requestedScore: 60,
          deviceId: '4',
          deviceSubId: 0,
          previousHash: '',
        },
      ],
    };
    expect(CaptureRequestStrictSchema.safeParse(integrator).success).toBe(false);
    const parsed = CaptureRequestSchema.parse(integrator);
    expect(parsed.timeout).toBe('10000');
    expect(parsed.bio[0]).toMatchObject({ count: '1', requestedScore: '60', deviceSubId: '0' });
  });

  it('accepts the registration client drift: null previousHash, zoneless captureTime', () => {
    const parsed = CaptureRequestSchema.parse({
      ...specExample,
      captureTime: '2026-11-21T10:15:29.123',
      bio: [{ ...specExample.bio[0], previousHash: null, bioSubType: null }],
    });
    expect(parsed.bio[0]!.previousHash).toBe('');
    expect(parsed.bio[0]!.bioSubType).toEqual([]);
    expect(parsed.captureTime).toBe('2026-11-21T10:15:29.123');
  });

  it('accepts P3167 serialNo in place of deviceId', () => {
    const { deviceId: _d, ...bio } = specExample.bio[0]!;
    const parsed = CaptureRequestSchema.parse({ ...specExample, bio: [{ ...bio, serialNo: 'SIM-0001' }] });
    expect(parsed.bio[0]!.deviceId).toBe('SIM-0001');
  });

  it('leaves transactionId checks to the device (error 112) but rejects impossible values', () => {
    expect(CaptureRequestSchema.safeParse({ ...specExample, transactionId: 'a b' }).success).toBe(true);
    for (const bad of [
      { ...specExample, timeout: '-1' },
      { ...specExample, timeout: 'soon' },
      { ...specExample, bio: [] },
      { ...specExample, bio: [{ ...specExample.bio[0], type: 'Palm' }] },
      { ...specExample, bio: [{ ...specExample.bio[0], count: 1.5 }] },
      { ...specExample, captureTime: 'now' },
      { ...specExample, env: 'Prod' },
      { ...specExample, domainUri: undefined },
    ]) {
      expect(CaptureRequestSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('builds strict requests from loose input', () => {
    const req = buildCaptureRequest({
      env: 'Staging',
      purpose: 'Auth',
      specVersion: '0.9.5',
      timeout: 10000,
      captureTime: '2026-11-21T10:15:29Z',
      domainUri: 'https://id.example.org',
      transactionId: 'lkjihgfedc',
      bio: [
        {
          type: 'Iris',
          count: 2,
          bioSubType: ['UNKNOWN', 'UNKNOWN'],
          requestedScore: 60,
          deviceId: '5',
          deviceSubId: 3,
        },
      ],
    });
    expect(req).toEqual({
      env: 'Staging',
      purpose: 'Auth',
      specVersion: '0.9.5',
      timeout: '10000',
      captureTime: '2026-11-21T10:15:29Z',
      domainUri: 'https://id.example.org',
      transactionId: 'lkjihgfedc',
      bio: [
        {
          type: 'Iris',
          count: '2',
          bioSubType: ['UNKNOWN', 'UNKNOWN'],
          requestedScore: '60',
          deviceId: '5',
          deviceSubId: '3',
          previousHash: '',
        },
      ],
      customOpts: null,
    });
    const typed: (typeof req.bio)[number]['count'] = '1';
    expect(typeof typed).toBe('string');
  });

  it('refuses to build what a device would reject', () => {
    const base = { ...specExample, timeout: 10000 };
    expect(() => buildCaptureRequest({ ...base, transactionId: 'a_b' })).toThrow();
    expect(() => buildCaptureRequest({ ...base, purpose: 'Registration' })).toThrow();
    expect(() => buildCaptureRequest({ ...base, captureTime: '2026-11-21T10:15:29.123Z' })).toThrow();
    expect(() => buildCaptureRequest({ ...base, bio: [{ ...specExample.bio[0]!, previousHash: 'abc' }] })).toThrow();
  });
});

describe('CAPTURE response and data', () => {
  const data = {
    digitalId: JWS,
    deviceCode: 'b692b595-3523-4b0f-99fc-bd76e35f290f',
    deviceServiceVersion: '0.9.5',
    bioType: 'Finger',
    bioSubType: 'UNKNOWN',
    purpose: 'Auth',
    env: 'Staging',
    domainUri: 'https://id.example.org',
    bioValue: 'AAAA',
    transactionId: 'aB3dE5fG7h',
    timestamp: '2026-11-21T10:15:30Z',
    requestedScore: '60',
    qualityScore: '80.0',
  };

  it('parses a data payload; strict mode is what the simulator signs', () => {
    expect(CaptureDataSchema.parse(data)).toEqual(data);
    expect(CaptureDataStrictSchema.parse(data)).toEqual(data);
    expect(CaptureDataSchema.parse({ ...data, requestedScore: 60, qualityScore: 80 })).toMatchObject({
      requestedScore: '60',
      qualityScore: '80',
    });
    expect(CaptureDataStrictSchema.safeParse({ ...data, qualityScore: 80 }).success).toBe(false);
  });

  it('rejects millisecond timestamps and an unsigned digitalId', () => {
    expect(CaptureDataSchema.safeParse({ ...data, timestamp: '2026-11-21T10:15:30.123Z' }).success).toBe(false);
    expect(CaptureDataSchema.safeParse({ ...data, digitalId: 'eyJzZXJpYWxObyI6IjEifQ' }).success).toBe(false);
  });

  it('parses success, error and P3167 responses', () => {
    const ok = {
      specVersion: '0.9.5',
      data: JWS,
      hash: HASH,
      sessionKey: 'abc_-',
      thumbprint: HASH,
      error: { errorCode: '0', errorInfo: 'Success' },
    };
    expect(CaptureBiometricStrictSchema.parse(ok)).toEqual(ok);
    expect(CaptureBiometricStrictSchema.safeParse({ ...ok, hash: HASH.toLowerCase() }).success).toBe(false);
    const r = CaptureResponseSchema.parse({
      biometrics: [
        ok,
        {
          specVersion: '0.9.5',
          data: null,
          hash: null,
          sessionKey: null,
          thumbprint: null,
          error: { errorCode: 701, errorInfo: null },
        },
      ],
      requestOrigin: 'https://id.example.org',
    });
    expect(r.biometrics[1]!.error).toEqual({ errorCode: '701', errorInfo: '' });
    expect(r.requestOrigin).toBe('https://id.example.org');
  });
});
