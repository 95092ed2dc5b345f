// `npm start`'s supervisor as a user runs it (demo/start/main.ts, as the npm script does), on
// ephemeral ports and a fresh data folder: it starts the server, the simulator, the demo relying
// party and the kiosk's browser stand-in, prints what to open, and one SIGINT stops every one of
// them; a child that dies stops the rest with a non-zero exit; a taken port stops it before it starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The data folders the runs made. */
const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  ports: { server: number; rp: number; standIn: number };
}

async function startDemo(extraEnv: Record<string, string> = {}): Promise<Started> {
  const ports = { server: await freePort(), rp: await freePort(), standIn: await freePort() };
  // A few ports of the SBI range, away from the simulator's default first port.
  const sbiMin = 4561 + Math.floor(Math.random() * 8) * 5;
  let text = '';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-start-'));
  dataDirs.push(dataDir);
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'demo/start/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SIGNET_DATA_DIR: dataDir,
      SIGNET_PORT: String(ports.server),
      DEMO_RP_PORT: String(ports.rp),
      SIGNET_KIOSK_DEMO_STAND_IN_PORT: String(ports.standIn),
      SBI_SIM_PORT_MIN: String(sbiMin),
      SBI_SIM_PORT_MAX: String(sbiMin + 4),
      SIGNET_START_KIOSK: 'stand-in',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited, ports };
}

const pidsOf = (text: string) =>
  Object.fromEntries([...text.matchAll(/^\[start\] (\S+) \(pid (\d+)\)$/gm)].map((m) => [m[1]!, Number(m[2])]));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe: Server = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });

async function untilReady(started: Started): Promise<void> {
  await expect.poll(() => started.output(), { timeout: 150_000, interval: 500 }).toMatch(/Ctrl-C stops it all/);
}

describe('npm start', { timeout: 240_000 }, () => {
  it('starts the server, simulator, relying party and stand-in, prints what to open, and one SIGINT stops them all', async () => {
    const started = await startDemo();
    try {
      await untilReady(started);
    } finally {
      if (!/Ctrl-C stops it all/.test(started.output())) started.child.kill('SIGINT');
    }
    const out = started.output();
    const pids = pidsOf(out);
    expect(Object.keys(pids).sort()).toEqual(['kiosk', 'relying-party', 'server', 'simulator']);
    const rpUrl = `http://127.0.0.1:${started.ports.rp}`;
    expect(out).toContain(`relying party (the resident's device): ${rpUrl}`);
    const standInUrl = /kiosk \(browser stand-in, operator console\): (\S+)/.exec(out)?.[1];
    // On localhost, the server on 127.0.0.1: the browser keeps their cookies apart.
    expect(standInUrl).toMatch(
      new RegExp(`^http://localhost:${started.ports.standIn}/\\?kiosk_token=[A-Za-z0-9_-]{43}#/console$`),
    );
    expect(out).toContain('Dara Lim, ID 2804195602, PIN 736204');
    // Each part answers where the banner says.
    expect((await fetch(`http://127.0.0.1:${started.ports.server}/.well-known/openid-configuration`)).status).toBe(200);
    expect((await fetch(`${rpUrl}/`)).status).toBe(200);
    expect((await fetch(standInUrl!, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`http://localhost:${started.ports.standIn}/`)).status).toBe(401);
    // Listening on loopback only, it answers its own host name only.
    expect((await fetch(`http://127.0.0.1:${started.ports.standIn}/`)).status).toBe(421);

    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
    for (const [name, pid] of Object.entries(pids)) expect(alive(pid), `${name} (pid ${pid}) still runs`).toBe(false);
    for (const port of Object.values(started.ports)) expect(await listening(port)).toBe(false);
  });

  it('stops the rest and exits non-zero when a child dies on its own', async () => {
    const started = await startDemo();
    await untilReady(started);
    const pids = pidsOf(started.output());
    process.kill(pids.simulator!, 'SIGKILL');
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/simulator \(pid \d+\) exited .* on its own; stopping the others/);
    for (const [name, pid] of Object.entries(pids)) expect(alive(pid), `${name} (pid ${pid}) still runs`).toBe(false);
  });

  it('refuses a taken port, naming the setting that moves it, before starting anything', async () => {
    const holder = createServer();
    const port = await new Promise<number>((resolve) =>
      holder.listen(0, '127.0.0.1', () => resolve((holder.address() as AddressInfo).port)),
    );
    try {
      const started = await startDemo({ DEMO_RP_PORT: String(port) });
      expect(await started.exited).toBe(2);
      expect(started.output()).toContain(`port ${port} (the demo relying party) is already in use`);
      expect(started.output()).toContain('DEMO_RP_PORT');
      expect(pidsOf(started.output())).toEqual({});
    } finally {
      holder.close();
    }
  });
});
