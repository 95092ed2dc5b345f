// Scanner presence through node-hid: HID.devices() matched against the known-scanner table.
// node-hid is an optional dependency whose native part needs libusb-1.0 (and libudev) at run time,
// so it is imported lazily, and when it cannot load the source says it is unavailable, and why.
import { z } from 'zod';
import type { AttachedScanner, PresenceSource } from '../transports/endpoint.js';
import { lookupScanner, type KnownScanner } from './known-scanners.js';

/** What the presence sources report: an attached scanner, with its table kind and the source that saw it. */
export interface DetectedScanner extends AttachedScanner {
  kind: KnownScanner['kind'];
  source: string;
}

/** The part of node-hid used here. */
export interface HidApi {
  devices(): unknown[];
}

/** Loads node-hid; injectable so that tests can take both the unavailable and the available path. */
export type HidLoader = () => Promise<HidApi>;

/** One entry of HID.devices(), as far as it is read. */
const HidDeviceSchema = z.looseObject({
  vendorId: z.number().int().min(0).max(0xffff),
  productId: z.number().int().min(0).max(0xffff),
  path: z.string().optional(),
  serialNumber: z.string().optional(),
  manufacturer: z.string().optional(),
  product: z.string().optional(),
});

/**
 * The real loader: `import('node-hid')`. The specifier is a variable so that the type checker
 * does not need the optional package.
 */
export const loadNodeHid: HidLoader = async () => {
  const specifier = 'node-hid';
  const mod = (await import(specifier)) as Partial<HidApi> & { default?: Partial<HidApi> };
  const api = typeof mod.devices === 'function' ? mod : mod.default;
  if (!api || typeof api.devices !== 'function') throw new Error('node-hid loaded but has no devices() function');
  return api as HidApi;
};

/**
 * Why node-hid cannot be used, in words an operator (or whoever installs the kiosk) can act on.
 * @example unavailableReason(new Error('libusb-1.0.so.0: cannot open shared object file')) // '… install the Debian package libusb-1.0-0 …'
 */
export function unavailableReason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e?.message ?? String(err);
  if (
    e?.code === 'ERR_MODULE_NOT_FOUND' ||
    e?.code === 'MODULE_NOT_FOUND' ||
    /Cannot find (package|module) ['"]?node-hid/.test(message)
  ) {
    return 'USB HID presence check unavailable: node-hid is not installed (it is an optional dependency).';
  }
  if (/libusb/i.test(message))
    return `USB HID presence check unavailable: node-hid needs libusb-1.0 at run time (install the Debian package libusb-1.0-0). ${message}`;
  if (/libudev/i.test(message))
    return `USB HID presence check unavailable: node-hid needs libudev at run time (install the Debian package libudev1). ${message}`;
  return `USB HID presence check unavailable: node-hid could not be used. ${message}`;
}

/**
 * The known scanners among HID devices; entries that are not well-formed are skipped, and a device
 * with several HID interfaces is reported once.
 */
export function matchHidDevices(devices: readonly unknown[], source = 'usb-hid'): DetectedScanner[] {
  const seen = new Set<string>();
  const out: DetectedScanner[] = [];
  for (const raw of devices) {
    const parsed = HidDeviceSchema.safeParse(raw);
    if (!parsed.success) continue;
    const d = parsed.data;
    const known = lookupScanner(d.vendorId, d.productId);
    if (!known) continue;
    const key = `${d.vendorId}:${d.productId}:${d.serialNumber ?? d.path ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      vendorId: d.vendorId,
      productId: d.productId,
      vendor: known.vendor,
      kind: known.kind,
      source,
      ...(d.product ? { product: d.product } : {}),
      ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
      ...(d.path ? { path: d.path } : {}),
    });
  }
  return out;
}

/**
 * The node-hid presence source. node-hid is imported on the first list(), not before; a failure
 * to load (or to enumerate) is reported as `available: false` with the reason, never thrown.
 * Note that HID.devices() lists HID-class interfaces only: certified scanners are vendor-class
 * USB devices and show up here only if they also expose a HID interface (see SysfsUsbPresenceSource).
 * @example const bridge = new SbiBridge({ trust, presence: [new HidPresenceSource()] });
 */
export class HidPresenceSource implements PresenceSource {
  readonly name = 'usb-hid';
  private api: Promise<HidApi> | undefined;

  constructor(private readonly loader: HidLoader = loadNodeHid) {}

  async list({
    signal,
  }: {
    signal: AbortSignal;
  }): Promise<{ available: true; scanners: DetectedScanner[] } | { available: false; reason: string }> {
    if (signal.aborted) return { available: false, reason: 'cancelled' };
    let devices: unknown[];
    try {
      this.api ??= this.loader();
      devices = (await this.api).devices();
    } catch (err) {
      this.api = undefined; // try again next time: libusb may have been installed meanwhile
      return { available: false, reason: unavailableReason(err) };
    }
    return { available: true, scanners: matchHidDevices(Array.isArray(devices) ? devices : []) };
  }
}
