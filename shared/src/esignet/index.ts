// `@signet-kiosk/shared/esignet`: eSignet's wire formats (envelope, the UI transaction API, client
// management, ACRs and factors), zod only, so a browser bundle may use them too.
export * from './acr.js';
export * from './client-mgmt.js';
export * from './envelope.js';
export * from './individual-id.js';
export * from './transaction-api.js';
export * from './language-tags.js';
export * from './linked-authorization.js';
