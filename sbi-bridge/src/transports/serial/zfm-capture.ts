// One finger capture on a ZFM module: GenImg until a finger is on the sensor (or the capture
// times out), UpImage, then the image as an ISO/IEC 19794-4 finger record.
import { setTimeout as sleep } from 'node:timers/promises';
import type { IsoImage } from '@signet-kiosk/shared/sbi/crypto';
import type { ZfmDriver } from './zfm-driver.js';
import { ZfmError } from './zfm-errors.js';
import { estimateZfmQuality, zfmIsoRecord } from './zfm-image.js';

export interface ZfmCaptureOptions {
  signal?: AbortSignal;
  /** How long to wait for a finger; default 10,000 ms. The upload that follows has its own timeout. */
  timeoutMs?: number;
  /** Pause between GenImg calls while the sensor is empty; default 200 ms. */
  pollIntervalMs?: number;
  /** SBI finger name for the record's position; default UNKNOWN. */
  subType?: string;
}

export interface ZfmCapture {
  image: IsoImage;
  /** The ISO/IEC 19794-4:2011 record. */
  isoRecord: Buffer;
  /** Contrast estimate, 0–100 (see estimateZfmQuality). */
  quality: number;
  capturedAt: Date;
  /** GenImg calls it took. */
  attempts: number;
}

/**
 * Waits for a finger, uploads its image and wraps it in an ISO record.
 * Fails with ERR_ZFM_CAPTURE_TIMEOUT when no finger came, ERR_ZFM_ABORTED when `signal` fired,
 * or the module's own typed error (image fail, wrong password, …).
 * @example const { isoRecord, quality } = await captureZfmFinger(driver, { timeoutMs: 15_000, signal });
 */
export async function captureZfmFinger(driver: ZfmDriver, opts: ZfmCaptureOptions = {}): Promise<ZfmCapture> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const waitLimit = AbortSignal.timeout(timeoutMs);
  const waitSignal = opts.signal ? AbortSignal.any([opts.signal, waitLimit]) : waitLimit;
  const fail = (cause?: unknown) =>
    opts.signal?.aborted
      ? new ZfmError('ERR_ZFM_ABORTED', undefined, { cause: opts.signal.reason })
      : new ZfmError('ERR_ZFM_CAPTURE_TIMEOUT', `(${timeoutMs} ms)`, { cause });
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      await driver.genImg({ signal: waitSignal });
      break;
    } catch (e) {
      if (!(e instanceof ZfmError)) throw e;
      if (e.code === 'ERR_ZFM_ABORTED') throw fail(e);
      if (e.code !== 'ERR_ZFM_NO_FINGER') throw e;
    }
    try {
      await sleep(opts.pollIntervalMs ?? 200, undefined, { signal: waitSignal });
    } catch (e) {
      throw fail(e);
    }
  }
  const capturedAt = new Date();
  const image = await driver.upImage(opts.signal ? { signal: opts.signal } : {});
  const quality = estimateZfmQuality(image);
  const isoRecord = zfmIsoRecord(image, {
    quality,
    captureTime: capturedAt,
    ...(opts.subType ? { subType: opts.subType } : {}),
  });
  return { image, isoRecord, quality, capturedAt, attempts };
}
