import { describe, expect, it } from 'vitest';
import { streamPart } from '@signet-kiosk/shared/sbi';
import { boundaryCore, MjpegFrameReader } from './mjpeg.js';

const jpeg = (n: number) => Buffer.from([0xff, 0xd8, n, 0x2d, 0x2d, 0x0d, 0x0a, 0xff, 0xd9]);

describe('MjpegFrameReader', () => {
  it('reads the boundary name whatever the dashes', () => {
    expect(boundaryCore('multipart/x-mixed-replace; boundary=--BoundaryString')).toBe('BoundaryString');
    expect(boundaryCore('multipart/x-mixed-replace;boundary="BoundaryString"')).toBe('BoundaryString');
    expect(boundaryCore('image/jpeg')).toBeUndefined();
  });

  it('reads the shared streamPart framing byte by byte', () => {
    const reader = new MjpegFrameReader('BoundaryString');
    const bytes = Buffer.concat([streamPart(jpeg(1)), streamPart(jpeg(2))]);
    const frames = [...bytes].flatMap((b) => reader.push(Buffer.from([b])));
    expect(frames).toEqual([jpeg(1), jpeg(2)]);
    expect(reader.end()).toEqual([]);
  });

  it('cuts parts without Content-Length at the next delimiter, the last at the end of the stream', () => {
    const reader = new MjpegFrameReader('BoundaryString');
    const part = (n: number) =>
      Buffer.concat([
        Buffer.from('--BoundaryString\r\nContent-Type: image/jpeg\r\n\r\n'),
        jpeg(n),
        Buffer.from('\r\n'),
      ]);
    expect(reader.push(Buffer.concat([part(1), part(2)]))).toEqual([jpeg(1)]);
    expect(reader.end()).toEqual([jpeg(2)]);
  });

  it('refuses a frame larger than its limit', () => {
    const reader = new MjpegFrameReader('BoundaryString', 4);
    expect(() => reader.push(streamPart(jpeg(1)))).toThrow(RangeError);
  });
});
