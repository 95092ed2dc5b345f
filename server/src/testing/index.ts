// `@signet-kiosk/server/testing`: what the cross-part tests need to drive a real server: a server on
// a free port with a throw-away data folder, the UI API client, device-signed captures, a BIO stub
// plugin, the reference ID system's fast test settings, and where the demo data and login page are.
export { freePort, startTestServer, TEST_ADMIN_TOKEN, type TestServer } from './start-test-server.js';
export {
  authorizationRequest,
  fetchTransport,
  ourErrorCode,
  readOtp,
  registerClient,
  RESIDENTS,
  UiApiClient,
  type ApiResult,
  type HttpReply,
  type HttpTransport,
  type RegisteredClient,
} from '../esignet/testing/ui-api-client.js';
export {
  challengeOf,
  createCapturePki,
  FACTORY_DEVICE,
  makeCaptures,
  type CapturePki,
  type CaptureSpec,
} from '../biometrics/testing/capture-factory.js';
export {
  BIO_STUB_AUTHENTICATOR,
  receivedChallenges,
  STUB_REJECTED_ID,
} from '../biometrics/testing/bio-stub-authenticator.js';
export { createMockIdentity, type MockIdentity, type MockIdentityOptions } from '../plugins/mock-identity/index.js';
export { FAST_SCRYPT, tempContext } from '../plugins/mock-identity/test-context.js';
export { DEFAULT_SEED_FILE } from '../plugins/mock-identity/seed.js';
export {
  kioskRegistrationRequest,
  makeKioskKeyPair,
  signInOperator,
  TEST_KIOSK_REDIRECT_URI,
  type KioskKeyPair,
  type OperatorSignIn,
} from '../kiosks/testing/kiosk-operator-sign-in.js';
// The assisted flow's tests register kiosks as an administrator would.
export { registerKiosk } from '../kiosks/kiosk-registration.js';
