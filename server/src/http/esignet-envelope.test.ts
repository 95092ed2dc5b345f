// The eSignet envelope's parsing: a body that does not match its schema is answered invalid_input
// with every problem listed (zod's prettifyError), a stale requestTime request_time_skew.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { EsignetError } from '../errors.js';
import { parseEnvelope } from './esignet-envelope.js';

const Schema = z.object({ individualId: z.string().min(1), otpChannels: z.array(z.enum(['email', 'phone'])) });
const now = Date.parse('2026-11-21T10:15:30.000Z');

function refusal(body: unknown): EsignetError {
  try {
    parseEnvelope(Schema, body, now);
  } catch (e) {
    if (e instanceof EsignetError) return e;
    throw e;
  }
  throw new Error('parseEnvelope accepted the body');
}

describe('parseEnvelope', () => {
  it('answers the request of a valid envelope', () => {
    expect(
      parseEnvelope(
        Schema,
        { requestTime: '2026-11-21T10:15:29.123Z', request: { individualId: '2804195601', otpChannels: ['email'] } },
        now,
      ),
    ).toEqual({
      individualId: '2804195601',
      otpChannels: ['email'],
    });
  });

  it('lists every problem of a malformed request and where it is, in invalid_input', () => {
    const e = refusal({ requestTime: '2026-11-21T10:15:29.123Z', request: { individualId: '', otpChannels: ['fax'] } });
    expect(e.errorCode).toBe('invalid_input');
    expect(e.status).toBe(400);
    expect(e.message).toBe(
      [
        'Invalid request:',
        '✖ Too small: expected string to have >=1 characters',
        '  → at request.individualId',
        '✖ Invalid option: expected one of "email"|"phone"',
        '  → at request.otpChannels[0]',
      ].join('\n'),
    );
  });

  it('lists the first five problems only, so that a large bad body gets a small answer', () => {
    const e = refusal({
      requestTime: '2026-11-21T10:15:29.123Z',
      request: { individualId: 'x', otpChannels: Array.from({ length: 20_000 }, () => 'fax') },
    });
    expect(e.message.split('\n✖ ')).toHaveLength(6);
    expect(e.message).toMatch(/\n {2}→ at request\.otpChannels\[4\]\n… and 19995 more$/);
    expect(e.message.length).toBeLessThan(500);
  });

  it('answers request_time_skew for a requestTime that is missing or more than 2 minutes off', () => {
    expect(refusal({ request: { individualId: 'x', otpChannels: [] } }).errorCode).toBe('request_time_skew');
    expect(
      refusal({ requestTime: '2026-11-21T10:12:29.000Z', request: { individualId: 'x', otpChannels: [] } }).errorCode,
    ).toBe('request_time_skew');
  });
});
