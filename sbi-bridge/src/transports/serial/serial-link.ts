// The byte link under the ZFM driver: a serial port opened 8N1 through `serialport`, seen as
// write / data / close so that the driver (and the emulator) need nothing else from it.
import { SerialPort } from 'serialport';
import { ZfmError } from './zfm-errors.js';

/** A byte pipe to one module. */
export interface ByteLink {
  /** `serial:/dev/ttyUSB0`, for messages and bridge errors. */
  readonly endpoint: string;
  write(bytes: Uint8Array): Promise<void>;
  /** One listener: the bytes as they arrive. */
  onData(listener: (chunk: Buffer) => void): void;
  /** One listener: the link went away (unplugged, closed); `error` when it broke. */
  onClose(listener: (error?: Error) => void): void;
  close(): Promise<void>;
}

/** The rate ZFM modules ship with (N = 6 in their ReadSysPara). */
export const ZFM_DEFAULT_BAUD_RATE = 57_600;

/**
 * Opens a serial port 8N1; fails with ERR_ZFM_PORT when it cannot be opened.
 * @example const link = await openSerialLink('/dev/ttyUSB0');
 */
export async function openSerialLink(path: string, opts: { baudRate?: number } = {}): Promise<ByteLink> {
  const port = new SerialPort({
    path,
    baudRate: opts.baudRate ?? ZFM_DEFAULT_BAUD_RATE,
    dataBits: 8,
    stopBits: 1,
    parity: 'none',
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => {
    port.open((err) => {
      if (!err) return resolve();
      // serialport takes an exclusive lock (flock) on the port; EAGAIN means someone else holds it.
      const inUse = /Cannot lock port/i.test(err.message);
      reject(new ZfmError(inUse ? 'ERR_ZFM_PORT_IN_USE' : 'ERR_ZFM_PORT', `(${path}: ${err.message})`, { cause: err }));
    });
  });
  const endpoint = `serial:${path}`;
  return {
    endpoint,
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (!port.isOpen) return reject(new ZfmError('ERR_ZFM_CLOSED', `(${path})`));
        port.write(Buffer.from(bytes), (err) => {
          if (err) return reject(new ZfmError('ERR_ZFM_PORT', `(${path}: ${err.message})`, { cause: err }));
          port.drain((e) =>
            e ? reject(new ZfmError('ERR_ZFM_PORT', `(${path}: ${e.message})`, { cause: e })) : resolve(),
          );
        });
      }),
    onData: (listener) => {
      port.on('data', listener);
    },
    onClose: (listener) => {
      port.on('close', (err?: Error | null) => listener(err ?? undefined));
      // Errors after open (a read failing as the adapter is pulled) arrive here; close follows.
      port.on('error', (err: Error) => listener(err));
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}
