// `@signet-kiosk/shared/sbi`: the SBI messages, error codes, timestamps, transaction ids, the
// transport's verbs and ports, the trust rules and checks (written once over a certificate
// implementation) and the browser's certificates and JWS verifier (WebCrypto). Browser-safe (the
// renderer imports it): no Node built-in or global is reachable from here (browser-safety.test.ts);
// the Node-only crypto is `./sbi/crypto`.
export * from './errors.js';
export * from './messages/bio-challenge.js';
export * from './messages/capture.js';
export * from './messages/device-info.js';
export * from './messages/digital-id.js';
export * from './messages/discovery.js';
export * from './messages/fields.js';
export * from './messages/rcapture.js';
export * from './messages/stream.js';
export * from './messages/trust-anchors.js';
export * from './timestamp.js';
export * from './transaction-id.js';
export * from './transport.js';
export * from './rules/capture-context.js';
export * from './rules/category.js';
export * from './rules/digital-id.js';
export * from './rules/timestamps.js';
export * from './encoding/base64url.js';
export * from './rules/device-binding.js';
export * from './x509/path-rules.js';
export * from './x509/web-certificate.js';
export * from './jws/x5c-rules.js';
export * from './jws/web-verify.js';
export * from './trust/verdict.js';
export * from './trust/toolkit.js';
export * from './trust/device-verdict.js';
export * from './trust/capture-verdict.js';
