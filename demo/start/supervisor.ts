// Runs the demo's processes as one: starts each child in order, waits until it says it is ready,
// prefixes its output with its name; on SIGINT/SIGTERM stops them all (last first), and when one
// dies on its own, says so, stops the rest and ends non-zero.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  /** Short name, the prefix of its output lines. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** A line of its stdout that says it is ready; group 1 is its URL. Without it, ready once spawned. */
  ready?: RegExp;
  /** How long it may take to become ready. */
  readyTimeoutMs?: number;
}

export interface Output {
  line(text: string): void;
}

interface Running {
  spec: ChildSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Time a child gets after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 8000;

export class Supervisor {
  private readonly running: Running[] = [];
  private stopping = false;
  /** Settles with the exit code once everything has stopped. */
  readonly done: Promise<number>;
  private finish!: (code: number) => void;

  constructor(private readonly out: Output) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    // Should the supervisor end without stopping them (an uncaught error), no child outlives it.
    process.once('exit', () => {
      for (const { child } of this.running)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  }

  /**
   * Starts one child and waits until it is ready; resolves with the URL its ready line names.
   * @example const url = await supervisor.start({ name: 'server', command: process.execPath, args: ['server/dist/main.js'], env, ready: /— (\S+)/ });
   */
  start(spec: ChildSpec): Promise<string | undefined> {
    if (this.stopping) return Promise.reject(new Error('stopping'));
    // Its own process group: a terminal's Ctrl-C reaches the supervisor alone, which stops the children in order.
    const child = spawn(spec.command, spec.args, { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))),
    );
    this.running.push({ spec, child, exited });
    this.out.line(`[start] ${spec.name} (pid ${child.pid})`);
    return new Promise<string | undefined>((resolve, reject) => {
      let ready = !spec.ready;
      const timer = spec.ready
        ? setTimeout(
            () => reject(new Error(`${spec.name} did not become ready in ${spec.readyTimeoutMs ?? 60_000} ms`)),
            spec.readyTimeoutMs ?? 60_000,
          )
        : undefined;
      createInterface({ input: child.stdout! }).on('line', (line) => {
        this.out.line(`[${spec.name}] ${line}`);
        const match = !ready && spec.ready ? spec.ready.exec(line) : null;
        if (match) {
          ready = true;
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      createInterface({ input: child.stderr! }).on('line', (line) => this.out.line(`[${spec.name}] ${line}`));
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`${spec.name} could not start: ${err.message}`));
      });
      void exited.then((code) => {
        clearTimeout(timer);
        if (this.stopping) return;
        const reason = new Error(`${spec.name} (pid ${child.pid}) exited with code ${code} on its own`);
        if (!ready) reject(reason);
        this.fail(reason);
      });
      if (ready) resolve(undefined);
    });
  }

  /** A child died or could not start: report it, stop the rest, end non-zero. */
  fail(reason: Error): void {
    if (this.stopping) return;
    this.out.line(`[stop] ${reason.message}; stopping the others`);
    void this.stop(1);
  }

  /** Stops every child (the last started first): SIGTERM, then SIGKILL after a grace period. */
  async stop(code = 0): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const { spec, child, exited } of [...this.running].reverse()) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        this.out.line(`[stop] ${spec.name} did not stop in ${STOP_GRACE_MS} ms: killed`);
        child.kill('SIGKILL');
      }, STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      this.out.line(`[stop] ${spec.name} stopped`);
    }
    this.finish(code);
  }
}
