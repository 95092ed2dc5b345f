// Splits an SBI STREAM answer (multipart/x-mixed-replace M-JPEG) into JPEG frames. Devices differ on
// the delimiter for `boundary=--BoundaryString`: RFC 2046 says `----BoundaryString`, many write
// `--BoundaryString`; both are read. Parts with Content-Length are cut by it, others at the next delimiter.

const CRLF2 = Buffer.from('\r\n\r\n', 'latin1');

/** The boundary name without leading dashes, from a Content-Type header. */
export function boundaryCore(contentType: string): string | undefined {
  const m = /boundary\s*=\s*"?([^";,\s]+)"?/i.exec(contentType);
  const core = m?.[1]?.replace(/^-+/, '');
  return core ? core : undefined;
}

/** Incremental reader: push chunks as they arrive, take the frames that are complete. */
export class MjpegFrameReader {
  private buf: Buffer = Buffer.alloc(0);
  private readonly marker: Buffer;

  /** @param core the boundary without leading dashes, e.g. `BoundaryString`. */
  constructor(
    core: string,
    private readonly maxFrameBytes = 8 * 1024 * 1024,
  ) {
    this.marker = Buffer.from(`--${core}`, 'latin1');
  }

  /** Where the delimiter line containing the marker at `i` starts (back over extra dashes). */
  private lineStart(i: number): number {
    let s = i;
    while (s > 0 && this.buf[s - 1] === 0x2d) s--;
    return s;
  }

  /**
   * Adds bytes; returns the frames completed by them.
   * @example for (const jpeg of reader.push(chunk)) show(jpeg);
   */
  push(chunk: Uint8Array): Buffer[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      const at = this.buf.indexOf(this.marker);
      if (at < 0) break;
      const headEnd = this.buf.indexOf(CRLF2, at);
      if (headEnd < 0) break;
      const head = this.buf.subarray(at, headEnd).toString('latin1');
      const bodyStart = headEnd + 4;
      const len = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (len) {
        const n = Number(len[1]);
        if (n > this.maxFrameBytes) throw new RangeError(`stream frame of ${n} bytes is too large`);
        if (this.buf.length < bodyStart + n) break;
        frames.push(Buffer.from(this.buf.subarray(bodyStart, bodyStart + n)));
        this.buf = this.buf.subarray(bodyStart + n);
        continue;
      }
      const next = this.buf.indexOf(this.marker, bodyStart);
      if (next < 0) {
        if (this.buf.length - bodyStart > this.maxFrameBytes) throw new RangeError('stream frame is too large');
        break;
      }
      frames.push(trimFrame(this.buf.subarray(bodyStart, this.lineStart(next))));
      this.buf = this.buf.subarray(this.lineStart(next));
    }
    return frames.filter((f) => f.length > 0);
  }

  /** The stream ended: a last part without Content-Length runs to the end. */
  end(): Buffer[] {
    const at = this.buf.indexOf(this.marker);
    const headEnd = at < 0 ? -1 : this.buf.indexOf(CRLF2, at);
    if (headEnd < 0) return [];
    const rest = trimFrame(this.buf.subarray(headEnd + 4));
    this.buf = Buffer.alloc(0);
    return rest.length > 0 && !/^-*\s*$/.test(rest.toString('latin1')) ? [rest] : [];
  }
}

/** A part's body without the CRLF that precedes the next delimiter. */
function trimFrame(b: Buffer): Buffer {
  let end = b.length;
  if (end >= 2 && b[end - 2] === 0x0d && b[end - 1] === 0x0a) end -= 2;
  else if (end >= 1 && b[end - 1] === 0x0a) end -= 1;
  return Buffer.from(b.subarray(0, end));
}
