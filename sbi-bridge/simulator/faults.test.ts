import { describe, expect, it } from 'vitest';
import { FaultQueue, FaultSpecSchema, parseFaultList } from './faults.js';

const finger = { deviceId: '1', serialNo: 'SIM-FNG-0001' };
const face = { deviceId: '3', serialNo: 'SIM-FAC-0001' };

describe('fault queue', () => {
  it('hands counted faults to that many captures, others until cleared', () => {
    const q = new FaultQueue();
    q.add(FaultSpecSchema.parse({ fault: 'badSignature', count: 2 }));
    q.add(FaultSpecSchema.parse({ fault: 'clockSkew', seconds: -30 }));
    q.add(FaultSpecSchema.parse({ fault: 'clockSkew', seconds: 90, count: 1 }));
    expect(q.take(finger)).toEqual({ names: new Set(['badSignature', 'clockSkew']), skewSeconds: 60 });
    expect(q.take(finger)).toEqual({ names: new Set(['badSignature', 'clockSkew']), skewSeconds: -30 });
    expect(q.take(finger)).toEqual({ names: new Set(['clockSkew']), skewSeconds: -30 });
    expect(q.list()).toEqual([{ fault: 'clockSkew', seconds: -30 }]);
    q.clear();
    expect(q.take(finger)).toEqual({ names: new Set(), skewSeconds: 0 });
  });
  it('keeps a device-bound fault for that device (by deviceId or serialNo)', () => {
    const q = new FaultQueue();
    q.add(FaultSpecSchema.parse({ fault: 'busy', count: 1, deviceId: 'SIM-FAC-0001' }));
    expect(q.take(finger).names.size).toBe(0);
    expect(q.list()).toEqual([{ fault: 'busy', count: 1, deviceId: 'SIM-FAC-0001', remaining: 1 }]);
    expect([...q.take(face).names]).toEqual(['busy']);
    expect(q.list()).toEqual([]);
  });
  it('validates specs and reads SBI_SIM_FAULTS', () => {
    expect(FaultSpecSchema.safeParse({ fault: 'clockSkew' }).success).toBe(false);
    expect(FaultSpecSchema.safeParse({ fault: 'busy', seconds: 3 }).success).toBe(false);
    expect(FaultSpecSchema.safeParse({ fault: 'busy', count: 0 }).success).toBe(false);
    expect(FaultSpecSchema.safeParse({ fault: 'busy', extra: 1 }).success).toBe(false);
    expect(parseFaultList(' untrustedCa ,clockSkew:-300,')).toEqual([
      { fault: 'untrustedCa' },
      { fault: 'clockSkew', seconds: -300 },
    ]);
    expect(parseFaultList('')).toEqual([]);
    expect(() => parseFaultList('clockSkew:abc')).toThrow();
  });
});
