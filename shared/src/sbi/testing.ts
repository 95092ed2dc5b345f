// `@signet-kiosk/shared/sbi/testing`: synthetic biometrics (templates, captures with noise, ISO
// records) for the simulator, the reference ID system's demo residents and the tests.
export * from './synthetic-biometric.js';
