// STREAM on the simulated registration devices: a live M-JPEG preview at 4 frames a second
// until the request's timeout, the client leaving (close, error or half-close), or the simulator
// closing; svc.activeStreams counts the running ones.
import type { Socket } from 'node:net';
import {
  sbiError,
  type SbiErrorCode,
  STREAM_CONTENT_TYPE,
  StreamRequestSchema,
  streamPart,
} from '@signet-kiosk/shared/sbi';
import type { DeviceService } from './device-service.js';
import { serializeHead, type Http11Response } from './http11.js';
import { previewFrame } from './preview-jpeg.js';

const FRAME_INTERVAL_MS = 250;
const DEFAULT_STREAM_MS = 60_000;
const MAX_STREAM_MS = 10 * 60_000;
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Checks the request and either answers with an SBI error, or takes the socket and streams.
 * @example return startStream(svc, body, socket, corsHeaders)
 */
export function startStream(
  svc: DeviceService,
  body: unknown,
  socket: Socket,
  headers: Record<string, string>,
): Http11Response | 'taken' {
  const refuse = (code: SbiErrorCode, info?: string): Http11Response => ({
    status: 200,
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ error: sbiError(code, info) }),
  });
  const req = StreamRequestSchema.safeParse(body);
  if (!req.success) return refuse('500', 'Malformed stream request: deviceId and deviceSubId are needed');
  const device = svc.devices.find(
    (d) => d.spec.deviceId === req.data.deviceId || d.spec.serialNo === req.data.deviceId,
  );
  if (!device) return refuse('202');
  if (device.spec.purpose !== 'Registration') return refuse('113', 'Only registration devices stream');
  if (device.status === 'Not Registered') return refuse('100');
  if (device.status === 'Not Ready') return refuse('110');
  if (!Object.hasOwn(device.spec.subIds, req.data.deviceSubId)) return refuse('121');

  const duration = Math.min(
    req.data.timeout === undefined ? DEFAULT_STREAM_MS : Number(req.data.timeout),
    MAX_STREAM_MS,
  );
  socket.write(
    serializeHead(200, { ...headers, 'Content-Type': STREAM_CONTENT_TYPE, 'Cache-Control': 'no-cache, no-store' }),
  );
  let frame = 0;
  let running = true;
  svc.activeStreams++;
  const stop = () => {
    if (!running) return;
    running = false;
    svc.activeStreams--;
    clearInterval(ticker);
    clearTimeout(stopper);
  };
  const send = () => {
    if (!running) return;
    if (socket.destroyed || !socket.writable) return stop();
    // A client too slow to take the frames is dropped rather than buffered without bound.
    if (socket.writableLength > MAX_BUFFERED_BYTES) return void socket.destroy();
    socket.write(streamPart(previewFrame(frame++)));
  };
  const ticker = setInterval(send, FRAME_INTERVAL_MS);
  const stopper = setTimeout(() => {
    stop();
    socket.end();
  }, duration);
  socket.once('close', stop);
  socket.once('error', stop);
  // The client went away (or half-closed): stop at once and let the socket go.
  socket.once('end', () => {
    stop();
    socket.end();
  });
  socket.resume();
  send();
  return 'taken';
}
