// `@signet-kiosk/server/bench`: internals the benchmarks drive directly (stores, the capture
// verifier, the reference ID system's pieces) to measure them without HTTP. Not an API: these
// change with the code, and nothing but bench/ may import them.
export { issueAuthorizationCode } from '../oidc/authorization-code.js';
export { MemoryKvStore } from '../stores/memory-kv-store.js';
export { SqliteRegistry } from '../stores/sqlite-registry.js';
export { DemoSimulatorCas, SIMULATOR_PKI_DIR } from '../biometrics/demo-simulator-cas.js';
export { TrustStore } from '../biometrics/trust-store.js';
export { CaptureVerifier } from '../biometrics/verify-captures.js';
export {
  capturesMatch,
  openCaptures,
  parseBioChallenge,
  type BioSubmission,
  type OpenedCapture,
} from '../plugins/mock-identity/bio-factor.js';
export { BioTemplates } from '../plugins/mock-identity/bio-templates.js';
export { bioChallenge, createTestDevice, deviceCaptures } from '../plugins/mock-identity/bio-test-device.js';
export { openDatabase } from '../plugins/mock-identity/database.js';
export { openEncryptionKey } from '../plugins/mock-identity/encryption-key.js';
export { ResidentStore } from '../plugins/mock-identity/resident-store.js';
export { readSeed } from '../plugins/mock-identity/seed.js';
