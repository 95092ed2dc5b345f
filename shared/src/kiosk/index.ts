// `@signet-kiosk/shared/kiosk`: wire formats between the kiosk and the server (registration,
// attestation); zod only, so the renderer may use them too.
export * from './kiosk-attestation.js';
export * from './kiosk-registration.js';
export * from './ipc.js';
export * from './ipc-api.js';
