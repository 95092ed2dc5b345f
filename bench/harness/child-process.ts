// The bench's end of the IPC protocol: starts a server child (plain Node on compiled JavaScript,
// --expose-gc, its own event loop, CPU and RSS), waits for `ready`, then sends typed requests and
// parses the replies.
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ChildResultSchemas,
  FromChildSchema,
  type ChildRequest,
  type ChildResult,
  type FromChild,
} from './ipc-messages.js';

export type ReadyInfo = Omit<Extract<FromChild, { kind: 'ready' }>, 'kind'>;

export interface BenchChild extends ReadyInfo {
  pid: number;
  call<T extends ChildRequest>(request: T): Promise<ChildResult<T['type']>>;
  /** Asks the child to shut down; kills it if it has not exited within 5 s. */
  stop(): Promise<void>;
}

/** Where `npm run build:bench` (bench/tsconfig.build.json) writes the children: bench/dist/ mirrors the repository. */
const COMPILED_CHILDREN = new URL('../dist/', import.meta.url);

/**
 * The compiled form of a child script, given by its path in the repository.
 * @example compiledChild('bench/harness/server-process.ts') // …/bench/dist/bench/harness/server-process.js
 */
export function compiledChild(sourcePath: string): URL {
  return new URL(sourcePath.replace(/\.ts$/, '.js'), COMPILED_CHILDREN);
}

/**
 * Starts `script` (a compiled child, see compiledChild) in its own Node process, as production
 * runs the server: no TypeScript loader, the parts from their dist/. Its stdout and stderr go to
 * `logFile` (the server's JSON log lines are real work, so they are written, not dropped).
 */
export async function startChild(
  script: URL,
  logFile: string,
  options: { execArgv?: string[]; env?: Record<string, string> } = {},
): Promise<BenchChild> {
  if (!existsSync(script))
    throw new Error(`${fileURLToPath(script)} is missing: build the bench's children first (npm run build:bench)`);
  const log = openSync(logFile, 'a');
  const child: ChildProcess = fork(fileURLToPath(script), [], {
    execArgv: ['--expose-gc', ...(options.execArgv ?? [])],
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, ...options.env },
  });
  closeSync(log);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const ready = await new Promise<ReadyInfo>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script.pathname} did not become ready in 60 s (see ${logFile})`)),
      60_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script.pathname} exited with code ${code} (see ${logFile})`));
      for (const p of pending.values()) p.reject(new Error('child exited'));
    });
    child.on('message', (raw: unknown) => {
      const msg = FromChildSchema.parse(raw);
      if (msg.kind === 'ready') {
        clearTimeout(timer);
        const { kind: _kind, ...info } = msg;
        resolve(info);
        return;
      }
      const waiter = pending.get(msg.id);
      pending.delete(msg.id);
      if (!waiter) return;
      if (msg.ok) waiter.resolve(msg.result);
      else waiter.reject(new Error(`child: ${msg.error}`));
    });
  });

  return {
    ...ready,
    pid: child.pid!,
    async call<T extends ChildRequest>(request: T): Promise<ChildResult<T['type']>> {
      const id = nextId++;
      const raw = await new Promise<unknown>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, request });
      });
      return ChildResultSchemas[request.type].parse(raw) as ChildResult<T['type']>;
    },
    async stop(): Promise<void> {
      if (child.exitCode !== null) return;
      const id = nextId++;
      child.send({ id, request: { type: 'shutdown' } });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
