// The server's logger (pino JSON lines; on a terminal, one readable line each). Secrets never
// reach it: known secret fields are redacted before a line is written.
import { pino, type DestinationStream, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.challenge',
  '*.challengeList',
  '*.pin',
  '*.password',
  '*.otp',
  '*.code',
  '*.code_verifier',
  '*.client_assertion',
  '*.access_token',
  '*.id_token',
  '*.kycToken',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'signet-server' },
  };
  return destination ? pino(options, destination) : pino(options);
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** One pino JSON line as `14:02:07 INFO message {other fields}`, and an error's stack below it. */
export function formatForTerminal(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { time, level, msg, service: _service, ...fields } = entry;
  const clock = typeof time === 'number' ? new Date(time).toTimeString().slice(0, 8) : '--:--:--';
  const stack = (fields.err as { stack?: unknown } | undefined)?.stack;
  if (typeof stack === 'string') fields.err = (fields.err as { message?: unknown }).message;
  const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `${clock} ${LEVEL_NAMES[level as number] ?? String(level)} ${String(msg ?? '')}${rest}\n${typeof stack === 'string' ? `${stack}\n` : ''}`;
}

/**
 * The entry point's log destination: holds lines until release(), so that the start-up banner is
 * the first thing printed; JSON lines on a pipe or file, formatForTerminal on a terminal.
 */
export class StartupLogDestination implements DestinationStream {
  private held: string[] | undefined = [];

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  write(line: string): void {
    const text = this.out.isTTY ? formatForTerminal(line) : line;
    if (this.held) this.held.push(text);
    else this.out.write(text);
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const text of held) this.out.write(text);
  }
}
