// The QR's path draws exactly the dark modules of uqr's matrix, quiet zone included.
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { qrPath } from './link-qr.js';

/** The modules a path from qrPath paints, read back from its squares. */
const painted = (d: string) => [...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`);

describe('qrPath', () => {
  it('paints one unit square per dark module, at its column and row', () => {
    expect(
      qrPath([
        [true, false],
        [false, true],
      ]),
    ).toBe('M0 0h1v1h-1zM1 1h1v1h-1z');
    expect(qrPath([[false]])).toBe('');
  });

  it('paints every dark module of a link code’s QR and nothing else, the 4-module quiet zone left white', () => {
    const qr = encode('ABCD-EFGH', { ecc: 'M', border: 4 });
    expect(qr.size).toBe(29);
    const dark = qr.data.flatMap((row, y) => row.flatMap((on, x) => (on ? [`${x},${y}`] : [])));
    const d = qrPath(qr.data);
    expect(painted(d)).toEqual(dark);
    expect(d.replace(/M\d+ \d+h1v1h-1z/g, '')).toBe('');
    for (const cell of painted(d)) {
      const [x, y] = cell.split(',').map(Number) as [number, number];
      expect(Math.min(x, y)).toBeGreaterThanOrEqual(4);
      expect(Math.max(x, y)).toBeLessThan(25);
    }
  });
});
