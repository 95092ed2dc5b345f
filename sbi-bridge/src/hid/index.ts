// `@signet-kiosk/sbi-bridge/hid`: which fingerprint scanners are plugged in (USB HID, sysfs, USB
// serial bridges), as presence sources for the bridge's survey; node-hid is optional.
export { defaultPresenceSources } from './presence-sources.js';
export { HidPresenceSource, loadNodeHid, type DetectedScanner, type HidApi, type HidLoader } from './hid-presence.js';
export { KNOWN_SCANNERS, lookupScanner, type KnownScanner } from './known-scanners.js';
export { SerialBridgePresenceSource } from './serial-presence.js';
export { SYSFS_USB_DEVICES, SysfsUsbPresenceSource } from './sysfs-presence.js';
