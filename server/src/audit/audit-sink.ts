// Audit: one structured event per step of a flow, through an AuditSink (default: JSON lines via pino).
import type { Logger } from 'pino';

export interface AuditEvent {
  /** What happened, e.g. `oauth-details`, `authenticate`, `token`. */
  action: string;
  outcome: 'success' | 'failure';
  /** The transaction's digest (oidc/transaction.ts transactionRef), never its id: the id is a bearer secret. */
  transactionRef?: string;
  clientId?: string;
  factors?: string[];
  errorCode?: string;
  durationMs?: number;
  [extra: string]: unknown;
}

export interface AuditSink {
  record(event: AuditEvent): void;
}

/** Default sink: one JSON line per event on the server's logger, under `audit`. */
export class LogAuditSink implements AuditSink {
  constructor(private readonly logger: Logger) {}
  record(event: AuditEvent): void {
    this.logger.info({ audit: event }, `audit ${event.action} ${event.outcome}`);
  }
}

/** Keeps events in memory: for tests that assert the audit trail. */
export class MemoryAuditSink implements AuditSink {
  readonly events: AuditEvent[] = [];
  record(event: AuditEvent): void {
    this.events.push(event);
  }
}
