// The SbiClient of an ordinary browser: local SBI device services on 127.0.0.1 (ports 4501–4600,
// scanned in parallel) over fetch with the SBI verbs, every answer parsed with the shared zod
// schemas and judged with the shared trust checks (WebCrypto) against the server's public trust
// anchors — the bridge's rules, not a copy. Captures are checked the same way before their
// challenge is handed out; an untrusted one is never returned. A cancelled capture cannot be
// stopped (SBI has no verb for it): the device stays busy until its timeout, so a retry before
// then gets device_busy with the time left.
import {
  buildCaptureRequest,
  CaptureResponseSchema,
  DeviceInfoResponseSchema,
  DiscoveryResponseSchema,
  encodeBioChallenge,
  judgeCapture,
  judgeDevices,
  SBI_HOST,
  SBI_PORT_MAX,
  SBI_PORT_MIN,
  sbiTimestamp,
  webToolkit,
  type CaptureRequestStrict,
  type DeviceInfoItem,
  type DiscoveryEntry,
  type JudgedDevice,
} from '@signet-kiosk/shared/sbi';
import { captureErrorOf } from './capture-errors.js';
import { byBestFirst, foundDeviceOf, type FoundDevice } from './device-views.js';
import {
  SbiClientError,
  type SbiCaptureRequest,
  type SbiCaptureResult,
  type SbiClient,
  type SbiDeviceView,
  type SbiModality,
} from './sbi-client.js';
import { SbiCallError, sbiCall } from './sbi-http.js';
import { fetchTrustPolicies, type TrustPolicies } from './trust-policies.js';

export interface BrowserSbiClientOptions {
  /** The server whose trust anchors judge devices; default the page's origin. */
  serverUrl?: string;
  /** The ports scanned; default SBI's 4501–4600. */
  ports?: { min: number; max: number };
  /** How long a port may take to answer discovery or device info; default 2 s. */
  discoveryTimeoutMs?: number;
  /** The quality each modality must reach; default 70 (the server's login configuration). */
  requestedScore?: Partial<Record<SbiModality, number>>;
  /** How much longer than the capture's own timeout to wait for the device's answer; default 5 s. */
  captureGraceMs?: number;
}

/** When to ask again a device we know is busy with a capture we cancelled, at least and at most. */
const RETRY_BOUNDS_MS = { min: 500, max: 5000 };
const DEFAULT_RETRY_MS = 1000;

export class BrowserSbiClient implements SbiClient {
  private readonly serverUrl: string;
  private readonly ports: { min: number; max: number };
  private policies: Promise<TrustPolicies> | undefined;
  private readonly found = new Map<string, FoundDevice>();
  /** Devices left capturing by a cancelled request, until when at the latest (ms since epoch). */
  private readonly busyUntil = new Map<string, number>();

  constructor(private readonly options: BrowserSbiClientOptions = {}) {
    this.serverUrl = options.serverUrl ?? globalThis.location.origin;
    this.ports = options.ports ?? { min: SBI_PORT_MIN, max: SBI_PORT_MAX };
  }

  async discover(signal?: AbortSignal): Promise<SbiDeviceView[]> {
    const policies = await this.trustPolicies();
    const ports = Array.from({ length: this.ports.max - this.ports.min + 1 }, (_, i) => this.ports.min + i);
    const perService = await Promise.all(
      ports.map((port) => this.scan(`http://${SBI_HOST}:${port}`, policies, signal)),
    );
    if (signal?.aborted) throw new SbiClientError('capture_cancelled', 'Discovery was cancelled.');
    if (perService.every((devices) => devices === undefined)) {
      throw new SbiClientError(
        'no_device_service',
        `No device service answered on ${SBI_HOST}:${this.ports.min}–${this.ports.max}.`,
      );
    }
    const found = perService.flatMap((devices) => devices ?? []).sort(byBestFirst);
    this.found.clear();
    for (const f of found) this.found.set(f.view.key, f);
    return found.map((f) => f.view);
  }

  async capture(request: SbiCaptureRequest): Promise<SbiCaptureResult> {
    const device = this.found.get(request.deviceKey);
    if (!device)
      throw new SbiClientError('device_error', 'This device was not found by the last discovery; discover again.');
    const policies = await this.trustPolicies();
    const env =
      device.env && policies.byEnv.has(device.env as never)
        ? (device.env as TrustPolicies['envs'][number])
        : policies.envs[0]!;
    const policy = policies.byEnv.get(env)!;
    const modality = device.view.modality;
    const sbiRequest = this.captureRequest(device, env, request);

    const startedAt = new Date();
    let answer: unknown;
    try {
      answer = await sbiCall(`${device.endpoint}/capture`, 'CAPTURE', sbiRequest, {
        timeoutMs: request.timeoutMs + (this.options.captureGraceMs ?? 5000),
        signal: request.signal,
      });
    } catch (err) {
      if (!(err instanceof SbiCallError)) throw err;
      if (err.failure === 'aborted') {
        this.busyUntil.set(device.view.key, startedAt.getTime() + request.timeoutMs);
        throw new SbiClientError(
          'capture_cancelled',
          'The capture was cancelled; the device finishes it on its own and is free again after at most its timeout.',
        );
      }
      if (err.failure === 'timeout') throw new SbiClientError('capture_timeout', err.message);
      throw new SbiClientError('device_error', err.message);
    }
    const finishedAt = new Date();
    const parsed = CaptureResponseSchema.safeParse(answer);
    if (!parsed.success)
      throw new SbiClientError('device_error', 'The device answered something that is not a CAPTURE answer.');
    const failed = parsed.data.biometrics.find((b) => b.error.errorCode !== '0');
    if (failed) throw captureErrorOf(failed.error.errorCode, this.retryAfter(device.view.key));
    if (parsed.data.biometrics.length === 0)
      throw new SbiClientError('device_error', 'The device answered with no biometrics.');
    this.busyUntil.delete(device.view.key);

    const { v, read } = await judgeCapture({
      mode: 'capture',
      device: {
        certification: device.judged.entry.certification,
        serialNo: device.view.details.serialNo,
        deviceCertificateFingerprint: device.judged.verdict.deviceCertificate?.fingerprint256,
      },
      request: sbiRequest,
      biometrics: parsed.data.biometrics,
      startedAt,
      finishedAt,
      toolkit: webToolkit,
      policy,
    });
    const verdict = v.build();
    if (!verdict.trusted) {
      const codes = [...new Set(verdict.issues.filter((i) => i.severity === 'error').map((i) => i.code))];
      throw new SbiClientError(
        'untrusted_capture',
        `The capture does not verify (${codes.join(', ')}); it was not submitted.`,
      );
    }
    const requested = this.requestedScore(modality);
    if (read.some((r) => r !== undefined && Number(r.data.qualityScore) < requested)) {
      throw new SbiClientError('capture_quality', `The capture is below the requested quality (${requested}).`);
    }
    try {
      return { challenge: encodeBioChallenge(parsed.data.biometrics as Parameters<typeof encodeBioChallenge>[0]) };
    } catch {
      throw new SbiClientError(
        'device_error',
        'The capture lacks what the server needs (data, hash, sessionKey, thumbprint).',
      );
    }
  }

  /** The trust policies, read once from the server; a failed read is tried again next time. */
  private trustPolicies(): Promise<TrustPolicies> {
    this.policies ??= fetchTrustPolicies(this.serverUrl).catch((err: unknown) => {
      this.policies = undefined;
      throw new SbiClientError(
        'device_error',
        `The server's trust anchors could not be read: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    return this.policies;
  }

  /**
   * The devices of one service: discovery, device info, both judged; undefined when no device
   * service answers there (nothing listening, or something that does not speak SBI).
   */
  private async scan(
    endpoint: string,
    policies: TrustPolicies,
    signal: AbortSignal | undefined,
  ): Promise<FoundDevice[] | undefined> {
    const timeoutMs = this.options.discoveryTimeoutMs ?? 2000;
    let entries: DiscoveryEntry[];
    try {
      const parsed = DiscoveryResponseSchema.safeParse(
        await sbiCall(`${endpoint}/device`, 'MOSIPDISC', { type: 'Biometric Device' }, { timeoutMs, signal }),
      );
      if (!parsed.success) return undefined;
      entries = parsed.data;
    } catch (err) {
      if (err instanceof SbiCallError) return undefined;
      throw err;
    }
    if (entries.length === 0) return [];
    let infos: DeviceInfoItem[] | undefined;
    try {
      const parsed = DeviceInfoResponseSchema.safeParse(
        await sbiCall(`${endpoint}/info`, 'MOSIPDINFO', undefined, { timeoutMs, signal }),
      );
      infos = parsed.success ? parsed.data : undefined;
    } catch (err) {
      if (!(err instanceof SbiCallError)) throw err;
      infos = undefined;
    }
    const judged = await judgeInEnvs(entries, infos, policies);
    return judged.flatMap((j) => foundDeviceOf(endpoint, j, policies.envs) ?? []);
  }

  private captureRequest(
    device: FoundDevice,
    env: TrustPolicies['envs'][number],
    request: SbiCaptureRequest,
  ): CaptureRequestStrict {
    const modality = device.view.modality;
    try {
      return buildCaptureRequest({
        env,
        purpose: 'Auth',
        specVersion: '0.9.5',
        timeout: request.timeoutMs,
        captureTime: sbiTimestamp(),
        domainUri: request.domainUri,
        transactionId: request.transactionId,
        customOpts: null,
        bio: [
          {
            type: modality,
            count: request.count,
            bioSubType:
              request.bioSubType ?? (modality === 'Face' ? [] : Array.from({ length: request.count }, () => 'UNKNOWN')),
            requestedScore: this.requestedScore(modality),
            deviceId: device.judged.entry.deviceId ?? device.view.details.serialNo,
            deviceSubId: device.judged.entry.deviceSubId[0] ?? '0',
            previousHash: '',
          },
        ],
      });
    } catch (cause) {
      throw new SbiClientError(
        'device_error',
        `The capture request cannot be made: ${cause instanceof Error ? cause.message : String(cause)}`,
      );
    }
  }

  private requestedScore(modality: SbiModality): number {
    return this.options.requestedScore?.[modality] ?? 70;
  }

  /** When a busy device may be asked again: what is left of a capture we cancelled on it, within bounds. */
  private retryAfter(key: string): number {
    const until = this.busyUntil.get(key);
    if (until === undefined) return DEFAULT_RETRY_MS;
    return Math.min(RETRY_BOUNDS_MS.max, Math.max(RETRY_BOUNDS_MS.min, until - Date.now()));
  }
}

/**
 * Judges one service's devices in the environment each says it is registered in (its device info's
 * env, when the server accepts that one), else in the server's preferred one.
 */
async function judgeInEnvs(
  entries: readonly DiscoveryEntry[],
  infos: readonly DeviceInfoItem[] | undefined,
  policies: TrustPolicies,
): Promise<JudgedDevice[]> {
  const judge = (env: TrustPolicies['envs'][number]) =>
    judgeDevices({ entries, infos, toolkit: webToolkit, policy: policies.byEnv.get(env)! });
  const first = await judge(policies.envs[0]!);
  const others = policies.envs.slice(1).filter((env) => first.some((j) => j.payload?.env === env));
  const inOthers = new Map(await Promise.all(others.map(async (env) => [env, await judge(env)] as const)));
  return first.map((j, i) => inOthers.get(j.payload?.env as never)?.[i] ?? j);
}
