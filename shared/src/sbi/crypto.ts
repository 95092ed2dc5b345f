// `@signet-kiosk/shared/sbi/crypto`: the SBI cryptography, Node only: JWS with x5c, the hash chain,
// bioValue and session-key encryption, thumbprints, device binding, ISO records, and the small PKI
// (CAs, certificates, key files) that simulated and software devices and the reference ID system use.
export * from './bio-value.js';
export * from './certificate-path.js';
export * from './device-binding.js';
export * from './hash-chain.js';
export * from './iso-record.js';
export * from './jws/sign.js';
export * from './jws/verify.js';
export * from './key-pair-files.js';
export * from './session-key.js';
export * from './test-pki.js';
export * from './thumbprint.js';
