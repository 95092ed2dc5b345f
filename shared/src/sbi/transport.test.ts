import { describe, expect, it } from 'vitest';
import {
  resolveSbiRequest,
  SBI_ALLOW_METHODS,
  sbiRequestLine,
  type SbiDialect,
  type SbiOperation,
} from './transport.js';

describe('SBI request lines', () => {
  it('resolves custom verbs whatever the path, case-insensitively', () => {
    expect(resolveSbiRequest('MOSIPDISC', '/device')).toEqual({ operation: 'discover', dialect: 'mds' });
    expect(resolveSbiRequest('mosipdinfo', '/')).toEqual({ operation: 'info', dialect: 'mds' });
    expect(resolveSbiRequest('SBIDINFO', '/info')).toEqual({ operation: 'info', dialect: 'sbi' });
    expect(resolveSbiRequest('RCAPTURE', '/capture')).toEqual({ operation: 'rcapture', dialect: 'mds' });
  });
  it('resolves P3167 POST by path', () => {
    expect(resolveSbiRequest('POST', '/rcapture')).toEqual({ operation: 'rcapture', dialect: 'p3167' });
    expect(resolveSbiRequest('POST', '/device/')).toEqual({ operation: 'discover', dialect: 'p3167' });
    expect(resolveSbiRequest('POST', '/nothing')).toBeUndefined();
    expect(resolveSbiRequest('GET', '/device')).toBeUndefined();
    expect(resolveSbiRequest('constructor', '/')).toBeUndefined();
  });
  it('round-trips every operation through every dialect that has it', () => {
    const cases: [SbiOperation, SbiDialect][] = [
      ['discover', 'mds'],
      ['info', 'mds'],
      ['capture', 'mds'],
      ['rcapture', 'mds'],
      ['stream', 'mds'],
      ['discover', 'sbi'],
      ['info', 'sbi'],
      ['capture', 'sbi'],
      ['discover', 'p3167'],
      ['info', 'p3167'],
      ['capture', 'p3167'],
      ['rcapture', 'p3167'],
      ['match', 'p3167'],
    ];
    for (const [op, dialect] of cases) {
      const { method, path } = sbiRequestLine(op, dialect);
      expect(resolveSbiRequest(method, path)?.operation).toBe(op);
      if (method !== 'POST') expect(SBI_ALLOW_METHODS).toContain(method);
    }
    expect(() => sbiRequestLine('match', 'mds')).toThrow(RangeError);
  });
});
