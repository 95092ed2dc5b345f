// A ZFM module in software for tests and demos: answers VfyPwd, GenImg, UpImage, ReadSysPara and
// TemplateNum on the far end of a serial link (a socat pseudo-terminal pair), with fault injection.
import { openSerialLink, type ByteLink } from './serial-link.js';
import { ZFM_INSTRUCTION } from './zfm-driver.js';
import { ZfmError } from './zfm-errors.js';
import { encodeZfmFrame, ZFM_DEFAULT_ADDRESS, ZFM_PID, ZfmFrameReader, type ZfmPid } from './zfm-frame.js';
import { packZfmImage, ZFM_IMAGE_HEIGHT, ZFM_IMAGE_WIDTH } from './zfm-image.js';

export interface ZfmEmulatorOptions {
  address?: number;
  /** The password VfyPwd must carry; default 0. */
  password?: number;
  /** 8-bit grey, 256 × 288; only the high nibble of each pixel goes on the wire. Default: syntheticZfmImage(). */
  image?: Uint8Array;
  /** Data packet size, as ReadSysPara reports it; default 128. */
  packetSize?: 32 | 64 | 128 | 256;
  templateCount?: number;
  /** GenImg answers "no finger" (02) this many times first. */
  noFingerFor?: number;
}

/** Faults to inject; tests change them between calls. */
export interface ZfmFaults {
  /** Corrupt the checksum of the next N frames the module sends (each data packet counts). */
  badChecksum: number;
  /** Ignore the next N commands (Infinity: a port with no module behind it). */
  silentFor: number;
  /** Written on the line before every frame the module sends, as noise. */
  noiseBeforeReply: Buffer | undefined;
  /** GenImg answers "image fail" (03) this many times. */
  imageFailFor: number;
  /** The next UpImage sends its data packet with this index (0-based) with a bad checksum. */
  corruptUploadPacket: number | undefined;
}

const CONFIRM = { ok: 0x00, packetError: 0x01, noFinger: 0x02, imageFail: 0x03, wrongPassword: 0x13 } as const;
const PACKET_SIZE_CODE: Record<number, number> = { 32: 0, 64: 1, 128: 2, 256: 3 };

/**
 * A finger-like test image: elliptical ridges around a core, every pixel a multiple of 17 so that
 * it survives the 4-bit wire format exactly.
 * @example const image = syntheticZfmImage(7); // 256 × 288 bytes
 */
export function syntheticZfmImage(seed = 1): Buffer {
  const out = Buffer.alloc(ZFM_IMAGE_WIDTH * ZFM_IMAGE_HEIGHT, 255);
  const cx = ZFM_IMAGE_WIDTH / 2 + (seed % 17) - 8;
  const cy = ZFM_IMAGE_HEIGHT / 2 + (seed % 23) - 11;
  const period = 8 + (seed % 3);
  for (let y = 0; y < ZFM_IMAGE_HEIGHT; y++) {
    for (let x = 0; x < ZFM_IMAGE_WIDTH; x++) {
      const dx = (x - cx) / 100;
      const dy = (y - cy) / 125;
      if (dx * dx + dy * dy > 1) continue; // outside the finger: white
      const r = Math.hypot(x - cx, (y - cy) * 0.8);
      const level = Math.round(7.5 + 7.5 * Math.sin((2 * Math.PI * r) / period + seed));
      out[y * ZFM_IMAGE_WIDTH + x] = level * 17;
    }
  }
  return out;
}

/**
 * The emulated module.
 * @example
 * const pair = await openSocatPtyPair();
 * const emulator = await ZfmEmulator.start(pair.module, { password: 0x1234, noFingerFor: 2 });
 */
export class ZfmEmulator {
  password: number;
  /** 8-bit grey pixels served by UpImage. */
  image: Uint8Array;
  noFingerFor: number;
  templateCount: number;
  /** Bytes per data packet: 32, 64, 128 or 256. */
  packetSize: 32 | 64 | 128 | 256;
  readonly faults: ZfmFaults = {
    badChecksum: 0,
    silentFor: 0,
    noiseBeforeReply: undefined,
    imageFailFor: 0,
    corruptUploadPacket: undefined,
  };
  /** Instructions received, in order (including those a fault left unanswered). */
  readonly received: number[] = [];
  /** Frames that arrived with a bad checksum (answered with 01, as modules do). */
  badFramesReceived = 0;
  private readonly address: number;
  private readonly reader: ZfmFrameReader;
  private sending: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly link: ByteLink,
    opts: ZfmEmulatorOptions = {},
  ) {
    this.address = opts.address ?? ZFM_DEFAULT_ADDRESS;
    this.password = opts.password ?? 0;
    this.image = opts.image ?? syntheticZfmImage();
    this.packetSize = opts.packetSize ?? 128;
    this.templateCount = opts.templateCount ?? 0;
    this.noFingerFor = opts.noFingerFor ?? 0;
    this.reader = new ZfmFrameReader(this.address);
    link.onData((chunk) => {
      for (const item of this.reader.push(chunk)) {
        this.sending = this.sending.then(() => this.answer(item)).catch(() => undefined);
      }
    });
    link.onClose(() => undefined);
  }

  /**
   * Opens the module's end of a serial link (a pseudo-terminal path) and starts answering.
   * @example await ZfmEmulator.start('/dev/pts/3')
   */
  static async start(path: string, opts: ZfmEmulatorOptions = {}): Promise<ZfmEmulator> {
    return new ZfmEmulator(await openSerialLink(path), opts);
  }

  /** Puts bytes on the line as they are, e.g. noise between frames. */
  writeRaw(bytes: Uint8Array): Promise<void> {
    return this.link.write(bytes);
  }

  /** Stops answering (an upload in flight stops at the next packet) and closes the link. */
  async close(): Promise<void> {
    this.stopped = true;
    // A write can wait forever once the other end of the line is gone; do not wait for it long.
    await Promise.race([this.sending, new Promise((resolve) => setTimeout(resolve, 200).unref())]);
    await this.link.close();
  }

  private async answer(item: ReturnType<ZfmFrameReader['push']>[number]): Promise<void> {
    if (item instanceof ZfmError) {
      this.badFramesReceived++;
      return this.reply([CONFIRM.packetError]);
    }
    if (item.pid !== ZFM_PID.command || item.payload.length === 0) return;
    const [instruction] = item.payload;
    this.received.push(instruction!);
    if (this.faults.silentFor > 0) {
      this.faults.silentFor--;
      return;
    }
    switch (instruction) {
      case ZFM_INSTRUCTION.vfyPwd: {
        if (item.payload.length !== 5) return this.reply([CONFIRM.packetError]);
        return this.reply([item.payload.readUInt32BE(1) === this.password >>> 0 ? CONFIRM.ok : CONFIRM.wrongPassword]);
      }
      case ZFM_INSTRUCTION.genImg: {
        if (this.noFingerFor > 0) {
          this.noFingerFor--;
          return this.reply([CONFIRM.noFinger]);
        }
        if (this.faults.imageFailFor > 0) {
          this.faults.imageFailFor--;
          return this.reply([CONFIRM.imageFail]);
        }
        return this.reply([CONFIRM.ok]);
      }
      case ZFM_INSTRUCTION.upImage:
        return this.upload();
      case ZFM_INSTRUCTION.readSysPara: {
        const d = Buffer.alloc(17);
        d.writeUInt16BE(0, 1); // status register: not busy, no pass, password verified, buffer empty
        d.writeUInt16BE(0x0009, 3); // system identifier
        d.writeUInt16BE(1000, 5); // library size
        d.writeUInt16BE(3, 7); // security level
        d.writeUInt32BE(this.address >>> 0, 9);
        d.writeUInt16BE(PACKET_SIZE_CODE[this.packetSize] ?? 2, 13);
        d.writeUInt16BE(6, 15); // baud = 6 × 9600
        return this.send(ZFM_PID.ack, d);
      }
      case ZFM_INSTRUCTION.templateNum: {
        const d = Buffer.alloc(3);
        d.writeUInt16BE(this.templateCount, 1);
        return this.send(ZFM_PID.ack, d);
      }
      default:
        return this.reply([CONFIRM.packetError]);
    }
  }

  private async upload(): Promise<void> {
    const packed = packZfmImage(this.image);
    const corrupt = this.faults.corruptUploadPacket;
    this.faults.corruptUploadPacket = undefined;
    await this.reply([CONFIRM.ok]);
    for (let at = 0, index = 0; at < packed.length && !this.stopped; at += this.packetSize, index++) {
      const end = Math.min(packed.length, at + this.packetSize);
      await this.send(
        end === packed.length ? ZFM_PID.endOfData : ZFM_PID.data,
        packed.subarray(at, end),
        index === corrupt,
      );
    }
  }

  private reply(payload: number[]): Promise<void> {
    return this.send(ZFM_PID.ack, Buffer.from(payload));
  }

  private async send(pid: ZfmPid, payload: Buffer, corrupt = false): Promise<void> {
    if (this.stopped) return;
    const frame = encodeZfmFrame({ address: this.address, pid, payload });
    if (this.faults.badChecksum > 0 || corrupt) {
      if (!corrupt) this.faults.badChecksum--;
      frame[frame.length - 1]! ^= 0x5a;
    }
    if (this.faults.noiseBeforeReply) await this.link.write(this.faults.noiseBeforeReply);
    await this.link.write(frame);
  }
}
