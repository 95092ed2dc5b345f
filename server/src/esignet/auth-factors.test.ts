import { describe, expect, it } from 'vitest';
import { ACR_FACTORS } from '@signet-kiosk/shared/esignet';
import { EsignetError } from '../errors.js';
import { checkChallengeFormats, matchFactorSet } from './auth-factors.js';

const txn = (acrValues: string[]) => ({ acrValues, authFactors: acrValues.flatMap((a) => ACR_FACTORS[a] ?? []) });
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as EsignetError).errorCode;
  }
  return undefined;
};

describe('matchFactorSet', () => {
  it('names the ACR whose factor set the challenges satisfy, with its amr', () => {
    const t = txn(['mosip:idp:acr:generated-code', 'mosip:idp:acr:static-code', 'mosip:idp:acr:password']);
    expect(matchFactorSet(t, [{ authFactorType: 'PIN', challenge: '123456', format: 'number' }])).toMatchObject({
      acr: 'mosip:idp:acr:static-code',
      factorTypes: ['PIN'],
      amr: ['pin'],
    });
    expect(
      matchFactorSet(t, [{ authFactorType: 'PWD', challenge: 'secret-pass', format: 'alpha-numeric' }]),
    ).toMatchObject({ acr: 'mosip:idp:acr:password', amr: ['pwd'] });
  });

  it('refuses factors outside the offered sets, extra factors and repeated factors', () => {
    const t = txn(['mosip:idp:acr:static-code']);
    const pin = { authFactorType: 'PIN', challenge: '123456', format: 'number' };
    expect(
      code(() => matchFactorSet(t, [{ authFactorType: 'OTP', challenge: '123456', format: 'alpha-numeric' }])),
    ).toBe('auth_factor_mismatch');
    expect(
      code(() => matchFactorSet(t, [pin, { authFactorType: 'OTP', challenge: '123456', format: 'alpha-numeric' }])),
    ).toBe('auth_factor_mismatch');
    expect(code(() => matchFactorSet(t, [pin, pin]))).toBe('auth_factor_mismatch');
    expect(code(() => matchFactorSet(t, [{ authFactorType: 'pin', challenge: '123456', format: 'number' }]))).toBe(
      'auth_factor_mismatch',
    );
  });
});

describe('checkChallengeFormats', () => {
  it('applies the format name and the length rule of each factor', () => {
    expect(
      code(() => checkChallengeFormats([{ authFactorType: 'PIN', challenge: '123456', format: 'number' }])),
    ).toBeUndefined();
    expect(code(() => checkChallengeFormats([{ authFactorType: 'PIN', challenge: '1234567', format: 'number' }]))).toBe(
      'invalid_challenge',
    );
    expect(code(() => checkChallengeFormats([{ authFactorType: 'OTP', challenge: 'abc123', format: 'number' }]))).toBe(
      'invalid_challenge',
    );
    expect(
      code(() => checkChallengeFormats([{ authFactorType: 'PWD', challenge: 'short', format: 'alpha-numeric' }])),
    ).toBe('invalid_challenge');
    expect(
      code(() => checkChallengeFormats([{ authFactorType: 'BIO', challenge: 'e30', format: 'encoded-json' }])),
    ).toBe('invalid_challenge');
  });
});
