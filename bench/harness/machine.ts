// What the figures were measured on, and how busy the machine was meanwhile: other sessions may
// share this 2-core box, and a figure taken under their load is not the server's alone.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  date: string;
  node: string;
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  loadAverage1m: number;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    totalMemoryBytes: os.totalmem(),
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Busy CPU time of the whole machine in seconds (Linux /proc/stat); undefined elsewhere. */
function machineBusySeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/**
 * Starts counting machine CPU; `stop(ownCpuSeconds)` answers the CPU used by everything else
 * (in % of one core) over the interval: the bench's own processes are subtracted.
 */
export function startMachineCpu(): { stop(ownCpuSeconds: number): number | null } {
  const busy0 = machineBusySeconds();
  const t0 = performance.now();
  return {
    stop(ownCpuSeconds: number): number | null {
      const busy1 = machineBusySeconds();
      if (busy0 === undefined || busy1 === undefined) return null;
      const seconds = (performance.now() - t0) / 1000;
      return Math.max(0, Math.round(((busy1 - busy0 - ownCpuSeconds) / seconds) * 100));
    },
  };
}

/** CPU used by everything else over `seconds`, in % of one core, while the bench itself is idle. */
export async function otherCpuPercent(seconds: number): Promise<number | null> {
  const m = startMachineCpu();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return m.stop(0);
}

/**
 * Waits (at most `maxWaitSeconds`) until other processes use less than `thresholdPercent` of one
 * core, so a run starts on a quiet machine when one can be had; says how long it waited and how
 * busy the machine was when it gave up or started.
 */
export interface QuietWait {
  waitedSeconds: number;
  /** CPU other processes used in the last second before the run, in % of one core. */
  otherCpuPercent: number | null;
}

export async function waitForQuietMachine(maxWaitSeconds: number, thresholdPercent = 25): Promise<QuietWait> {
  let waitedSeconds = 0;
  for (;;) {
    const busy = await otherCpuPercent(1);
    if (busy === null || busy < thresholdPercent || waitedSeconds >= maxWaitSeconds)
      return { waitedSeconds, otherCpuPercent: busy };
    waitedSeconds++;
  }
}
