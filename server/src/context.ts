// Everything a request handler may use, built once at start-up by server/src/server.ts.
import type { Logger } from 'pino';
import type { AuditSink } from './audit/audit-sink.js';
import type { TrustStore } from './biometrics/trust-store.js';
import type { CaptureVerifier } from './biometrics/verify-captures.js';
import type { Config } from './config.js';
import type { LinkNotifications } from './linked/link-notifications.js';
import type { KeyManager } from './keys/key-manager.js';
import type { PairwiseSubjects } from './oidc/pairwise-subject.js';
import type { Authenticator } from './plugin/authenticator.js';
import type { KvStore } from './stores/kv-store.js';
import type { Registry } from './stores/registry.js';

export interface ServerContext {
  config: Config;
  logger: Logger;
  /** Transactions, link codes, auth codes, access-token grants, SSO sessions, counters. */
  transactions: KvStore;
  /** Replay caches: client-assertion jti, capture digests. */
  replay: KvStore;
  registry: Registry;
  keys: KeyManager;
  /** Derives the pairwise `sub` per relying party. */
  subjects: PairwiseSubjects;
  authenticator: Authenticator;
  audit: AuditSink;
  /** CA certificates biometric devices must chain to (device-provider, FTM), per SBI env. */
  trustStore: TrustStore;
  /** Verifies BIO captures before the plugin sees them. */
  captures: CaptureVerifier;
  /** Who waits on which link code (server-sent events, long polls) of the linked flow. */
  linkNotifications: LinkNotifications;
}
