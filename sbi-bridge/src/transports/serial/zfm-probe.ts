// Is there a ZFM module on this port? Sends VfyPwd (EF01FFFFFFFF0100071300000000001B with the
// default password) and waits briefly for an acknowledgement; reads the module's settings if so.
import { ZfmDriver, type ZfmSystemParameters } from './zfm-driver.js';
import { ZfmError } from './zfm-errors.js';

export interface ZfmProbeOptions {
  password?: number;
  address?: number;
  baudRate?: number;
  /** How long to wait for the acknowledgement; default 1,500 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ZfmProbeResult {
  path: string;
  /** A ZFM module answered, even if only to refuse the password. */
  answered: boolean;
  /** It accepted the password and can capture. */
  ready: boolean;
  parameters?: ZfmSystemParameters;
  /** Why it is not ready (timeout: nothing answered; ERR_ZFM_WRONG_PASSWORD; ERR_ZFM_PORT …). */
  error?: ZfmError;
}

/** Errors that prove a module is on the line even though the probe failed. */
const ANSWERED: ReadonlySet<string> = new Set([
  'ERR_ZFM_WRONG_PASSWORD',
  'ERR_ZFM_PACKET_ERROR',
  'ERR_ZFM_CONFIRMATION',
  'ERR_ZFM_FRAME_CHECKSUM',
]);

/**
 * Probes one port; never throws for a missing or silent module, only reports.
 * @example const { ready, parameters } = await probeZfm('/dev/ttyUSB0');
 */
export async function probeZfm(path: string, opts: ZfmProbeOptions = {}): Promise<ZfmProbeResult> {
  let driver: ZfmDriver;
  try {
    driver = await ZfmDriver.open(path, {
      timeoutMs: opts.timeoutMs ?? 1_500,
      ...(opts.address === undefined ? {} : { address: opts.address }),
      ...(opts.baudRate === undefined ? {} : { baudRate: opts.baudRate }),
    });
  } catch (e) {
    if (!(e instanceof ZfmError)) throw e;
    return { path, answered: false, ready: false, error: e };
  }
  const call = opts.signal ? { signal: opts.signal } : {};
  try {
    await driver.verifyPassword(opts.password ?? 0, call);
    let parameters: ZfmSystemParameters | undefined;
    try {
      parameters = await driver.readSysPara(call);
    } catch {
      // Clones answer VfyPwd but not always ReadSysPara; the module is there all the same.
    }
    return { path, answered: true, ready: true, ...(parameters ? { parameters } : {}) };
  } catch (e) {
    if (!(e instanceof ZfmError)) throw e;
    return { path, answered: ANSWERED.has(e.code), ready: false, error: e };
  } finally {
    await driver.close();
  }
}
