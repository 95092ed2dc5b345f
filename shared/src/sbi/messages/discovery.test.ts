import { describe, expect, it } from 'vitest';
import {
  deviceIdOf,
  DiscoveryEntry095StrictSchema,
  DiscoveryEntryP3167StrictSchema,
  DiscoveryRequestSchema,
  DiscoveryResponseSchema,
} from './discovery.js';
import {
  DeviceInfoPayloadP3167StrictSchema,
  DeviceInfoPayloadSchema,
  DeviceInfoResponseSchema,
} from './device-info.js';

const entry = {
  deviceId: '4',
  deviceStatus: 'Ready',
  certification: 'L1',
  serviceVersion: '0.9.5',
  deviceSubId: ['0'],
  callbackId: 'http://127.0.0.1:4501/',
  digitalId: 'eyJzZXJpYWxObyI6IjEifQ',
  deviceCode: 'b692b595-3523-4b0f-99fc-bd76e35f290f',
  specVersion: ['0.9.5'],
  purpose: 'Auth',
  error: { errorCode: '0', errorInfo: 'Success' },
};

describe('discovery', () => {
  it('reads the request, defaulting to every device', () => {
    expect(DiscoveryRequestSchema.parse(undefined)).toEqual({ type: 'Biometric Device' });
    expect(DiscoveryRequestSchema.parse({})).toEqual({ type: 'Biometric Device' });
    expect(DiscoveryRequestSchema.parse({ type: 'Iris' })).toEqual({ type: 'Iris' });
    expect(DiscoveryRequestSchema.safeParse({ type: 'Palm' }).success).toBe(false);
  });

  it('parses the spec entry, strict and lenient', () => {
    expect(DiscoveryEntry095StrictSchema.parse(entry)).toEqual(entry);
    const [e] = DiscoveryResponseSchema.parse([entry]);
    expect(deviceIdOf(e!)).toBe('4');
  });

  it('accepts numeric sub-ids and a lone object', () => {
    const [e] = DiscoveryResponseSchema.parse({ ...entry, deviceSubId: [1, 2, 3] });
    expect(e!.deviceSubId).toEqual(['1', '2', '3']);
  });

  it('accepts Not Registered entries with blanks', () => {
    const [e] = DiscoveryResponseSchema.parse([
      {
        ...entry,
        deviceStatus: 'Not Registered',
        deviceId: '',
        deviceCode: '',
        purpose: '',
        error: { errorCode: '100', errorInfo: 'Device not registered' },
      },
    ]);
    expect(e!.purpose).toBe('');
  });

  it('accepts the P3167 / SBI 1.0 naming by serialNo with an EC jwk', () => {
    const { deviceId: _i, deviceCode: _c, ...rest } = entry;
    const p = { ...rest, serialNo: 'SIM-0001', jwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } };
    expect(DiscoveryEntryP3167StrictSchema.parse(p)).toEqual(p);
    const [e] = DiscoveryResponseSchema.parse([p]);
    expect(deviceIdOf(e!)).toBe('SIM-0001');
    expect(DiscoveryResponseSchema.safeParse([rest]).success).toBe(false);
  });

  it('rejects unknown statuses and certification levels', () => {
    expect(DiscoveryResponseSchema.safeParse([{ ...entry, deviceStatus: 'Sleeping' }]).success).toBe(false);
    expect(DiscoveryResponseSchema.safeParse([{ ...entry, certification: 'L9' }]).success).toBe(false);
  });
});

describe('device info', () => {
  it('parses the response and payloads in both dialects', () => {
    const r = DeviceInfoResponseSchema.parse([
      { deviceInfo: 'a.b.c', error: { errorCode: '0', errorInfo: 'Success' } },
    ]);
    expect(r[0]!.deviceInfo).toBe('a.b.c');
    const payload = { ...entry, firmware: '1.0.0', env: 'Staging', digitalId: 'a.b.c' };
    expect(DeviceInfoPayloadSchema.parse(payload)).toMatchObject({ firmware: '1.0.0', env: 'Staging' });
    const { deviceId: _i, deviceCode: _c, error: _e, ...rest } = payload;
    const p3167 = { ...rest, serialNo: 'SIM-0001' };
    expect(DeviceInfoPayloadP3167StrictSchema.parse(p3167)).toEqual(p3167);
    expect(DeviceInfoPayloadSchema.safeParse({ ...payload, env: 'Test' }).success).toBe(false);
  });
});
