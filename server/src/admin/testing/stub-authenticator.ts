// An Authenticator plugin that authenticates nobody: the admin API tests need a server context,
// not an ID system, and should not depend on one.
import type { Authenticator, AuthenticatorFactory } from '../../plugin/authenticator.js';

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
