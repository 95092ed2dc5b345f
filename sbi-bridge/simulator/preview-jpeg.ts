// Preview frames for STREAM: baseline greyscale JPEGs made of flat 8×8 tiles, which need only DC
// coefficients, so no DCT is involved. No image library is installed; this is all STREAM needs.

// Quantisation 1 everywhere; the standard luminance DC Huffman table (ITU T.81 K.3); an AC table
// with the single symbol EOB coded as "0", since every AC coefficient is zero.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CODES: [code: number, length: number][] = [
  [0b00, 2],
  [0b010, 3],
  [0b011, 3],
  [0b100, 3],
  [0b101, 3],
  [0b110, 3],
  [0b1110, 4],
  [0b11110, 5],
  [0b111110, 6],
  [0b1111110, 7],
  [0b11111110, 8],
  [0b111111110, 9],
];
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

const segment = (marker: number, body: number[]): number[] => [
  0xff,
  marker,
  (body.length + 2) >> 8,
  (body.length + 2) & 0xff,
  ...body,
];

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1); // pad with ones
    return this.bytes;
  }
}

/**
 * Encodes tiles of flat grey as a JPEG. `tiles[row][col]` is the grey level (0–255) of the 8×8
 * block at that place.
 * @example tileJpeg([[0, 255], [255, 0]]) // a 16×16 checkerboard
 */
export function tileJpeg(tiles: readonly (readonly number[])[]): Buffer {
  const rows = tiles.length;
  const cols = tiles[0]?.length ?? 0;
  if (rows === 0 || cols === 0 || tiles.some((r) => r.length !== cols))
    throw new RangeError('tiles must be a non-empty rectangle');
  const height = rows * 8;
  const width = cols * 8;
  const bits = new BitWriter();
  let previousDc = 0;
  for (const row of tiles) {
    for (const level of row) {
      // A flat block of (level − 128) has DC coefficient 8·(level − 128) with quantiser 1.
      const dc = 8 * (Math.max(0, Math.min(255, Math.round(level))) - 128);
      const diff = dc - previousDc;
      previousDc = dc;
      const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const [code, length] = DC_CODES[category]!;
      bits.write(code, length);
      if (category > 0) bits.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
      bits.write(0b0, 1); // EOB
    }
  }
  return Buffer.from([
    0xff,
    0xd8,
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, ...DC_BITS, ...DC_CODES.map((_, i) => i)]),
    ...segment(0xc4, [0x10, ...AC_BITS, 0x00]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...bits.finish(),
    0xff,
    0xd9,
  ]);
}

/**
 * Frame `n` of the preview: a bright bar sweeping over a dim field, so motion shows it is live.
 * @example previewFrame(0)
 */
export function previewFrame(n: number, cols = 8, rows = 6): Buffer {
  const at = n % cols;
  return tileJpeg(
    Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) => (c === at ? 230 : 40 + 10 * ((r + c) % 3))),
    ),
  );
}
