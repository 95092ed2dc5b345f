// Type tests (checked by `tsc --noEmit`, which `npm test` runs first): each stage of a transaction
// has exactly the fields it needs, so no step re-checks at run time what its stage guarantees.
import { describe, expectTypeOf, it } from 'vitest';
import type { ConsentAction } from '@signet-kiosk/shared/esignet';
import type { Transaction } from './transaction.js';

type At<S extends Transaction['stage']> = Extract<Transaction, { stage: S }>;

describe('Transaction', () => {
  it('has these stages', () => {
    expectTypeOf<Transaction['stage']>().toEqualTypeOf<
      'created' | 'authenticating' | 'authenticated' | 'code_issued'
    >();
  });

  it('knows the resident, how they authenticated and whether to ask consent exactly from authentication on', () => {
    expectTypeOf<At<'created'>>().not.toHaveProperty('sub');
    expectTypeOf<At<'authenticating'>>().not.toHaveProperty('kycToken');
    expectTypeOf<At<'authenticated'>>().toHaveProperty('sub').toEqualTypeOf<string>();
    expectTypeOf<At<'authenticated'>>().toHaveProperty('kycToken').toEqualTypeOf<string>();
    expectTypeOf<At<'authenticated'>>().toHaveProperty('authTime').toEqualTypeOf<number>();
    expectTypeOf<At<'authenticated'>>().toHaveProperty('consentAction').toEqualTypeOf<ConsentAction>();
    expectTypeOf<At<'code_issued'>>().toHaveProperty('sub').toEqualTypeOf<string>();
  });

  it('records what was released only once the code is issued', () => {
    expectTypeOf<At<'authenticated'>>().not.toHaveProperty('acceptedClaims');
    expectTypeOf<At<'code_issued'>>().toHaveProperty('acceptedClaims').toEqualTypeOf<string[]>();
    expectTypeOf<At<'code_issued'>>().toHaveProperty('permittedScopes').toEqualTypeOf<string[]>();
  });
});
