// The USB ids of fingerprint scanners the kiosk may meet: certified scanner makers (any product
// of theirs; they ship SBI services of their own) and the USB-UART bridges serial modules sit behind.
import { USB_UART_BRIDGES } from '../transports/serial/usb-uart-bridges.js';

export interface KnownScanner {
  vendorId: number;
  /** Undefined: every product of the vendor. */
  productId?: number;
  /** Shown to the operator: `SecuGen`, `WCH CH340 (serial fingerprint module?)`. */
  vendor: string;
  /** `sbi-vendor`: needs the maker's SBI service; `usb-uart`: maybe a ZFM module, the bridge drives it itself. */
  kind: 'sbi-vendor' | 'usb-uart';
  hint: string;
}

/** Makers of certified scanners (vendor-class USB devices behind their SDK and SBI service). */
const SBI_VENDORS: readonly KnownScanner[] = [
  { vendorId: 0x1162, vendor: 'SecuGen', kind: 'sbi-vendor', hint: 'Start the SecuGen SBI (MDS) service.' },
  {
    vendorId: 0x05ba,
    vendor: 'DigitalPersona (HID Global)',
    kind: 'sbi-vendor',
    hint: 'Start the DigitalPersona / HID Global SBI service.',
  },
  { vendorId: 0x1491, vendor: 'Futronic', kind: 'sbi-vendor', hint: 'Start the Futronic SBI service.' },
  { vendorId: 0x16d1, vendor: 'Suprema', kind: 'sbi-vendor', hint: 'Start the Suprema SBI service.' },
];

/** Every id the presence check looks for. */
export const KNOWN_SCANNERS: readonly KnownScanner[] = [
  ...SBI_VENDORS,
  ...USB_UART_BRIDGES.map((b): KnownScanner => ({
    vendorId: b.vendorId,
    productId: b.productId,
    vendor: `${b.chip} (serial fingerprint module?)`,
    kind: 'usb-uart',
    hint: 'A USB-UART bridge: if a ZFM/R30x/AS608 module is behind it, enable the serial source (it is probed with VfyPwd).',
  })),
];

/**
 * The table entry for a USB device, exact product first, then vendor-wide.
 * @example lookupScanner(0x1162, 0x2200)?.vendor // 'SecuGen'
 * @example lookupScanner(0x1a86, 0x7523)?.kind // 'usb-uart'
 */
export function lookupScanner(vendorId: number, productId: number): KnownScanner | undefined {
  return (
    KNOWN_SCANNERS.find((s) => s.vendorId === vendorId && s.productId === productId) ??
    KNOWN_SCANNERS.find((s) => s.vendorId === vendorId && s.productId === undefined)
  );
}
