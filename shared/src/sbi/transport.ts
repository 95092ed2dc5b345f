// Wire facts of SBI over HTTP: where services listen, which verb and path name each operation in
// each dialect (MDS 0.9.5, SBI API 1.0 aliases, IEEE P3167 POST), and the CORS answers.

export const SBI_HOST = '127.0.0.1';
export const SBI_PORT_MIN = 4501;
export const SBI_PORT_MAX = 4600;

export type SbiOperation = 'discover' | 'info' | 'capture' | 'rcapture' | 'stream' | 'match';
export type SbiDialect = 'mds' | 'sbi' | 'p3167';

/** Custom verbs and the operation each names (the path does not matter to devices). */
export const SBI_VERBS: Record<string, { operation: SbiOperation; dialect: SbiDialect }> = {
  MOSIPDISC: { operation: 'discover', dialect: 'mds' },
  MOSIPDINFO: { operation: 'info', dialect: 'mds' },
  CAPTURE: { operation: 'capture', dialect: 'mds' },
  RCAPTURE: { operation: 'rcapture', dialect: 'mds' },
  STREAM: { operation: 'stream', dialect: 'mds' },
  SBIDISC: { operation: 'discover', dialect: 'sbi' },
  SBIINFO: { operation: 'info', dialect: 'sbi' },
  SBIDINFO: { operation: 'info', dialect: 'sbi' },
};

/** P3167: plain POST, the path names the operation. */
export const P3167_PATHS: Record<string, SbiOperation> = {
  '/device': 'discover',
  '/info': 'info',
  '/capture': 'capture',
  '/rcapture': 'rcapture',
  '/stream': 'stream',
  '/match': 'match',
};

/**
 * The operation a request line names, or undefined. Methods are matched in upper case.
 * @example resolveSbiRequest('MOSIPDISC', '/device') // { operation: 'discover', dialect: 'mds' }
 * @example resolveSbiRequest('POST', '/rcapture') // { operation: 'rcapture', dialect: 'p3167' }
 */
export function resolveSbiRequest(
  method: string,
  path: string,
): { operation: SbiOperation; dialect: SbiDialect } | undefined {
  const verb = method.toUpperCase();
  if (verb === 'POST') {
    const op = P3167_PATHS[path.split('?')[0]!.replace(/\/+$/, '') || '/'];
    return op ? { operation: op, dialect: 'p3167' } : undefined;
  }
  return Object.hasOwn(SBI_VERBS, verb) ? SBI_VERBS[verb] : undefined;
}

const MDS_REQUESTS: Record<SbiOperation, { method: string; path: string } | undefined> = {
  discover: { method: 'MOSIPDISC', path: '/device' },
  info: { method: 'MOSIPDINFO', path: '/info' },
  capture: { method: 'CAPTURE', path: '/capture' },
  rcapture: { method: 'RCAPTURE', path: '/capture' },
  stream: { method: 'STREAM', path: '/stream' },
  match: undefined,
};

/**
 * The method and path a client sends for an operation in a dialect.
 * @example sbiRequestLine('rcapture', 'mds') // { method: 'RCAPTURE', path: '/capture' }
 */
export function sbiRequestLine(operation: SbiOperation, dialect: SbiDialect): { method: string; path: string } {
  if (dialect === 'p3167') {
    const path = Object.keys(P3167_PATHS).find((p) => P3167_PATHS[p] === operation)!;
    return { method: 'POST', path };
  }
  if (dialect === 'sbi' && operation === 'discover') return { method: 'SBIDISC', path: '/device' };
  if (dialect === 'sbi' && operation === 'info') return { method: 'SBIINFO', path: '/info' };
  const line = MDS_REQUESTS[operation];
  if (!line) throw new RangeError(`${operation} has no ${dialect} request line`);
  return line;
}

/** Every verb a device service answers, as listed in its CORS preflight answer. */
export const SBI_ALLOW_METHODS =
  'OPTIONS, RCAPTURE, CAPTURE, MOSIPDINFO, MOSIPDISC, STREAM, GET, POST, SBIDISC, SBIINFO, SBIDINFO';

/** P3167's narrower preflight answer (the preflight doubles as the user-consent gate). */
export const P3167_ALLOW_METHODS = 'POST, OPTIONS';
