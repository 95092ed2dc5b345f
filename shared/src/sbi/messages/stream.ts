// STREAM (`STREAM /stream`, P3167 `POST /stream`): the request naming a registration device, and
// the M-JPEG answer's multipart framing.
import { z } from 'zod';
import { lenientInt } from './fields.js';

/** The request; P3167 names the device by serialNo. `timeout` (ms) bounds the stream. */
export const StreamRequestSchema = z
  .object({
    deviceId: z.union([z.string(), z.number().int()]).transform(String).optional(),
    serialNo: z.string().optional(),
    deviceSubId: lenientInt,
    timeout: lenientInt.optional(),
  })
  .transform(({ serialNo, deviceId, ...rest }) => ({ ...rest, deviceId: deviceId ?? serialNo ?? '' }));
export type StreamRequest = z.infer<typeof StreamRequestSchema>;

/** The boundary parameter devices announce: `multipart/x-mixed-replace; boundary=--BoundaryString`. */
export const STREAM_BOUNDARY = '--BoundaryString';
export const STREAM_CONTENT_TYPE = `multipart/x-mixed-replace; boundary=${STREAM_BOUNDARY}`;

/** Devices must send at least this many frames a second. */
export const STREAM_MIN_FPS = 3;

/**
 * One part of the stream: the delimiter (`--` + boundary, RFC 2046), part headers, the JPEG.
 * @example socket.write(streamPart(jpeg))
 */
export function streamPart(jpeg: Uint8Array): Buffer {
  return Buffer.concat([
    Buffer.from(`--${STREAM_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`, 'latin1'),
    Buffer.from(jpeg),
    Buffer.from('\r\n', 'latin1'),
  ]);
}
