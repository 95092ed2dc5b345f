// The CA certificates biometric captures must chain to, per kind (device provider, FTM) and SBI
// environment, each device-provider CA with how it binds device certificates to devices and the
// one device provider whose devices it may certify: those administrators uploaded and, in demo
// mode, the simulator's CAs for Developer (bound by certificate subject, as the simulator issues
// them, for the simulator's provider); plus the devices registered for `registered-devices`
// providers. Uploads live in the registry, re-read every few seconds so that several server
// processes agree. Certificates are parsed once per fingerprint; an unchanged set keeps its
// AnchorSet object, so caches keyed by it (x5c-verifier.ts) stay warm.
import { X509Certificate } from 'node:crypto';
import { EsignetError } from '../errors.js';
import type { Registry, StoredRegisteredDevice, StoredTrustedCa } from '../stores/registry.js';
import { subjectOrganization } from '@signet-kiosk/shared/sbi/crypto';
import { SIMULATOR_DEVICE_PROVIDER, type DemoSimulatorCas } from './demo-simulator-cas.js';
import { parseCaCertificate } from './trusted-ca.js';
import {
  DEFAULT_DEVICE_BINDING,
  DeviceNameSchema,
  type DeviceBinding,
  type RegisteredDeviceInfo,
  type RegisteredDeviceUpload,
  type TrustedCaInfo,
  type TrustEnv,
  type TrustKind,
} from './trust-store-schema.js';

/** What a device-provider CA may certify, and how its device certificates are bound to devices. */
export interface DeviceCaPolicy {
  readonly binding: DeviceBinding;
  /** The provider its devices' digitalIds must name; null: none recorded, so it certifies no device. */
  readonly provider: string | null;
}

/** The trust anchors of one kind and environment; a new object whenever they change. */
export interface AnchorSet {
  readonly kind: TrustKind;
  readonly env: string;
  readonly certificates: readonly X509Certificate[];
  /** Device-provider anchors, by fingerprint256: the provider each certifies and how it binds devices. */
  readonly deviceCas: ReadonlyMap<string, DeviceCaPolicy>;
}

/** The demo simulator names each device in its certificate subject (sbi-bridge/simulator/pki-store.ts). */
const DEMO_SIMULATOR_CA: DeviceCaPolicy = { binding: 'certificate-subject', provider: SIMULATOR_DEVICE_PROVIDER };

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

const deviceKey = (deviceProvider: string, serialNo: string) => `${deviceProvider}\u0000${serialNo}`;

export class TrustStore {
  private readonly parsed = new Map<string, X509Certificate>();
  private entries: Entry[] = [];
  private devices = new Map<string, StoredRegisteredDevice>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  private readonly sets = new Map<string, { signature: string; set: AnchorSet }>();

  constructor(
    private readonly registry: Pick<Registry, 'trustedCas' | 'registeredDevices'>,
    private readonly options: TrustStoreOptions = {},
  ) {}

  /**
   * The current anchors for captures of this kind from devices registered in `env`.
   * @example const { certificates } = await trust.anchors('device-provider', 'Production');
   */
  async anchors(kind: TrustKind, env: string, now = Date.now()): Promise<AnchorSet> {
    await this.refresh(now);
    const entries = this.entries.filter((e) => e.row.kind === kind && e.row.env === env);
    const certificates = entries.map((e) => e.certificate);
    const deviceCas = new Map<string, DeviceCaPolicy>();
    if (kind === 'device-provider')
      for (const e of entries) deviceCas.set(e.certificate.fingerprint256, deviceCaPolicy(e.row));
    const demo = env === DEMO_SIMULATOR_ENV ? this.options.demoSimulator?.certificate(kind) : undefined;
    if (demo && !certificates.some((c) => c.fingerprint256 === demo.fingerprint256)) {
      certificates.push(demo);
      if (kind === 'device-provider') deviceCas.set(demo.fingerprint256, DEMO_SIMULATOR_CA);
    }
    const key = `${kind}|${env}`;
    const signature = JSON.stringify(
      certificates.map((c) => [c.fingerprint256, deviceCas.get(c.fingerprint256) ?? null]),
    );
    const memo = this.sets.get(key);
    if (memo?.signature === signature) return memo.set;
    const set: AnchorSet = { kind, env, certificates, deviceCas };
    this.sets.set(key, { signature, set });
    return set;
  }

  /** Every trusted CA, uploaded ones first, then the demo simulator's. */
  async list(): Promise<TrustedCaInfo[]> {
    await this.refresh(Date.now(), true);
    const out = this.entries.map((e) => info(e.certificate, e.row, 'registry'));
    for (const kind of ['device-provider', 'ftm'] as const) {
      const demo = this.options.demoSimulator?.certificate(kind);
      const ca =
        kind === 'device-provider'
          ? { deviceBinding: DEMO_SIMULATOR_CA.binding, deviceProvider: DEMO_SIMULATOR_CA.provider }
          : { deviceBinding: null, deviceProvider: null };
      if (demo) out.push(info(demo, { kind, env: DEMO_SIMULATOR_ENV, addedAt: null, ...ca }, 'demo-simulator'));
    }
    return out;
  }

  /**
   * Trusts a CA certificate (PEM) for a kind and environment — a device-provider CA with how it
   * binds devices (default certificate-subject) and the provider whose devices it may certify
   * (default the O of its subject; invalid_input when it names none, or not one usable as a name);
   * invalid_certificate or duplicate_trusted_ca otherwise.
   * @example await trust.add(pem, 'device-provider', 'Production', { deviceBinding: 'registered-devices', deviceProvider: 'Acme Biometrics' });
   */
  async add(
    pem: string,
    kind: TrustKind,
    env: TrustEnv,
    options: { deviceBinding?: DeviceBinding; deviceProvider?: string; now?: Date } = {},
  ): Promise<TrustedCaInfo> {
    const now = options.now ?? new Date();
    const certificate = parseCaCertificate(pem, now);
    const device = kind === 'device-provider';
    const row: StoredTrustedCa = {
      kind,
      env,
      fingerprint: certificate.fingerprint256,
      pem: certificate.toString(),
      addedAt: now.toISOString(),
      deviceBinding: device ? (options.deviceBinding ?? DEFAULT_DEVICE_BINDING) : null,
      deviceProvider: device ? (options.deviceProvider ?? providerNamedBy(certificate)) : null,
    };
    if (!(await this.registry.trustedCas.insert(row))) {
      throw new EsignetError(
        'duplicate_trusted_ca',
        `${certificate.subject} is already trusted as a ${kind} CA for ${env}.`,
      );
    }
    await this.reload();
    return info(certificate, row, 'registry');
  }

  /** Stops trusting an uploaded CA; false when there was no such entry. */
  async remove(kind: TrustKind, env: TrustEnv, fingerprint: string): Promise<boolean> {
    const removed = await this.registry.trustedCas.delete(kind, env, fingerprint);
    await this.reload();
    return removed;
  }

  /**
   * The registration of the device a digitalId names, for `registered-devices` providers.
   * @example const device = await trust.registeredDevice(digitalId.deviceProvider, digitalId.serialNo);
   */
  async registeredDevice(
    deviceProvider: string,
    serialNo: string,
    now = Date.now(),
  ): Promise<StoredRegisteredDevice | undefined> {
    await this.refresh(now);
    return this.devices.get(deviceKey(deviceProvider, serialNo));
  }

  /** Every registered device, by provider and serial number. */
  async listDevices(): Promise<RegisteredDeviceInfo[]> {
    await this.refresh(Date.now(), true);
    return [...this.devices.values()];
  }

  /** Registers a device with its certificate or key digest; duplicate_registered_device if its provider and serial are taken. */
  async registerDevice(upload: RegisteredDeviceUpload, now = new Date()): Promise<RegisteredDeviceInfo> {
    const row: StoredRegisteredDevice = {
      deviceProvider: upload.deviceProvider,
      serialNo: upload.serialNo,
      type: upload.type,
      certificateSha256: upload.certificateSha256 ?? null,
      spkiSha256: upload.spkiSha256 ?? null,
      addedAt: now.toISOString(),
    };
    if (!(await this.registry.registeredDevices.insert(row))) {
      throw new EsignetError(
        'duplicate_registered_device',
        `${JSON.stringify(row.serialNo)} of ${JSON.stringify(row.deviceProvider)} is already registered; remove it first to change it.`,
      );
    }
    await this.reload();
    return row;
  }

  /** Removes a device registration; false when there was none. */
  async unregisterDevice(deviceProvider: string, serialNo: string): Promise<boolean> {
    const removed = await this.registry.registeredDevices.delete(deviceProvider, serialNo);
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
    const [rows, devices] = await Promise.all([
      this.registry.trustedCas.list(),
      this.registry.registeredDevices.list(),
    ]);
    this.devices = new Map(devices.map((d) => [deviceKey(d.deviceProvider, d.serialNo), d]));
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

/** A stored device-provider CA's policy; rows from before bindings were recorded bind by subject. */
function deviceCaPolicy(row: StoredTrustedCa): DeviceCaPolicy {
  return { binding: row.deviceBinding ?? DEFAULT_DEVICE_BINDING, provider: row.deviceProvider };
}

/** The provider a device-provider CA uploaded without one certifies: its subject's O, if that is a usable name. */
function providerNamedBy(certificate: X509Certificate): string {
  const organization = subjectOrganization(certificate);
  if (organization === undefined || !DeviceNameSchema.safeParse(organization).success) {
    throw new EsignetError(
      'invalid_input',
      `Invalid request: deviceProvider: ${certificate.subject.replaceAll('\n', ', ')} names no single organization (O) to take as the device provider it certifies; give deviceProvider as its devices' digitalIds name it.`,
    );
  }
  return organization;
}

function info(
  cert: X509Certificate,
  row: Pick<StoredTrustedCa, 'kind' | 'env' | 'deviceBinding' | 'deviceProvider'> & { addedAt: string | null },
  source: TrustedCaInfo['source'],
): TrustedCaInfo {
  return {
    kind: row.kind,
    env: row.env as TrustEnv,
    subject: cert.subject,
    issuer: cert.issuer,
    fingerprint: cert.fingerprint256,
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    source,
    addedAt: row.addedAt,
    deviceBinding: row.kind === 'device-provider' ? (row.deviceBinding ?? DEFAULT_DEVICE_BINDING) : null,
    deviceProvider: row.kind === 'device-provider' ? row.deviceProvider : null,
  };
}
