// `@signet-kiosk/shared/kiosk`: wire formats between the kiosk and the server (registration,
// attestation) and the attestation's signing; zod, jose and Web Crypto only, so the renderer may use them too.
export * from './kiosk-admin.js';
export * from './kiosk-attestation.js';
export * from './kiosk-registration.js';
export * from './kiosk-attestation-jws.js';
export * from './ipc.js';
export * from './ipc-api.js';
export * from './kiosk-client-id.js';
export * from './kiosk-status.js';
export * from './kiosk-page-settings.js';
