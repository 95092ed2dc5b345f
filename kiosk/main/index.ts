// `@signet-kiosk/kiosk/main`: the kiosk main process's plain modules, without Electron — what the
// Electron entry (electron/kiosk.main.ts) wires, and what tests and a browser stand-in drive the same way.
export * from './config/kiosk-config.js';
export * from './errors.js';
export * from './identity/kiosk-identity.js';
export * from './identity/kiosk-status.js';
export * from './ipc/ipc-router.js';
export * from './ipc/sender-policy.js';
export * from './kiosk-handlers.js';
export * from './kiosk-window-options.js';
export * from './navigation/navigation-guard.js';
export * from './operator/link-actions.js';
export * from './operator/operator-callback-route.js';
export * from './operator/operator-session.js';
export * from './permissions/permission-policy.js';
export * from './protocol/app-protocol.js';
export * from './protocol/content-security-policy.js';
export * from './sbi/device-view.js';
export * from './sbi/kiosk-sbi.js';
export * from './sbi/trust-from-server.js';
export * from './stand-in/stand-in-server.js';
export * from './stand-in/kiosk-api-script.js';
export * from './kiosk-services.js';
export * from './identity/demo-kiosk-identity.js';
export * from './resident/resident-reset.js';
export * from './resident/walked-away.js';
