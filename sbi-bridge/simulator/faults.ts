// Fault injection for the simulator's captures: the catalogue of faults (each a real, detectable
// defect in what the device sends), their zod schema, and the queue that hands them to captures.
import { z } from 'zod';

/**
 * The faults a capture can be given. Refusals answer with an SBI error code; the others produce a
 * capture that looks fine but fails one of the checks a validating server makes.
 */
export const FAULTS = {
  /** The capture runs until the request's timeout, then answers 701. */
  timeout: 'answers 701 after the request timeout',
  /** The device reports itself busy: 111. */
  busy: 'answers 111 (device busy)',
  /** The device is not registered: 100. */
  notRegistered: 'answers 100 (device not registered)',
  /** The `data` JWS signature bytes are corrupted (verifiers: ERR_SBI_JWS_SIGNATURE). */
  badSignature: 'corrupts the signature bytes of data',
  /** The hash chain is computed over other bytes than the records sent (ERR_SBI_HASH_MISMATCH). */
  brokenHashChain: 'hashes do not chain over the records',
  /** `data.transactionId` is not the request's (bioValue is consistently encrypted with it). */
  wrongTransactionId: 'echoes another transactionId',
  /** `data` is signed with an expired device certificate from the device-provider CA (ERR_SBI_CERT_EXPIRED). */
  expiredCert: 'signs with an expired device certificate',
  /** `data` is signed with a certificate from a CA outside the trusted files (ERR_SBI_CERT_UNTRUSTED). */
  untrustedCa: 'signs with a certificate from an untrusted CA',
  /** `data.timestamp` and `digitalId.dateTime` are off by `seconds`. */
  clockSkew: 'shifts timestamps by the given seconds',
  /** `data.timestamp` and `digitalId.dateTime` carry milliseconds (ERR_SBI_PAYLOAD_INVALID / ERR_SBI_TIMESTAMP_FORMAT). */
  millisecondsInTimestamps: 'writes timestamps with milliseconds',
  /**
   * `data` is signed with the key of another device of the same provider CA — the slap scanner's (the
   * finger scanner's on the slap scanner) — its digitalId still this device's: the certificate names
   * another serial (bio_device_serial_mismatch), or is not the one registered (bio_device_certificate_mismatch).
   */
  foreignDeviceKey: "signs data with another device's key",
  /** `data` is signed with a certificate of the same CA naming this serial but another provider (bio_device_provider_mismatch). */
  foreignProviderCert: 'signs data with a certificate naming another device provider',
  /** The digitalId names a serial number no trust store knows (bio_device_not_registered; by subject, bio_device_serial_mismatch). */
  unregisteredSerial: 'names an unregistered serial number in the digitalId',
  /** The digitalId and `data.bioType` claim another modality than the device's (bio_device_type_mismatch where devices are registered). */
  wrongDeviceType: 'claims another biometric type in the digitalId and data',
  /** The digitalId is dated 2020-01-01T00:00:00Z, as one read once and kept (bio_digital_id_outside_window). */
  staleDigitalId: 'dates the digitalId 2020-01-01',
} as const;

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as [FaultName, ...FaultName[]];

/** One fault as the admin API and SBI_SIM_FAULTS take it; `count` omitted = until cleared. */
export const FaultSpecSchema = z
  .strictObject({
    fault: z.enum(FAULT_NAMES),
    /** How many captures it applies to; omitted = every capture until cleared. */
    count: z.number().int().min(1).max(1_000_000).optional(),
    /** Clock skew in seconds (negative = behind); only for clockSkew, which needs it. */
    seconds: z
      .number()
      .int()
      .min(-10 * 365 * 86_400)
      .max(10 * 365 * 86_400)
      .optional(),
    /** Only captures on this device (deviceId or serialNo); omitted = any device. */
    deviceId: z.string().min(1).optional(),
  })
  .refine((f) => (f.fault === 'clockSkew') === (f.seconds !== undefined), {
    message: 'seconds is needed for clockSkew and only for it',
    path: ['seconds'],
  });
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

/** The faults one capture runs with. */
export interface ActiveFaults {
  names: ReadonlySet<FaultName>;
  /** Sum of the clock skews, in seconds. */
  skewSeconds: number;
}

/** Faults waiting for captures; each capture takes (and counts down) the ones that apply to it. */
export class FaultQueue {
  private entries: { spec: FaultSpec; remaining: number | undefined }[] = [];

  add(spec: FaultSpec): void {
    this.entries.push({ spec, remaining: spec.count });
  }

  clear(): void {
    this.entries = [];
  }

  /** What is waiting, with the captures left (`remaining` undefined = until cleared). */
  list(): (FaultSpec & { remaining?: number })[] {
    return this.entries.map(({ spec, remaining }) => ({ ...spec, ...(remaining === undefined ? {} : { remaining }) }));
  }

  /** The faults for one capture on this device; counted faults are used up. */
  take(device: { deviceId: string; serialNo: string }): ActiveFaults {
    const names = new Set<FaultName>();
    let skewSeconds = 0;
    for (const e of this.entries) {
      const d = e.spec.deviceId;
      if (d !== undefined && d !== device.deviceId && d !== device.serialNo) continue;
      names.add(e.spec.fault);
      if (e.spec.fault === 'clockSkew') skewSeconds += e.spec.seconds ?? 0;
      if (e.remaining !== undefined) e.remaining--;
    }
    this.entries = this.entries.filter((e) => e.remaining === undefined || e.remaining > 0);
    return { names, skewSeconds };
  }
}

/**
 * Reads SBI_SIM_FAULTS: a comma list of `name` or `clockSkew:<seconds>`, each until cleared.
 * @example parseFaultList('badSignature, clockSkew:-300')
 */
export function parseFaultList(text: string): FaultSpec[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((item) => {
      const [name, seconds] = item.split(':');
      return FaultSpecSchema.parse({ fault: name, ...(seconds === undefined ? {} : { seconds: Number(seconds) }) });
    });
}
