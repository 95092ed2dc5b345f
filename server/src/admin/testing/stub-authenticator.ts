// An Authenticator plugin that authenticates nobody: the admin API tests need a server context,
// not an ID system, and should not depend on one.
import { fileURLToPath } from 'node:url';
import type { Authenticator, AuthenticatorFactory } from '../../plugin/authenticator.js';

/** This module's file, to name as the server's `authenticator` (the .ts source or the compiled .js). */
export const STUB_AUTHENTICATOR = fileURLToPath(import.meta.url);

const createAuthenticator: AuthenticatorFactory = (): Authenticator => ({
  name: 'stub',
  kycAuth: async () => ({ ok: false, errorCode: 'auth_failed' }),
  kycExchange: async () => {
    throw new Error('the stub authenticator has no residents');
  },
  sendOtp: async () => ({ ok: false, errorCode: 'send_otp_failed' }),
  supportedOtpChannels: () => [],
  supportedAuthFactors: () => [],
  signingKeys: async () => [],
  supportedClaims: () => [],
});

export default createAuthenticator;
