// `@signet-kiosk/sbi-bridge/simulator`: the reference SBI device service as a library (start one
// in-process, its configuration, device models and PKI), for tests, benchmarks and tools.
export { startSimulator, INDIVIDUAL_ID_HEADER, type RunningSimulator, type SimulatorOptions } from './server.js';
export {
  defaultDataDir,
  defaultEncryptionCertificate,
  ID_SYSTEM_CERT_FILE,
  SimulatorConfigError,
  SimulatorConfigSchema,
  simulatorConfigFromEnv,
  TEST_ONLY_ENCRYPTION,
  type SimulatorConfig,
  type SimulatorConfigInput,
} from './config.js';
export { DEFAULT_DEVICES, SIM_MAKE, SIM_PROVIDER, SIM_PROVIDER_ID, type SimDeviceSpec } from './devices.js';
export { digitalIdOf } from './device-service.js';
export { EncryptionCertificateError } from './encryption-cert.js';
export { FAULT_NAMES, FAULTS, type FaultName, type FaultSpec } from './faults.js';
export { loadSimulatorPki, type SimulatorPki } from './pki-store.js';
export { resemblance } from './resemblance.js';
