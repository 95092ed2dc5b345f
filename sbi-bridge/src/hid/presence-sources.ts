// The presence sources a kiosk uses by default: node-hid (lazy, optional), sysfs on Linux (vendor-class
// scanners HID cannot see) and the serial port list (USB-UART bridges of ZFM modules).
import type { PresenceSource } from '../transports/endpoint.js';
import { HidPresenceSource, type HidLoader } from './hid-presence.js';
import { SerialBridgePresenceSource } from './serial-presence.js';
import { SysfsUsbPresenceSource } from './sysfs-presence.js';

/**
 * One of each source; each reports itself unavailable (with the reason) where it cannot run.
 * The same scanner may be reported by more than one source (HID and sysfs both see a HID device).
 * @example new SbiBridge({ trust, presence: defaultPresenceSources() })
 */
export function defaultPresenceSources(opts: { hidLoader?: HidLoader; sysfsRoot?: string } = {}): PresenceSource[] {
  return [
    new HidPresenceSource(opts.hidLoader),
    new SysfsUsbPresenceSource(opts.sysfsRoot),
    new SerialBridgePresenceSource(),
  ];
}
