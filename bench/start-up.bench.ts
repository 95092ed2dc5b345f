// Server start-up, compiled against from source: the time from spawning the entry point to its
// "listening" log line, and the resident memory right then (the process that listens, and the
// whole process tree: the tsx CLI runs the server in a child of its own). Demo mode on one data
// folder; a first start seeds the demo residents and is not counted. `npm run bench:start`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { machineInfo } from './harness/machine.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const STARTS = 5;
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

const MODES: Record<string, string[]> = {
  /** `npm start`, `npm run server`: node on the build. */
  'node server/dist/main.js': [process.execPath, 'server/dist/main.js'],
  /** The server process alone, with tsx's loader (as the benchmark's server runs). */
  'node --import tsx (source)': [process.execPath, '--import', 'tsx', '--conditions=source', 'server/src/main.ts'],
  /** `npm run dev` without the watcher, and what `npm start` ran before the build. */
  'tsx CLI (source)': [process.execPath, TSX_CLI, '--conditions=source', 'server/src/main.ts'],
};

/** VmRSS of a process, in bytes (Linux). */
function rss(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    // Gone already.
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

interface Start {
  ms: number;
  serverRss: number;
  treeRss: number;
}

/** One start: spawn, wait for the listening line, read the memory, stop with SIGTERM. */
function startOnce(command: string[], dataDir: string): Promise<Start> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(command[0]!, command.slice(1), {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        SIGNET_DEMO: '1',
        SIGNET_PORT: '0',
        SIGNET_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (!out.includes('listening on')) {
        out += d.toString();
        if (out.includes('"msg":"Signet Kiosk listening on')) {
          const ms = performance.now() - began;
          const tree = [child.pid!, ...descendants(child.pid!)];
          const sizes = tree.map(rss);
          const result = { ms, serverRss: sizes[sizes.length - 1]!, treeRss: sizes.reduce((a, b) => a + b, 0) };
          child.once('exit', () => resolve(result));
          child.kill('SIGTERM');
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!out.includes('listening on'))
        reject(new Error(`${command.join(' ')} exited (${code}) before listening: ${err}`));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
const span = (xs: number[], f: (x: number) => string) =>
  `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;

const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-start-bench-'));
try {
  await startOnce(MODES['node server/dist/main.js']!, dataDir);
  console.log(
    `${STARTS} starts each, demo mode, seeded data folder; median (min–max). ${JSON.stringify(machineInfo())}`,
  );
  console.log('| entry point | to "listening" (ms) | RSS of the server process (MB) | RSS of the process tree (MB) |');
  console.log('|---|---|---|---|');
  for (const [name, command] of Object.entries(MODES)) {
    const starts: Start[] = [];
    for (let i = 0; i < STARTS; i++) starts.push(await startOnce(command, dataDir));
    console.log(
      `| ${name} | ${span(
        starts.map((s) => s.ms),
        (v) => v.toFixed(0),
      )} | ${span(
        starts.map((s) => s.serverRss),
        mb,
      )} | ${span(
        starts.map((s) => s.treeRss),
        mb,
      )} |`,
    );
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
