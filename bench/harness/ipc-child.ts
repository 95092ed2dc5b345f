// The child's end of the IPC protocol: parse each message, run its handler, reply by id.
import {
  ChildRequestSchema,
  FromChildSchema,
  ToChildSchema,
  type ChildRequest,
  type FromChild,
} from './ipc-messages.js';

export type ChildHandler = (request: ChildRequest) => Promise<unknown>;

function send(message: FromChild): void {
  process.send!(FromChildSchema.parse(message));
}

/** Tells the bench the child listens, then answers its requests until `shutdown`. */
export function serveIpc(
  ready: Omit<Extract<FromChild, { kind: 'ready' }>, 'kind'>,
  handle: ChildHandler,
  close: () => Promise<void>,
): void {
  if (!process.send) throw new Error('this process must be started by the benchmark with an IPC channel');
  process.on('message', (raw: unknown) => {
    const parsed = ToChildSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      send({ kind: 'reply', id, ok: false, error: `bad IPC message: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      return;
    }
    const { id, request } = parsed.data;
    handle(ChildRequestSchema.parse(request)).then(
      (result) => {
        send({ kind: 'reply', id, ok: true, result: result ?? {} });
        if (request.type === 'shutdown') void close().finally(() => process.disconnect());
      },
      (err: unknown) => send({ kind: 'reply', id, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  // The bench went away: do not outlive it.
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  send({ kind: 'ready', ...ready });
}

/** Memory and CPU of this process, after a full GC when asked and available. */
export function processStats(gc: boolean): {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  cpuMicros: number;
} {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (gc && collect) {
    collect();
    collect();
  }
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    heapTotal: mem.heapTotal,
    external: mem.external,
    cpuMicros: cpu.user + cpu.system,
  };
}
