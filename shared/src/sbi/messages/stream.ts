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
export function streamPart(jpeg: Uint8Array): Uint8Array {
  const head = latin1(`--${STREAM_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
  const part = new Uint8Array(head.length + jpeg.length + 2);
  part.set(head);
  part.set(jpeg, head.length);
  part.set(latin1('\r\n'), head.length + jpeg.length);
  return part;
}

/** The bytes of ASCII header text (what `latin1` meant for Buffer; the headers hold no other characters). */
const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
