import { describe, expect, it } from 'vitest';
import { STREAM_CONTENT_TYPE, StreamRequestSchema, streamPart } from './stream.js';

describe('STREAM', () => {
  it('reads requests by deviceId or serialNo, numbers or strings', () => {
    expect(StreamRequestSchema.parse({ deviceId: '4', deviceSubId: 1, timeout: '5000' })).toEqual({
      deviceId: '4',
      deviceSubId: '1',
      timeout: '5000',
    });
    expect(StreamRequestSchema.parse({ serialNo: 'SIM-SLP-0001', deviceSubId: '2' })).toEqual({
      deviceId: 'SIM-SLP-0001',
      deviceSubId: '2',
      timeout: undefined,
    });
    expect(StreamRequestSchema.safeParse({ deviceId: '4' }).success).toBe(false);
  });
  it('frames parts with the announced boundary', () => {
    expect(STREAM_CONTENT_TYPE).toBe('multipart/x-mixed-replace; boundary=--BoundaryString');
    const part = Buffer.from(streamPart(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toString('latin1');
    expect(part).toBe(
      '----BoundaryString\r\nContent-Type: image/jpeg\r\nContent-Length: 4\r\n\r\n\xff\xd8\xff\xd9\r\n',
    );
  });
});
