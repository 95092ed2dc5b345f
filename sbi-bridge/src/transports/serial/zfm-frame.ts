// ZFM (ZhianTec ZFM/R30x/AS608) frames: `EF 01 | address(4) | PID | LEN(2) | payload | SUM(2)`,
// encoded, decoded strictly, and read from a byte stream that may carry line noise.
import { ZfmError } from './zfm-errors.js';

export const ZFM_HEADER = 0xef01;
/** The address every module answers to out of the box. */
export const ZFM_DEFAULT_ADDRESS = 0xffffffff;
/** Packet identifiers. */
export const ZFM_PID = { command: 0x01, data: 0x02, ack: 0x07, endOfData: 0x08 } as const;
export type ZfmPid = (typeof ZFM_PID)[keyof typeof ZFM_PID];
/** Largest payload a module sends: a 256-byte data packet (packet size setting 3). */
export const ZFM_MAX_PAYLOAD = 256;
/** Header, address, PID and LEN come before the payload. */
const PREFIX = 9;
const PIDS: ReadonlySet<number> = new Set(Object.values(ZFM_PID));

export interface ZfmFrame {
  address: number;
  pid: ZfmPid;
  payload: Buffer;
}

/**
 * SUM = (PID + LEN_hi + LEN_lo + Σ payload) & 0xFFFF, LEN = payload length + 2.
 * @example zfmChecksum(0x01, Buffer.from([0x13, 0, 0, 0, 0])) // 0x1B
 */
export function zfmChecksum(pid: number, payload: Uint8Array): number {
  const len = payload.length + 2;
  let sum = pid + (len >> 8) + (len & 0xff);
  for (const b of payload) sum += b;
  return sum & 0xffff;
}

/**
 * Encodes one frame.
 * @example encodeZfmFrame({ address: ZFM_DEFAULT_ADDRESS, pid: ZFM_PID.command, payload: Buffer.from([0x13, 0, 0, 0, 0]) })
 *   // EF01FFFFFFFF0100071300000000001B
 */
export function encodeZfmFrame(frame: ZfmFrame): Buffer {
  if (frame.payload.length > ZFM_MAX_PAYLOAD)
    throw new RangeError(`a ZFM payload holds at most ${ZFM_MAX_PAYLOAD} bytes`);
  const out = Buffer.alloc(PREFIX + frame.payload.length + 2);
  out.writeUInt16BE(ZFM_HEADER, 0);
  out.writeUInt32BE(frame.address >>> 0, 2);
  out.writeUInt8(frame.pid, 6);
  out.writeUInt16BE(frame.payload.length + 2, 7);
  Buffer.from(frame.payload).copy(out, PREFIX);
  out.writeUInt16BE(zfmChecksum(frame.pid, frame.payload), PREFIX + frame.payload.length);
  return out;
}

/** What a header says before the payload arrives, or why it cannot start a frame. */
function readHeader(b: Buffer, address: number | undefined): { pid: ZfmPid; total: number } | ZfmError {
  if (b.readUInt16BE(0) !== ZFM_HEADER) return new ZfmError('ERR_ZFM_FRAME_HEADER');
  const frameAddress = b.readUInt32BE(2);
  if (address !== undefined && frameAddress !== address >>> 0) {
    return new ZfmError(
      'ERR_ZFM_FRAME_ADDRESS',
      `(expected ${(address >>> 0).toString(16)}, got ${frameAddress.toString(16)})`,
    );
  }
  const pid = b.readUInt8(6);
  if (!PIDS.has(pid)) return new ZfmError('ERR_ZFM_FRAME_PID', `(got ${pid.toString(16).padStart(2, '0')})`);
  const len = b.readUInt16BE(7);
  if (len < 2 || len > ZFM_MAX_PAYLOAD + 2)
    return new ZfmError('ERR_ZFM_FRAME_LENGTH', `(LEN ${len} is outside 2–${ZFM_MAX_PAYLOAD + 2})`);
  return { pid: pid as ZfmPid, total: PREFIX + len };
}

/**
 * Decodes exactly one frame; throws ZfmError on a bad header, address, PID, length or checksum.
 * @example decodeZfmFrame(Buffer.from('EF01FFFFFFFF07000300000A', 'hex')).payload // <00>
 */
export function decodeZfmFrame(bytes: Uint8Array, expectedAddress?: number): ZfmFrame {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < PREFIX + 2)
    throw new ZfmError('ERR_ZFM_FRAME_LENGTH', `(${b.length} bytes; a frame has at least ${PREFIX + 2})`);
  const header = readHeader(b, expectedAddress);
  if (header instanceof ZfmError) throw header;
  if (b.length !== header.total)
    throw new ZfmError('ERR_ZFM_FRAME_LENGTH', `(LEN says ${header.total} bytes, got ${b.length})`);
  const payload = Buffer.from(b.subarray(PREFIX, header.total - 2));
  const sum = b.readUInt16BE(header.total - 2);
  const want = zfmChecksum(header.pid, payload);
  if (sum !== want)
    throw new ZfmError('ERR_ZFM_FRAME_CHECKSUM', `(got ${sum.toString(16)}, computed ${want.toString(16)})`);
  return { address: b.readUInt32BE(2), pid: header.pid, payload };
}

/**
 * Reads frames out of a byte stream. Bytes that cannot start a frame (noise, a header with an
 * unknown PID, another address or an impossible length) are skipped until the next `EF 01`; a
 * frame whose header was valid but whose checksum fails is reported as a ZfmError in its place.
 */
export class ZfmFrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes skipped as noise so far. */
  discarded = 0;

  /** @param address only frames from this address are read (undefined: any). */
  constructor(private readonly address?: number) {}

  /** Feeds bytes; returns the frames (or checksum failures) completed by them, in order. */
  push(chunk: Uint8Array): (ZfmFrame | ZfmError)[] {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const out: (ZfmFrame | ZfmError)[] = [];
    for (;;) {
      const start = this.findHeader();
      if (start > 0) this.skip(start);
      if (this.buffer.length < PREFIX) return out;
      const header = readHeader(this.buffer, this.address);
      if (header instanceof ZfmError) {
        this.skip(1); // not a frame start after all: resynchronise on the next EF 01
        continue;
      }
      if (this.buffer.length < header.total) return out;
      const bytes = this.buffer.subarray(0, header.total);
      try {
        out.push(decodeZfmFrame(bytes, this.address));
      } catch (e) {
        if (!(e instanceof ZfmError)) throw e;
        out.push(e);
      }
      this.buffer = Buffer.from(this.buffer.subarray(header.total));
    }
  }

  /** Drops whatever partial frame is buffered (between commands, after a failure). */
  reset(): void {
    this.discarded += this.buffer.length;
    this.buffer = Buffer.alloc(0);
  }

  /** Index of the first possible `EF 01`; a trailing lone EF is kept for the next chunk. */
  private findHeader(): number {
    const b = this.buffer;
    for (let i = 0; i < b.length; i++) {
      if (b[i] !== 0xef) continue;
      if (i + 1 === b.length || b[i + 1] === 0x01) return i;
    }
    return b.length;
  }

  private skip(n: number): void {
    this.discarded += n;
    this.buffer = this.buffer.subarray(n);
  }
}
