// `@signet-kiosk/shared/oidc`: OpenID Connect request parts both ends parse (the claims request).
export * from './claims-request.js';
