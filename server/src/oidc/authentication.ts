// A resident's successful authentication: what an authenticated transaction, an SSO session and
// a code grant (and the access tokens issued from it) carry.
import type { AuthFactorType } from '../../../shared/src/esignet/acr.js';

export interface Authentication {
  subjectId: string;
  individualId: string;
  kycToken: string;
  /** Seconds since epoch. */
  authTime: number;
  acr: string;
  amr: string[];
  authFactorTypes: AuthFactorType[];
}
