// A pair of connected pseudo-terminals made by socat, standing in for a USB-UART cable: the driver
// opens one end, the ZFM emulator the other. Used by tests and demos (needs the `socat` package).
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface PtyPair {
  /** The end the driver opens, like /dev/ttyUSB0. */
  host: string;
  /** The end the emulated module listens on. */
  module: string;
  /** Kills socat and waits for it to exit. */
  close(): Promise<void>;
}

/**
 * Spawns `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and reads the two /dev/pts paths from its
 * log on stderr ("N PTY is /dev/pts/3"), then waits for "starting data transfer loop".
 * @example const pair = await openSocatPtyPair(); … await pair.close();
 */
export async function openSocatPtyPair(opts: { timeoutMs?: number } = {}): Promise<PtyPair> {
  const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = once(child, 'exit').then(
    () => undefined,
    () => undefined,
  );
  // Do not leave socat behind if this process ends without closing the pair (a test run cut short).
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const close = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const paths = await new Promise<string[]>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(
        () => reject(new Error(`socat gave no pseudo-terminals within ${opts.timeoutMs ?? 5000} ms: ${log.trim()}`)),
        opts.timeoutMs ?? 5000,
      );
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot run socat (Debian package "socat"): ${err.message}`, { cause: err }));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`socat exited with ${code}: ${log.trim()}`));
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text: string) => {
        log += text;
        const found = [...log.matchAll(/PTY is (\/dev\/\S+)/g)].map((m) => m[1]!);
        // Both paths are logged before socat starts relaying; wait for that too.
        if (found.length >= 2 && log.includes('starting data transfer loop')) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    return { host: paths[0]!, module: paths[1]!, close };
  } catch (e) {
    await close();
    throw e;
  }
}
