// The ZFM driver against the emulator on a real socat pseudo-terminal pair: probe, password,
// GenImg retries, image upload, checksum and noise handling, timeouts and cancellation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readIsoRecord } from '@signet-kiosk/shared/sbi/crypto';
import { openSocatPtyPair, type PtyPair } from './socat-pty-pair.js';
import { captureZfmFinger } from './zfm-capture.js';
import { ZfmDriver } from './zfm-driver.js';
import { syntheticZfmImage, ZfmEmulator } from './zfm-emulator.js';
import { ZfmError } from './zfm-errors.js';
import { ZFM_IMAGE_HEIGHT, ZFM_IMAGE_WIDTH } from './zfm-image.js';
import { probeZfm } from './zfm-probe.js';

let pair: PtyPair;
let emulator: ZfmEmulator;
let driver: ZfmDriver | undefined;

async function rejection(p: Promise<unknown>): Promise<ZfmError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ZfmError);
  return e as ZfmError;
}

beforeEach(async () => {
  pair = await openSocatPtyPair();
  emulator = await ZfmEmulator.start(pair.module, { password: 0x0000_0000 });
});

afterEach(async () => {
  await driver?.close();
  driver = undefined;
  await emulator.close();
  await pair.close();
});

describe('probe', () => {
  it('finds a module that accepts the password and reads its settings', async () => {
    const result = await probeZfm(pair.host);
    expect(result).toMatchObject({
      path: pair.host,
      answered: true,
      ready: true,
      parameters: { packetSize: 128, baudRate: 57_600, librarySize: 1000, address: 0xffffffff },
    });
    expect(result.error).toBeUndefined();
  });

  it('reports a module that refuses the password as answering but not ready', async () => {
    emulator.password = 0x0bad_cafe;
    const result = await probeZfm(pair.host, { password: 0 });
    expect(result).toMatchObject({ answered: true, ready: false });
    expect(result.error?.code).toBe('ERR_ZFM_WRONG_PASSWORD');
  });

  it('reports a silent port as not answering within the timeout', async () => {
    emulator.faults.silentFor = Infinity;
    const started = Date.now();
    const result = await probeZfm(pair.host, { timeoutMs: 300 });
    expect(result).toMatchObject({ answered: false, ready: false });
    expect(result.error?.code).toBe('ERR_ZFM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a port that cannot be opened', async () => {
    const result = await probeZfm('/dev/pts/does-not-exist');
    expect(result).toMatchObject({ answered: false, ready: false });
    expect(result.error?.code).toBe('ERR_ZFM_PORT');
  });
});

describe('commands', () => {
  beforeEach(async () => {
    driver = await ZfmDriver.open(pair.host, { timeoutMs: 1_000 });
  });

  it('sends the VfyPwd probe frame byte for byte', async () => {
    await driver!.verifyPassword(0);
    expect(emulator.received).toEqual([0x13]);
  });

  it('verifies a non-default password and raises a typed error for a wrong one', async () => {
    emulator.password = 0x1234_5678;
    await driver!.verifyPassword(0x1234_5678);
    const e = await rejection(driver!.verifyPassword(0x1234_5679));
    expect(e.code).toBe('ERR_ZFM_WRONG_PASSWORD');
    expect(e.confirmation).toBe(0x13);
    expect(e.bridgeCode).toBe('ERR_DEVICE_NOT_READY');
    expect(e.message).toMatch(/refused the password/);
  });

  it('answers GenImg with "no finger" N times, then takes the image', async () => {
    emulator.noFingerFor = 2;
    expect((await rejection(driver!.genImg())).code).toBe('ERR_ZFM_NO_FINGER');
    expect((await rejection(driver!.genImg())).code).toBe('ERR_ZFM_NO_FINGER');
    await driver!.genImg();
  });

  it('maps an image failure to its typed error', async () => {
    emulator.faults.imageFailFor = 1;
    const e = await rejection(driver!.genImg());
    expect(e).toMatchObject({ code: 'ERR_ZFM_IMAGE_FAIL', confirmation: 0x03 });
  });

  it('uploads the image pixel-exact (4-bit on the wire, 8-bit out)', async () => {
    const image = syntheticZfmImage(42);
    emulator.image = image;
    await driver!.genImg();
    const got = await driver!.upImage();
    expect(got.width).toBe(ZFM_IMAGE_WIDTH);
    expect(got.height).toBe(ZFM_IMAGE_HEIGHT);
    expect(Buffer.compare(Buffer.from(got.data), image)).toBe(0);
  });

  it('uploads with every packet size a module may be set to', async () => {
    for (const packetSize of [32, 64, 256] as const) {
      emulator.packetSize = packetSize;
      emulator.image = syntheticZfmImage(packetSize);
      expect(Buffer.compare(Buffer.from((await driver!.upImage()).data), syntheticZfmImage(packetSize))).toBe(0);
    }
  });

  it('reads the settings and the template count', async () => {
    emulator.templateCount = 17;
    expect(await driver!.templateNum()).toBe(17);
    expect(await driver!.readSysPara()).toMatchObject({
      librarySize: 1000,
      securityLevel: 3,
      packetSize: 128,
      baudRate: 57_600,
    });
  });

  it('raises a checksum error for a corrupted answer, then carries on', async () => {
    emulator.faults.badChecksum = 1;
    expect((await rejection(driver!.verifyPassword(0))).code).toBe('ERR_ZFM_FRAME_CHECKSUM');
    await driver!.verifyPassword(0);
  });

  it('raises a checksum error for a corrupted data packet, and waits out the rest of that upload', async () => {
    emulator.faults.corruptUploadPacket = 5;
    expect((await rejection(driver!.upImage())).code).toBe('ERR_ZFM_FRAME_CHECKSUM');
    // The rest of that upload is still on the line; the next command waits for quiet, then gets its own answer.
    await driver!.verifyPassword(0);
    expect(driver!.staleFrames).toBeGreaterThan(200);
    emulator.faults.corruptUploadPacket = 287;
    expect((await rejection(driver!.upImage())).code).toBe('ERR_ZFM_FRAME_CHECKSUM');
    expect(Buffer.compare(Buffer.from((await driver!.upImage()).data), emulator.image)).toBe(0);
  });

  it('ignores garbage on the line until a valid header', async () => {
    // Noise that contains a lone EF, an EF 01 with an unknown PID, and random bytes.
    emulator.faults.noiseBeforeReply = Buffer.from([
      0x00, 0xef, 0x55, 0xef, 0x01, 0xff, 0xff, 0xff, 0xff, 0x99, 0x12, 0x7f, 0xef,
    ]);
    await driver!.verifyPassword(0);
    expect(await driver!.templateNum()).toBe(0);
    emulator.image = syntheticZfmImage(3);
    expect(Buffer.compare(Buffer.from((await driver!.upImage()).data), syntheticZfmImage(3))).toBe(0);
    expect(driver!.noiseBytes).toBeGreaterThan(0);
    await emulator.writeRaw(Buffer.from('line noise between commands'));
    await driver!.verifyPassword(0);
  });

  it('times out when the module is silent, and works again afterwards', async () => {
    emulator.faults.silentFor = 1;
    const started = Date.now();
    const e = await rejection(driver!.verifyPassword(0, { timeoutMs: 200 }));
    expect(e.code).toBe('ERR_ZFM_TIMEOUT');
    expect(e.bridgeCode).toBe('ERR_BRIDGE_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await driver!.verifyPassword(0);
  });

  it('is cancelled by its AbortSignal', async () => {
    emulator.faults.silentFor = 1;
    const controller = new AbortController();
    const pending = driver!.genImg({ signal: controller.signal, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(new Error('operator pressed cancel')), 50);
    const e = await rejection(pending);
    expect(e.code).toBe('ERR_ZFM_ABORTED');
    expect((e.cause as Error).message).toBe('operator pressed cancel');
    expect((await rejection(driver!.genImg({ signal: controller.signal }))).code).toBe('ERR_ZFM_ABORTED');
  });

  it('queues concurrent commands so that each gets its own answer', async () => {
    emulator.templateCount = 5;
    const [params, count] = await Promise.all([
      driver!.readSysPara(),
      driver!.templateNum(),
      driver!.verifyPassword(0),
    ]);
    expect(params.packetSize).toBe(128);
    expect(count).toBe(5);
  });

  it('fails pending and later calls once closed', async () => {
    emulator.faults.silentFor = 1;
    const pending = rejection(driver!.genImg({ timeoutMs: 5_000 }));
    await driver!.close();
    expect((await pending).code).toBe('ERR_ZFM_CLOSED');
    expect((await rejection(driver!.genImg())).code).toBe('ERR_ZFM_CLOSED');
  });
});

describe('capture', () => {
  beforeEach(async () => {
    driver = await ZfmDriver.open(pair.host, { timeoutMs: 1_000 });
  });

  it('waits through "no finger", uploads, and wraps the image in an ISO 19794-4 record', async () => {
    emulator.noFingerFor = 3;
    emulator.image = syntheticZfmImage(9);
    const capture = await captureZfmFinger(driver!, { pollIntervalMs: 20, subType: 'Right IndexFinger' });
    expect(capture.attempts).toBe(4);
    expect(capture.quality).toBeGreaterThan(50);
    const record = readIsoRecord(capture.isoRecord);
    expect(record).toMatchObject({
      type: 'Finger',
      subType: 'Right IndexFinger',
      position: 2,
      quality: capture.quality,
    });
    expect(record.image.width).toBe(256);
    expect(record.image.height).toBe(288);
    expect(Buffer.compare(Buffer.from(record.image.data), syntheticZfmImage(9))).toBe(0);
  });

  it('gives up with a capture timeout when no finger comes', async () => {
    emulator.noFingerFor = Infinity;
    const e = await rejection(captureZfmFinger(driver!, { timeoutMs: 300, pollIntervalMs: 20 }));
    expect(e.code).toBe('ERR_ZFM_CAPTURE_TIMEOUT');
    expect(e.bridgeCode).toBe('ERR_DEVICE_CAPTURE_TIMEOUT');
  });

  it('is cancelled by its AbortSignal while waiting for a finger', async () => {
    emulator.noFingerFor = Infinity;
    const e = await rejection(
      captureZfmFinger(driver!, { signal: AbortSignal.timeout(100), timeoutMs: 10_000, pollIntervalMs: 20 }),
    );
    expect(e.code).toBe('ERR_ZFM_ABORTED');
  });

  it("passes on the module's own refusal", async () => {
    emulator.faults.imageFailFor = 1;
    expect((await rejection(captureZfmFinger(driver!))).code).toBe('ERR_ZFM_IMAGE_FAIL');
  });
});
