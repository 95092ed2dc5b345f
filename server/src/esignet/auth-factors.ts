// Which of the transaction's factor sets a challenge list satisfies (and under which ACR), and
// whether each challenge has its factor's format and length.
import {
  ACR_FACTORS,
  AUTH_FACTOR_TYPES,
  CHALLENGE_FORMATS,
  FACTOR_AMR,
  type AuthFactorType,
  type Challenge,
} from '@signet-kiosk/shared/esignet';
import { EsignetError } from '../errors.js';
import type { AuthChallenge } from '../plugin/authenticator.js';
import type { Transaction } from '../oidc/transaction.js';

export interface SatisfiedFactors {
  /** The ACR whose factor set the challenges satisfy. */
  acr: string;
  factorTypes: AuthFactorType[];
  amr: string[];
  challenges: AuthChallenge[];
}

const isFactorType = (t: string): t is AuthFactorType => (AUTH_FACTOR_TYPES as readonly string[]).includes(t);

/**
 * Finds the first of the transaction's ACRs (in order) with an offered factor set whose types are
 * exactly the challenge types: every factor of the set answered, nothing else, no factor twice.
 * Throws auth_factor_mismatch otherwise.
 */
export function matchFactorSet(
  txn: Pick<Transaction, 'acrValues' | 'authFactors'>,
  challengeList: Challenge[],
): SatisfiedFactors {
  const types = challengeList.map((c) => c.authFactorType);
  const unique = new Set(types);
  const mismatch = () => new EsignetError('auth_factor_mismatch');
  if (unique.size !== types.length || !types.every(isFactorType)) throw mismatch();
  const sameTypes = (set: { type: AuthFactorType }[]) =>
    set.length === unique.size && set.every((f) => unique.has(f.type));
  const offered = txn.authFactors.filter(sameTypes);
  if (offered.length === 0) throw mismatch();
  for (const acr of txn.acrValues) {
    if ((ACR_FACTORS[acr] ?? []).some(sameTypes)) {
      const factorTypes = offered[0]!.map((f) => f.type);
      return {
        acr,
        factorTypes,
        amr: [...new Set(factorTypes.map((t) => FACTOR_AMR[t]))],
        challenges: challengeList.map((c) => ({
          authFactorType: c.authFactorType as AuthFactorType,
          challenge: c.challenge,
          format: c.format,
        })),
      };
    }
  }
  throw mismatch();
}

/** Each challenge must carry its factor's format name and match its length/alphabet rule (invalid_challenge). */
export function checkChallengeFormats(challenges: AuthChallenge[]): void {
  for (const c of challenges) {
    const rule = CHALLENGE_FORMATS[c.authFactorType];
    if (c.format !== rule.format)
      throw new EsignetError(
        'invalid_challenge',
        `The ${c.authFactorType} challenge must have the format "${rule.format}".`,
      );
    if (!rule.pattern.test(c.challenge)) throw new EsignetError('invalid_challenge');
  }
}
