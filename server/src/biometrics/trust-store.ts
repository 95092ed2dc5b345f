// The CA certificates biometric captures must chain to, per kind (device provider, FTM) and SBI
// environment: those administrators uploaded (kept in the registry, re-read every few seconds so
// that several server processes agree) and, in demo mode, the simulator's CAs for Developer.
// Certificates are parsed once per fingerprint; an unchanged set keeps its AnchorSet object, so
// caches keyed by it (x5c-verifier.ts) stay warm.
import { X509Certificate } from 'node:crypto';
import { EsignetError } from '../errors.js';
import type { Registry, StoredTrustedCa } from '../stores/registry.js';
import type { DemoSimulatorCas } from './demo-simulator-cas.js';
import { parseCaCertificate } from './trusted-ca.js';
import type { TrustedCaInfo, TrustEnv, TrustKind } from './trust-store-schema.js';

/** The trust anchors of one kind and environment; a new object whenever they change. */
export interface AnchorSet {
  readonly kind: TrustKind;
  readonly env: string;
  readonly certificates: readonly X509Certificate[];
}

/** The env the demo simulator's CAs are trusted for. */
export const DEMO_SIMULATOR_ENV: TrustEnv = 'Developer';

export interface TrustStoreOptions {
  /** The simulator's CA files, trusted for Developer (demo mode only). */
  demoSimulator?: DemoSimulatorCas;
  /** How long the registry's list is used before it is read again; default 5 s. */
  registryRefreshMs?: number;
}

interface Entry {
  row: StoredTrustedCa;
  certificate: X509Certificate;
}

export class TrustStore {
  private readonly parsed = new Map<string, X509Certificate>();
  private entries: Entry[] = [];
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  private readonly sets = new Map<string, { signature: string; set: AnchorSet }>();

  constructor(
    private readonly registry: Registry['trustedCas'],
    private readonly options: TrustStoreOptions = {},
  ) {}

  /**
   * The current anchors for captures of this kind from devices registered in `env`.
   * @example const { certificates } = await trust.anchors('device-provider', 'Production');
   */
  async anchors(kind: TrustKind, env: string, now = Date.now()): Promise<AnchorSet> {
    await this.refresh(now);
    const certificates = this.entries.filter((e) => e.row.kind === kind && e.row.env === env).map((e) => e.certificate);
    const demo = env === DEMO_SIMULATOR_ENV ? this.options.demoSimulator?.certificate(kind) : undefined;
    if (demo && !certificates.some((c) => c.fingerprint256 === demo.fingerprint256)) certificates.push(demo);
    const key = `${kind}|${env}`;
    const signature = certificates.map((c) => c.fingerprint256).join(',');
    const memo = this.sets.get(key);
    if (memo?.signature === signature) return memo.set;
    const set: AnchorSet = { kind, env, certificates };
    this.sets.set(key, { signature, set });
    return set;
  }

  /** Every trusted CA, uploaded ones first, then the demo simulator's. */
  async list(): Promise<TrustedCaInfo[]> {
    await this.refresh(Date.now(), true);
    const out = this.entries.map((e) => info(e.certificate, e.row.kind, e.row.env as TrustEnv, 'registry', e.row.addedAt));
    for (const kind of ['device-provider', 'ftm'] as const) {
      const demo = this.options.demoSimulator?.certificate(kind);
      if (demo) out.push(info(demo, kind, DEMO_SIMULATOR_ENV, 'demo-simulator', null));
    }
    return out;
  }

  /**
   * Trusts a CA certificate (PEM) for a kind and environment; invalid_certificate or
   * duplicate_trusted_ca otherwise.
   */
  async add(pem: string, kind: TrustKind, env: TrustEnv, now = new Date()): Promise<TrustedCaInfo> {
    const certificate = parseCaCertificate(pem, now);
    const row: StoredTrustedCa = { kind, env, fingerprint: certificate.fingerprint256, pem: certificate.toString(), addedAt: now.toISOString() };
    if (!(await this.registry.insert(row))) {
      throw new EsignetError('duplicate_trusted_ca', `${certificate.subject} is already trusted as a ${kind} CA for ${env}.`);
    }
    await this.reload();
    return info(certificate, kind, env, 'registry', row.addedAt);
  }

  /** Stops trusting an uploaded CA; false when there was no such entry. */
  async remove(kind: TrustKind, env: TrustEnv, fingerprint: string): Promise<boolean> {
    const removed = await this.registry.delete(kind, env, fingerprint);
    await this.reload();
    return removed;
  }

  private async refresh(now: number, force = false): Promise<void> {
    const demo = this.options.demoSimulator?.refresh(now);
    if (force || now - this.loadedAt >= (this.options.registryRefreshMs ?? 5000)) {
      this.loading ??= this.reload().finally(() => (this.loading = undefined));
      await this.loading;
    }
    await demo;
  }

  private async reload(): Promise<void> {
    const started = Date.now();
    const rows = await this.registry.list();
    const entries: Entry[] = [];
    for (const row of rows) {
      let certificate = this.parsed.get(row.fingerprint);
      if (!certificate) {
        certificate = new X509Certificate(row.pem);
        this.parsed.set(row.fingerprint, certificate);
      }
      entries.push({ row, certificate });
    }
    const live = new Set(rows.map((r) => r.fingerprint));
    for (const fp of this.parsed.keys()) if (!live.has(fp)) this.parsed.delete(fp);
    this.entries = entries;
    this.loadedAt = started;
  }
}

function info(cert: X509Certificate, kind: TrustKind, env: TrustEnv, source: TrustedCaInfo['source'], addedAt: string | null): TrustedCaInfo {
  return {
    kind,
    env,
    subject: cert.subject,
    issuer: cert.issuer,
    fingerprint: cert.fingerprint256,
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    source,
    addedAt,
  };
}
