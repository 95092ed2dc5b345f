// The server's logger (pino JSON lines). Secrets never reach it: known secret fields are redacted.
import { pino, type Logger } from 'pino';

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

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'signet-server' } });
}
