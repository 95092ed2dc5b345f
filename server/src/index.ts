// `@signet-kiosk/server`: what a host process needs to run the OIDC provider: configuration, the
// server itself, the demo admin token's place, client key pairs for relying parties, and the HTML
// escaping of its pages (which the demo relying party uses too).
export { CONFIG_ENV_VARIABLES, ConfigError, ConfigSchema, defaultIssuer, loadConfig, type Config } from './config.js';
export { startServer, type ContextOptions, type RunningServer } from './server.js';
export { createLogger } from './log.js';
export { PluginLoadError } from './plugin/load-authenticator.js';
export type { AuditEvent, AuditSink } from './audit/audit-sink.js';
export { demoAdminTokenFile, ensureDemoAdminToken } from './demo-admin-token.js';
export {
  CLIENT_KEY_ALGS,
  generateClientKeyPair,
  type ClientKeyAlg,
  type ClientKeyPair,
} from './admin/client-key-pair.js';
export { escapeHtml, html, SafeHtml } from './http/html.js';
