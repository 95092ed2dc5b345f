import { describe, expect, it } from 'vitest';
import { createLogger, formatForTerminal, StartupLogDestination } from './log.js';

/** A stand-in for process.stdout that keeps what is written. */
function output(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const out = { isTTY, text: '', write: (s: string) => ((out.text += s), true) };
  return out as unknown as NodeJS.WriteStream & { text: string };
}

describe('the entry point log destination', () => {
  it('holds lines until released, then writes them in order, and later ones at once', () => {
    const out = output(false);
    const destination = new StartupLogDestination(out);
    const logger = createLogger('info', destination);
    logger.info('first');
    logger.info('second');
    expect(out.text).toBe('');
    destination.release();
    logger.info('third');
    expect(
      out.text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { msg: string }).msg),
    ).toEqual(['first', 'second', 'third']);
  });

  it('writes one readable line per entry on a terminal, secrets still redacted', () => {
    const out = output(true);
    const destination = new StartupLogDestination(out);
    destination.release();
    createLogger('info', destination).warn({ clientId: 'rp-1', request: { pin: '482915' } }, 'something happened');
    expect(out.text).toMatch(
      /^\d\d:\d\d:\d\d WARN something happened \{"clientId":"rp-1","request":\{"pin":"\[redacted\]"\}\}\n$/,
    );
  });
});

describe('formatForTerminal', () => {
  it('puts an error’s stack below its line, and passes anything but JSON through', () => {
    const line = JSON.stringify({
      level: 50,
      time: 0,
      service: 'signet-server',
      err: { message: 'boom', stack: 'Error: boom\n    at here' },
      msg: 'failed',
    });
    expect(formatForTerminal(line)).toMatch(
      /^\d\d:\d\d:\d\d ERROR failed \{"err":"boom"\}\nError: boom\n {4}at here\n$/,
    );
    expect(formatForTerminal('not json\n')).toBe('not json\n');
  });
});
