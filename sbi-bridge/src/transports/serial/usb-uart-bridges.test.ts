// Candidate serial ports: the USB-UART bridge table, id parsing as serialport reports ids, and
// listing without udev. The port lists are injected (no USB devices exist on test machines).
import { describe, expect, it } from 'vitest';
import { findUsbUartBridge, listCandidatePorts, parseUsbId, type PortInfo } from './usb-uart-bridges.js';

const port = (path: string, vendorId?: string, productId?: string, serialNumber?: string): PortInfo => ({
  path,
  vendorId,
  productId,
  serialNumber,
  manufacturer: undefined,
  pnpId: undefined,
  locationId: undefined,
});

describe('USB-UART bridges', () => {
  it('knows the four bridge chips of sbi.md', () => {
    expect(findUsbUartBridge(0x1a86, 0x7523)?.chip).toMatch(/CH340/);
    expect(findUsbUartBridge(0x10c4, 0xea60)?.chip).toMatch(/CP210x/);
    expect(findUsbUartBridge(0x0403, 0x6001)?.chip).toMatch(/FTDI/);
    expect(findUsbUartBridge(0x067b, 0x2303)?.chip).toMatch(/PL2303/);
    expect(findUsbUartBridge(0x1a86, 0x0001)).toBeUndefined();
  });

  it('reads ids the way serialport spells them', () => {
    expect(parseUsbId('1a86')).toBe(0x1a86);
    expect(parseUsbId('EA60')).toBe(0xea60);
    expect(parseUsbId('0x0403')).toBe(0x0403);
    expect(parseUsbId(undefined)).toBeUndefined();
    expect(parseUsbId('zz')).toBeUndefined();
  });

  it('keeps only ports behind known bridges', async () => {
    const listing = await listCandidatePorts(async () => [
      port('/dev/ttyS0'),
      port('/dev/ttyUSB0', '1a86', '7523', 'A1'),
      port('/dev/ttyACM0', '2341', '0043'),
      port('/dev/ttyUSB1', '10C4', 'EA60'),
    ]);
    expect(listing).toEqual({
      available: true,
      ports: [
        {
          path: '/dev/ttyUSB0',
          bridge: { vendorId: 0x1a86, productId: 0x7523, chip: 'WCH CH340' },
          serialNumber: 'A1',
        },
        { path: '/dev/ttyUSB1', bridge: { vendorId: 0x10c4, productId: 0xea60, chip: 'Silicon Labs CP210x' } },
      ],
    });
  });

  it('says why when ports cannot be listed (no udevadm)', async () => {
    const listing = await listCandidatePorts(async () => {
      throw Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' });
    });
    expect(listing.available).toBe(false);
    expect(!listing.available && listing.reason).toMatch(/udev/);
  });

  it('lists the ports of this machine without throwing, whether or not udev is installed', async () => {
    const listing = await listCandidatePorts();
    if (listing.available) expect(Array.isArray(listing.ports)).toBe(true);
    else expect(listing.reason).toMatch(/cannot be listed/);
  });
});
