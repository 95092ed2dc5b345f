// Serial ports that may have a ZFM module behind them: those of the USB-UART bridge chips such
// modules ship with, found through SerialPort.list() (which on Linux runs `udevadm`).
import { SerialPort } from 'serialport';

/** One port as SerialPort.list() describes it. */
export type PortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number];

export interface UsbUartBridge {
  vendorId: number;
  productId: number;
  chip: string;
}

/** The bridges low-cost fingerprint modules come with. */
export const USB_UART_BRIDGES: readonly UsbUartBridge[] = [
  { vendorId: 0x1a86, productId: 0x7523, chip: 'WCH CH340' },
  { vendorId: 0x10c4, productId: 0xea60, chip: 'Silicon Labs CP210x' },
  { vendorId: 0x0403, productId: 0x6001, chip: 'FTDI FT232R' },
  { vendorId: 0x067b, productId: 0x2303, chip: 'Prolific PL2303' },
];

/**
 * The bridge with these ids, if it is one of ours.
 * @example findUsbUartBridge(0x1a86, 0x7523)?.chip // 'WCH CH340'
 */
export function findUsbUartBridge(vendorId: number, productId: number): UsbUartBridge | undefined {
  return USB_UART_BRIDGES.find((b) => b.vendorId === vendorId && b.productId === productId);
}

/** `serialport` gives ids as hex strings ("1a86", upper case on Windows, sometimes "0x1A86"). */
export function parseUsbId(id: string | undefined): number | undefined {
  if (id === undefined || !/^(0x)?[0-9a-f]{1,4}$/i.test(id)) return undefined;
  return Number.parseInt(id.replace(/^0x/i, ''), 16);
}

export interface CandidatePort {
  path: string;
  bridge: UsbUartBridge;
  serialNumber?: string;
  manufacturer?: string;
}

export type PortListing =
  | { available: true; ports: CandidatePort[] }
  /** Ports cannot be listed here (no udevadm); a port can still be probed by its path. */
  | { available: false; reason: string };

/** How ports are listed; SerialPort.list by default, injectable for tests. */
export type PortLister = () => Promise<PortInfo[]>;

/**
 * The serial ports behind known USB-UART bridges. Never throws: when listing is impossible
 * (Linux without `udevadm`, i.e. the Debian package `udev`) it says so.
 * @example const listing = await listCandidatePorts(); if (listing.available) listing.ports.map((p) => p.path)
 */
export async function listCandidatePorts(list: PortLister = () => SerialPort.list()): Promise<PortListing> {
  let ports: PortInfo[];
  try {
    ports = await list();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === 'ENOENT' || /udevadm/.test(String(err.message))
        ? 'Serial ports cannot be listed: udevadm is missing (install the "udev" package); probe a port by its path instead.'
        : `Serial ports cannot be listed: ${err.message ?? String(e)}`;
    return { available: false, reason };
  }
  const out: CandidatePort[] = [];
  for (const p of ports) {
    const vendorId = parseUsbId(p.vendorId);
    const productId = parseUsbId(p.productId);
    const bridge =
      vendorId === undefined || productId === undefined ? undefined : findUsbUartBridge(vendorId, productId);
    if (!bridge) continue;
    out.push({
      path: p.path,
      bridge,
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    });
  }
  return { available: true, ports: out };
}
