// Scanner presence: the known-scanner table, the lazy node-hid loader (unavailable and available
// paths), the sysfs and serial-port sources, and the operator's survey showing an unserved scanner.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SbiBridge } from '../bridge.js';
import { HidPresenceSource, loadNodeHid, matchHidDevices, unavailableReason, type HidLoader } from './hid-presence.js';
import { KNOWN_SCANNERS, lookupScanner } from './known-scanners.js';
import { SerialBridgePresenceSource } from './serial-presence.js';
import { SysfsUsbPresenceSource } from './sysfs-presence.js';

const signal = new AbortController().signal;

// The only mock in these tests: no virtual HID device exists on these machines (no uhid, no USB
// pass-through), so the available path is driven by a fake HID.devices() list shaped as node-hid's.
const fakeHid =
  (devices: unknown[]): HidLoader =>
  async () => ({ devices: () => devices });
const SECUGEN = {
  vendorId: 0x1162,
  productId: 0x2200,
  path: '/dev/hidraw3',
  product: 'Hamster Pro 20',
  serialNumber: 'H5-0001',
  release: 1,
  interface: 0,
};
const KEYBOARD = {
  vendorId: 0x046d,
  productId: 0xc31c,
  path: '/dev/hidraw0',
  product: 'USB Keyboard',
  release: 1,
  interface: 0,
};

describe('known scanners', () => {
  it('recognises every maker of sbi.md, whatever the product', () => {
    expect(lookupScanner(0x1162, 0x2200)).toMatchObject({ vendor: 'SecuGen', kind: 'sbi-vendor' });
    expect(lookupScanner(0x05ba, 0x000a)?.vendor).toMatch(/DigitalPersona/);
    expect(lookupScanner(0x1491, 0x0020)?.vendor).toBe('Futronic');
    expect(lookupScanner(0x16d1, 0x0407)?.vendor).toBe('Suprema');
  });

  it('recognises the USB-UART bridges by exact product only', () => {
    for (const [vid, pid] of [
      [0x1a86, 0x7523],
      [0x10c4, 0xea60],
      [0x0403, 0x6001],
      [0x067b, 0x2303],
    ] as const) {
      expect(lookupScanner(vid, pid)?.kind).toBe('usb-uart');
    }
    expect(lookupScanner(0x1a86, 0x55d4)).toBeUndefined();
    expect(lookupScanner(0x046d, 0xc31c)).toBeUndefined();
    expect(KNOWN_SCANNERS).toHaveLength(8);
  });

  it('matches HID entries, skipping unknown, malformed and duplicate interfaces', () => {
    const found = matchHidDevices([
      SECUGEN,
      { ...SECUGEN, interface: 1, path: '/dev/hidraw4' },
      KEYBOARD,
      { vendorId: 'x' },
      null,
    ]);
    expect(found).toEqual([
      {
        vendorId: 0x1162,
        productId: 0x2200,
        vendor: 'SecuGen',
        kind: 'sbi-vendor',
        source: 'usb-hid',
        product: 'Hamster Pro 20',
        serialNumber: 'H5-0001',
        path: '/dev/hidraw3',
      },
    ]);
  });
});

describe('the lazy node-hid loader', () => {
  it('does not load node-hid before the first list, and loads it once', async () => {
    const loader = vi.fn(fakeHid([SECUGEN]));
    const source = new HidPresenceSource(loader);
    expect(loader).not.toHaveBeenCalled();
    expect(await source.list({ signal })).toMatchObject({ available: true, scanners: [{ vendor: 'SecuGen' }] });
    await source.list({ signal });
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('reports itself unavailable, with the reason, when node-hid is not installed', async () => {
    const source = new HidPresenceSource(async () => {
      throw Object.assign(new Error("Cannot find package 'node-hid' imported from /app"), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    });
    const r = await source.list({ signal });
    expect(r).toEqual({ available: false, reason: expect.stringMatching(/node-hid is not installed.*optional/) });
  });

  it('names libusb when the native part cannot load, and tries again next time', async () => {
    let attempts = 0;
    const source = new HidPresenceSource(async () => {
      attempts++;
      if (attempts === 1) throw new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');
      return { devices: () => [SECUGEN] };
    });
    const first = await source.list({ signal });
    expect(first.available).toBe(false);
    expect(!first.available && first.reason).toMatch(/libusb-1\.0-0/);
    expect((await source.list({ signal })).available).toBe(true);
  });

  it('reports a failing HID.devices() as unavailable rather than throwing', async () => {
    const source = new HidPresenceSource(async () => ({
      devices: () => {
        throw new Error('hid_init failed');
      },
    }));
    expect(await source.list({ signal })).toEqual({
      available: false,
      reason: expect.stringMatching(/could not be used.*hid_init failed/),
    });
    expect(unavailableReason(new Error('libudev.so.1: cannot open'))).toMatch(/libudev1/);
  });

  it('loads the real node-hid here, or says why not', async () => {
    const result = await new HidPresenceSource(loadNodeHid).list({ signal });
    if (result.available) expect(Array.isArray(result.scanners)).toBe(true);
    else expect(result.reason).toMatch(/unavailable/);
  });
});

describe('other presence sources', () => {
  it('reads USB devices from sysfs, vendor-class scanners included', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sysfs-usb-'));
    try {
      const device = async (name: string, files: Record<string, string>) => {
        await mkdir(join(root, name));
        for (const [f, v] of Object.entries(files)) await writeFile(join(root, name, f), `${v}\n`);
      };
      await device('usb1', { idVendor: '1d6b', idProduct: '0002', product: 'xHCI Host Controller' });
      await device('1-1', { idVendor: '05ba', idProduct: '000a', product: 'U.are.U 4500', serial: 'DP-42' });
      await device('1-1:1.0', { bInterfaceClass: 'ff' });
      await device('1-2', { idVendor: '1a86', idProduct: '7523', product: 'USB Serial' });
      const r = await new SysfsUsbPresenceSource(root).list({ signal });
      expect(r).toEqual({
        available: true,
        scanners: [
          {
            vendorId: 0x05ba,
            productId: 0x000a,
            vendor: expect.stringMatching(/DigitalPersona/),
            kind: 'sbi-vendor',
            source: 'usb-sysfs',
            path: join(root, '1-1'),
            product: 'U.are.U 4500',
            serialNumber: 'DP-42',
          },
          {
            vendorId: 0x1a86,
            productId: 0x7523,
            vendor: expect.stringMatching(/CH340/),
            kind: 'usb-uart',
            source: 'usb-sysfs',
            path: join(root, '1-2'),
            product: 'USB Serial',
          },
        ],
      });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
    const missing = await new SysfsUsbPresenceSource('/nonexistent/sys/bus/usb/devices').list({ signal });
    expect(missing.available).toBe(false);
  });

  it('reports USB-UART bridges from the serial port list, or why it cannot list', async () => {
    const port = {
      path: '/dev/ttyUSB0',
      vendorId: '10c4',
      productId: 'ea60',
      serialNumber: '0001',
      manufacturer: 'Silicon Labs',
      pnpId: undefined,
      locationId: undefined,
    };
    expect(await new SerialBridgePresenceSource(async () => [port]).list({ signal })).toEqual({
      available: true,
      scanners: [
        {
          vendorId: 0x10c4,
          productId: 0xea60,
          vendor: expect.stringMatching(/CP210x/),
          kind: 'usb-uart',
          source: 'usb-serial',
          path: '/dev/ttyUSB0',
          serialNumber: '0001',
          product: 'Silicon Labs',
        },
      ],
    });
    const noUdev = await new SerialBridgePresenceSource(async () => {
      throw Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' });
    }).list({ signal });
    expect(noUdev).toEqual({ available: false, reason: expect.stringMatching(/udev/) });
  });
});

describe('the operator survey', () => {
  it('shows "scanner attached, no SBI service answering", and which presence checks could not run', async () => {
    const bridge = new SbiBridge({
      trust: { deviceProviderCas: [], ftmCas: [] },
      ports: { min: 1, max: 1 }, // nothing listens on tcpmux: no SBI service answers
      presence: [
        new HidPresenceSource(fakeHid([SECUGEN, KEYBOARD])),
        new HidPresenceSource(async () => {
          throw new Error('libusb-1.0.so.0: cannot open shared object file');
        }),
      ],
    });
    const survey = await bridge.survey();
    expect(survey.devices).toEqual([]);
    expect(survey.unserved).toEqual([
      expect.objectContaining({
        vendor: 'SecuGen',
        vendorId: 0x1162,
        hint: expect.stringMatching(/no SBI service answers/),
      }),
    ]);
    expect(survey.presence).toEqual([
      { source: 'usb-hid', available: true },
      { source: 'usb-hid', available: false, reason: expect.stringMatching(/libusb/) },
    ]);
  });
});
