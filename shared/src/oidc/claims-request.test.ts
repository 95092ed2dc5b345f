import { describe, expect, it } from 'vitest';
import { ClaimsRequestSchema, MAX_CLAIMS_DEPTH, nestsDeeperThan } from './claims-request.js';

const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('the claims request', () => {
  it('accepts an identity-assurance request (verified_claims, about 8 levels)', () => {
    const verified = {
      userinfo: {
        verified_claims: {
          verification: {
            trust_framework: null,
            evidence: [{ type: { value: 'document' }, document_details: { type: null } }],
          },
          claims: { given_name: null },
        },
      },
    };
    expect(ClaimsRequestSchema.safeParse(verified).success).toBe(true);
  });

  it(`refuses more than ${MAX_CLAIMS_DEPTH} levels, and a 100,000-level value without overflowing the stack`, () => {
    // The request and its userinfo and claim entries are 3 levels; the value holds the rest.
    const at = (levels: number) => ClaimsRequestSchema.safeParse({ userinfo: { name: { value: nested(levels - 3) } } });
    expect(at(MAX_CLAIMS_DEPTH).success).toBe(true);
    expect(at(MAX_CLAIMS_DEPTH + 1).error?.issues[0]?.message).toBe(
      `must not nest more than ${MAX_CLAIMS_DEPTH} levels deep`,
    );
    expect(nestsDeeperThan(nested(100_000), MAX_CLAIMS_DEPTH)).toBe(true);
    expect(at(100_000).success).toBe(false);
  });
});
