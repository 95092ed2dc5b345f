// Scanner presence without native code on Linux: every USB device the kernel knows is a folder in
// /sys/bus/usb/devices with idVendor/idProduct files, vendor-class scanners included (HID misses those).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PresenceSource } from '../transports/endpoint.js';
import type { DetectedScanner } from './hid-presence.js';
import { lookupScanner } from './known-scanners.js';

export const SYSFS_USB_DEVICES = '/sys/bus/usb/devices';

async function readText(dir: string, name: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, name), 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The sysfs presence source (Linux); elsewhere, or in a container without /sys/bus/usb, it
 * reports itself unavailable.
 * @example new SysfsUsbPresenceSource().list({ signal }) // { available: true, scanners: [{ vendor: 'SecuGen', … }] }
 */
export class SysfsUsbPresenceSource implements PresenceSource {
  readonly name = 'usb-sysfs';

  /** @param root the devices folder; tests point it at a folder they made. */
  constructor(private readonly root: string = SYSFS_USB_DEVICES) {}

  async list({
    signal,
  }: {
    signal: AbortSignal;
  }): Promise<{ available: true; scanners: DetectedScanner[] } | { available: false; reason: string }> {
    let entries: string[];
    try {
      entries = await readdir(this.root);
    } catch (err) {
      return {
        available: false,
        reason: `USB device list unavailable: ${this.root} cannot be read (${(err as Error).message}); not Linux, or no USB bus in this container.`,
      };
    }
    const scanners: DetectedScanner[] = [];
    for (const entry of entries.sort()) {
      if (signal.aborted) break;
      const dir = join(this.root, entry);
      const [vid, pid] = await Promise.all([readText(dir, 'idVendor'), readText(dir, 'idProduct')]);
      // Interfaces (1-1:1.0) and anything unreadable have no ids.
      if (!vid || !pid || !/^[0-9a-f]{4}$/i.test(vid) || !/^[0-9a-f]{4}$/i.test(pid)) continue;
      const vendorId = Number.parseInt(vid, 16);
      const productId = Number.parseInt(pid, 16);
      const known = lookupScanner(vendorId, productId);
      if (!known) continue;
      const [product, serialNumber] = await Promise.all([readText(dir, 'product'), readText(dir, 'serial')]);
      scanners.push({
        vendorId,
        productId,
        vendor: known.vendor,
        kind: known.kind,
        source: this.name,
        path: dir,
        ...(product ? { product } : {}),
        ...(serialNumber ? { serialNumber } : {}),
      });
    }
    return { available: true, scanners };
  }
}
