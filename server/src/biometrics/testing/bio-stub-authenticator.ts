// An Authenticator plugin that offers BIO and accepts every capture the server core lets through
// (except for STUB_REJECTED_ID), remembering the challenges it got: tests of the server's own
// capture checks should not depend on an ID system's matcher.
import { fileURLToPath } from 'node:url';
import type { AuthChallenge, Authenticator, AuthenticatorFactory } from '../../plugin/authenticator.js';

/** This module's file, to name as the server's `authenticator` (the .ts source or the compiled .js). */
export const BIO_STUB_AUTHENTICATOR = fileURLToPath(import.meta.url);

/** kycAuth answers auth_failed for this individual id, as a matcher would for someone else's finger. */
export const STUB_REJECTED_ID = '9999999999';

/** Every challenge list kycAuth received, in order (module state: one test file, one server). */
export const receivedChallenges: AuthChallenge[][] = [];

const createAuthenticator: AuthenticatorFactory = (): Authenticator => ({
  name: 'bio-stub',
  async kycAuth(req) {
    receivedChallenges.push(req.challenges);
    if (req.individualId === STUB_REJECTED_ID) return { ok: false, errorCode: 'auth_failed' };
    return { ok: true, kycToken: `kyc-${req.individualId}`, subjectId: `subject-${req.individualId}` };
  },
  kycExchange: async () => {
    throw new Error('the BIO stub authenticator holds no claims');
  },
  sendOtp: async () => ({ ok: false, errorCode: 'send_otp_failed' }),
  supportedOtpChannels: () => [],
  supportedAuthFactors: () => ['BIO'],
  signingKeys: async () => [],
  supportedClaims: () => ['name'],
});

export default createAuthenticator;
