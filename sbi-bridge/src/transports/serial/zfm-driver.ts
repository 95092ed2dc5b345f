// The ZFM command set over a byte link: one command at a time, each answered by an acknowledgement
// (and, for uploads, data packets), each call cancellable and bounded by a timeout.
import type { IsoImage } from '@signet-kiosk/shared/sbi/crypto';
import { openSerialLink, type ByteLink } from './serial-link.js';
import { confirmationError, ZfmError } from './zfm-errors.js';
import { encodeZfmFrame, ZFM_DEFAULT_ADDRESS, ZFM_PID, ZfmFrameReader, type ZfmFrame } from './zfm-frame.js';
import { unpackZfmImage, ZFM_IMAGE_BYTES, ZFM_IMAGE_HEIGHT, ZFM_IMAGE_WIDTH } from './zfm-image.js';

/** Instruction codes (the first payload byte of a command packet). */
export const ZFM_INSTRUCTION = {
  genImg: 0x01,
  img2Tz: 0x02,
  match: 0x03,
  search: 0x04,
  regModel: 0x05,
  store: 0x06,
  upChar: 0x08,
  upImage: 0x0a,
  readSysPara: 0x0f,
  vfyPwd: 0x13,
  templateNum: 0x1d,
} as const;

export interface ZfmCallOptions {
  signal?: AbortSignal;
  /** Overrides the driver's timeout for this call. */
  timeoutMs?: number;
}

export interface ZfmDriverOptions {
  /** The module's address; default FFFFFFFF. */
  address?: number;
  /** Per-command timeout; default 2,000 ms (modules answer in well under a second). */
  timeoutMs?: number;
  /** Timeout of an image upload; default 15,000 ms (36,864 bytes take ~7 s at 57,600 baud). */
  uploadTimeoutMs?: number;
}

/** What ReadSysPara answers. */
export interface ZfmSystemParameters {
  statusRegister: number;
  systemId: number;
  /** Templates the module's library can hold. */
  librarySize: number;
  securityLevel: number;
  address: number;
  /** Bytes per data packet: 32, 64, 128 or 256. */
  packetSize: number;
  baudRate: number;
}

type InboxItem = ZfmFrame | ZfmError;

/** Fires on timeout or the caller's signal and says which, as a ZfmError. */
function deadline(opts: ZfmCallOptions, timeoutMs: number): { signal: AbortSignal; error(): ZfmError } {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  return {
    signal,
    error: () =>
      opts.signal?.aborted
        ? new ZfmError('ERR_ZFM_ABORTED', undefined, { cause: opts.signal.reason })
        : new ZfmError('ERR_ZFM_TIMEOUT', `(${opts.timeoutMs ?? timeoutMs} ms)`),
  };
}

/**
 * A driver for one module. Commands are queued, so concurrent calls are safe.
 * @example
 * const zfm = await ZfmDriver.open('/dev/ttyUSB0');
 * await zfm.verifyPassword(0);
 * await zfm.genImg();
 * const image = await zfm.upImage();
 */
export class ZfmDriver {
  private readonly reader: ZfmFrameReader;
  private readonly address: number;
  private readonly timeoutMs: number;
  private readonly uploadTimeoutMs: number;
  private inbox: InboxItem[] = [];
  private waiter: ((item: InboxItem) => void) | undefined;
  private closed: ZfmError | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Frames that arrived while no command waited for them (late answers, leftovers). */
  staleFrames = 0;

  constructor(
    private readonly link: ByteLink,
    opts: ZfmDriverOptions = {},
  ) {
    this.address = opts.address ?? ZFM_DEFAULT_ADDRESS;
    this.timeoutMs = opts.timeoutMs ?? 2_000;
    this.uploadTimeoutMs = opts.uploadTimeoutMs ?? 15_000;
    this.reader = new ZfmFrameReader(this.address);
    link.onData((chunk) => {
      for (const item of this.reader.push(chunk)) this.deliver(item);
    });
    link.onClose((error) => {
      this.closed ??= error
        ? new ZfmError('ERR_ZFM_PORT', `(${link.endpoint}: ${error.message})`, { cause: error })
        : new ZfmError('ERR_ZFM_CLOSED', `(${link.endpoint})`);
      this.deliver(this.closed);
    });
  }

  /**
   * Opens a serial port (57,600 8N1 unless told otherwise) and drives the module on it.
   * @example await ZfmDriver.open('/dev/ttyUSB0', { baudRate: 57600 })
   */
  static async open(path: string, opts: ZfmDriverOptions & { baudRate?: number } = {}): Promise<ZfmDriver> {
    return new ZfmDriver(
      await openSerialLink(path, opts.baudRate === undefined ? {} : { baudRate: opts.baudRate }),
      opts,
    );
  }

  /** `serial:/dev/ttyUSB0`. */
  get endpoint(): string {
    return this.link.endpoint;
  }

  /** Bytes skipped as line noise so far. */
  get noiseBytes(): number {
    return this.reader.discarded;
  }

  /**
   * VfyPwd (13): unlocks the module; ERR_ZFM_WRONG_PASSWORD when it refuses.
   * @example await zfm.verifyPassword(0x00000000)
   */
  async verifyPassword(password = 0, opts: ZfmCallOptions = {}): Promise<void> {
    const p = Buffer.alloc(4);
    p.writeUInt32BE(password >>> 0);
    await this.command(ZFM_INSTRUCTION.vfyPwd, p, opts);
  }

  /** GenImg (01): takes an image into the module's buffer; ERR_ZFM_NO_FINGER when the sensor is empty. */
  async genImg(opts: ZfmCallOptions = {}): Promise<void> {
    await this.command(ZFM_INSTRUCTION.genImg, Buffer.alloc(0), opts);
  }

  /**
   * UpImage (0A): uploads the image buffer, 256 × 288 pixels widened to 8-bit grey.
   * @example const { width, height, data } = await zfm.upImage({ signal });
   */
  async upImage(opts: ZfmCallOptions = {}): Promise<IsoImage> {
    const packed = await this.transact(ZFM_INSTRUCTION.upImage, Buffer.alloc(0), opts, this.uploadTimeoutMs, true);
    if (packed.length !== ZFM_IMAGE_BYTES) throw new ZfmError('ERR_ZFM_IMAGE_SIZE', `(got ${packed.length} bytes)`);
    return { width: ZFM_IMAGE_WIDTH, height: ZFM_IMAGE_HEIGHT, data: unpackZfmImage(packed) };
  }

  /** ReadSysPara (0F): the module's settings. */
  async readSysPara(opts: ZfmCallOptions = {}): Promise<ZfmSystemParameters> {
    const d = await this.command(ZFM_INSTRUCTION.readSysPara, Buffer.alloc(0), opts, 16);
    return {
      statusRegister: d.readUInt16BE(0),
      systemId: d.readUInt16BE(2),
      librarySize: d.readUInt16BE(4),
      securityLevel: d.readUInt16BE(6),
      address: d.readUInt32BE(8),
      packetSize: 32 << Math.min(3, d.readUInt16BE(12)),
      baudRate: 9600 * d.readUInt16BE(14),
    };
  }

  /** TemplateNum (1D): how many templates the module's library holds. */
  async templateNum(opts: ZfmCallOptions = {}): Promise<number> {
    return (await this.command(ZFM_INSTRUCTION.templateNum, Buffer.alloc(0), opts, 2)).readUInt16BE(0);
  }

  /**
   * Any single-acknowledgement command: returns the acknowledgement's data after the confirmation
   * byte (at least `answerBytes` of it), or throws the confirmation's typed error.
   */
  async command(instruction: number, params: Uint8Array, opts: ZfmCallOptions = {}, answerBytes = 0): Promise<Buffer> {
    const data = await this.transact(instruction, params, opts, this.timeoutMs, false);
    if (data.length < answerBytes)
      throw new ZfmError(
        'ERR_ZFM_ACK_SHORT',
        `(instruction ${instruction.toString(16)}: ${data.length} of ${answerBytes} bytes)`,
      );
    return data;
  }

  /** Closes the port; pending and later calls fail with ERR_ZFM_CLOSED. */
  async close(): Promise<void> {
    this.closed ??= new ZfmError('ERR_ZFM_CLOSED', `(${this.link.endpoint})`);
    this.deliver(this.closed);
    await this.link.close();
  }

  private deliver(item: InboxItem): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(item);
    } else {
      this.inbox.push(item);
    }
  }

  /** The next frame (or framing error) from the module; rejects when the deadline fires. */
  private next(limit: ReturnType<typeof deadline>): Promise<InboxItem> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(this.closed);
    if (limit.signal.aborted) return Promise.reject(limit.error());
    return new Promise<InboxItem>((resolve, reject) => {
      const onAbort = () => {
        this.waiter = undefined;
        reject(limit.error());
      };
      limit.signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = (item) => {
        limit.signal.removeEventListener('abort', onAbort);
        resolve(item);
      };
    });
  }

  /** Discards what arrives until the line has been quiet for `quietMs` (at most the upload timeout). */
  private async drain(quietMs = 100): Promise<void> {
    const until = Date.now() + this.uploadTimeoutMs;
    while (!this.closed && Date.now() < until) {
      this.staleFrames += this.inbox.length;
      this.inbox = [];
      try {
        await this.next(deadline({}, quietMs));
        this.staleFrames++;
      } catch {
        break; // quiet
      }
    }
    this.reader.reset();
  }

  /** Runs one command exclusively; with `upload`, returns the concatenated data packets. */
  private transact(
    instruction: number,
    params: Uint8Array,
    opts: ZfmCallOptions,
    timeoutMs: number,
    upload: boolean,
  ): Promise<Buffer> {
    const run = async (): Promise<Buffer> => {
      const limit = deadline(opts, timeoutMs);
      if (this.closed) throw this.closed;
      if (limit.signal.aborted) throw limit.error();
      // Whatever is left from an earlier, failed command is not an answer to this one.
      this.staleFrames += this.inbox.length;
      this.inbox = [];
      this.reader.reset();
      const payload = Buffer.concat([Buffer.from([instruction]), params]);
      await this.link.write(encodeZfmFrame({ address: this.address, pid: ZFM_PID.command, payload }));
      let ack: ZfmFrame;
      for (;;) {
        const item = await this.next(limit);
        if (item instanceof ZfmError) throw item;
        if (item.pid === ZFM_PID.ack) {
          ack = item;
          break;
        }
        this.staleFrames++; // data packets still arriving from an aborted upload
      }
      if (ack.payload.length < 1) throw new ZfmError('ERR_ZFM_ACK_SHORT', '(no confirmation byte)');
      const confirmation = ack.payload[0]!;
      if (confirmation !== 0) throw confirmationError(confirmation, instruction);
      if (!upload) return ack.payload.subarray(1);
      const parts: Buffer[] = [];
      let size = 0;
      for (;;) {
        const item = await this.next(limit);
        if (item instanceof ZfmError) throw item;
        if (item.pid !== ZFM_PID.data && item.pid !== ZFM_PID.endOfData) {
          throw new ZfmError(
            'ERR_ZFM_UNEXPECTED_PACKET',
            `(PID ${item.pid.toString(16).padStart(2, '0')} during an upload)`,
          );
        }
        parts.push(item.payload);
        size += item.payload.length;
        if (size > ZFM_IMAGE_BYTES) throw new ZfmError('ERR_ZFM_IMAGE_SIZE', `(more than ${ZFM_IMAGE_BYTES} bytes)`);
        if (item.pid === ZFM_PID.endOfData) return Buffer.concat(parts);
      }
    };
    const result = this.queue.then(run, run);
    // A failed upload leaves the module sending; the next command waits until the line is quiet,
    // while the caller hears of the failure at once.
    this.queue = result.then(
      () => undefined,
      () => (upload ? this.drain() : undefined),
    );
    return result;
  }
}
