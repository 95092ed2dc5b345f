// Scanner presence for serial modules: the ports behind known USB-UART bridges, as SerialPort.list()
// sees them (it needs udevadm on Linux; without it the source says so).
import type { PresenceSource } from '../transports/endpoint.js';
import { listCandidatePorts, type PortLister } from '../transports/serial/usb-uart-bridges.js';
import type { DetectedScanner } from './hid-presence.js';
import { lookupScanner } from './known-scanners.js';

/**
 * USB-UART bridges attached: maybe a ZFM module, which the serial endpoint source can drive.
 * @example new SerialBridgePresenceSource().list({ signal })
 */
export class SerialBridgePresenceSource implements PresenceSource {
  readonly name = 'usb-serial';

  constructor(private readonly lister?: PortLister) {}

  async list(_opts: {
    signal: AbortSignal;
  }): Promise<{ available: true; scanners: DetectedScanner[] } | { available: false; reason: string }> {
    const listing = await listCandidatePorts(this.lister);
    if (!listing.available) return listing;
    return {
      available: true,
      scanners: listing.ports.map((p) => ({
        vendorId: p.bridge.vendorId,
        productId: p.bridge.productId,
        vendor: lookupScanner(p.bridge.vendorId, p.bridge.productId)?.vendor ?? p.bridge.chip,
        kind: 'usb-uart' as const,
        source: this.name,
        path: p.path,
        ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
        ...(p.manufacturer ? { product: p.manufacturer } : {}),
      })),
    };
  }
}
