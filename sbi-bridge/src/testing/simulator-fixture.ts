// Test support: real simulators for the bridge's tests without paying for RSA key generation in
// every file (the simulator's PKI is made once per machine in a cache and copied), a distinct port
// block per test file, and a bridge that trusts the simulator's CAs.
import { cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSimulatorPki } from '../../simulator/pki-store.js';
import { DEFAULT_DEVICES, SIM_PROVIDER } from '../../simulator/devices.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/server.js';
import type { SimulatorConfigInput } from '../../simulator/config.js';
import { SbiBridge, type SbiBridgeOptions } from '../bridge.js';
import type { TrustPolicy } from '../trust/anchors.js';

const CACHE = join(tmpdir(), 'signet-sbi-bridge-test-pki-v1');
const LOCK = `${CACHE}.lock`;
const READY = join(CACHE, 'ready');

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Makes the cached PKI once (a mkdir lock keeps parallel test files from making it twice). */
async function cachedPki(): Promise<string> {
  for (let waited = 0; !(await exists(READY)); waited += 100) {
    try {
      await mkdir(LOCK);
    } catch {
      // Another file is making it; a lock older than two minutes is left over from a crash.
      const lock = await stat(LOCK).catch(() => undefined);
      if (lock && Date.now() - lock.mtimeMs > 120_000) await rm(LOCK, { recursive: true, force: true });
      if (waited > 120_000) throw new Error('timed out waiting for the test PKI cache');
      await sleep(100);
      continue;
    }
    try {
      await loadSimulatorPki(
        CACHE,
        DEFAULT_DEVICES.map((d) => d.serialNo),
      );
      await writeFile(READY, new Date().toISOString());
    } finally {
      await rm(LOCK, { recursive: true, force: true });
    }
  }
  return join(CACHE, 'pki');
}

/** A fresh data folder holding a copy of the cached PKI (the simulator renews what is expiring). */
export async function simulatorDataDir(): Promise<string> {
  const pki = await cachedPki();
  const dir = await mkdtemp(join(tmpdir(), 'sbi-bridge-test-'));
  await cp(pki, join(dir, 'pki'), { recursive: true });
  return dir;
}

/** Where port blocks lie: below Linux's ephemeral range, and away from the simulators' own tests. */
export const PORT_BLOCK_REGION = { min: 10_000, max: 19_999 };

/**
 * The ports of PORT_BLOCK_REGION that fetch refuses to reach (the Fetch standard's "bad ports"):
 * a simulator bound there answers the bridge's TCP probe, then every request fails with "bad port".
 */
export const FETCH_BLOCKED_PORTS: readonly number[] = [10_080];

/**
 * A block of 20 ports for one test file: `fileIndex` keeps files apart, a random offset keeps
 * repeated runs apart. Outside 4501–4600, so that other tests' device services (and a real one on
 * this machine) are never seen, and without a port fetch refuses.
 */
export function portBlock(fileIndex: number): { min: number; max: number } {
  for (;;) {
    const min = PORT_BLOCK_REGION.min + fileIndex * 1_000 + Math.floor(Math.random() * 49) * 20;
    if (!FETCH_BLOCKED_PORTS.some((port) => port >= min && port <= min + 19)) return { min, max: min + 19 };
  }
}

/**
 * The site the test bridges capture for: their Origin and the domainUri of their captures, since a
 * device service refuses a page's capture for another site than the page's own.
 */
export const TEST_SITE = 'https://id.signet.test';

/** Starts a simulator in a fresh data folder within the port range; it lets TEST_SITE's pages in. */
export async function startTestSimulator(
  ports: { min: number; max: number },
  config: Omit<SimulatorConfigInput, 'dataDir' | 'portMin' | 'portMax'> = {},
  opts: SimulatorOptions = {},
): Promise<RunningSimulator & { dataDir: string }> {
  const dataDir = await simulatorDataDir();
  const sim = await startSimulator(
    { dataDir, portMin: ports.min, portMax: ports.max, allowedOrigins: [TEST_SITE], ...config },
    opts,
  );
  const closeSimulator = sim.close;
  return Object.assign(sim, {
    dataDir,
    close: async () => {
      await closeSimulator();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

/** The trust policy for a simulator's PKI (its CAs, the device one for its provider; its ID-system key for hash-chain checks). */
export function simulatorTrust(sim: RunningSimulator, extra: Partial<TrustPolicy> = {}): TrustPolicy {
  return {
    deviceProviderCas: [sim.pki.deviceProviderCa.certificate],
    ftmCas: [sim.pki.ftmCa.certificate],
    env: sim.config.env,
    deviceProviders: new Map([[sim.pki.deviceProviderCa.certificate.fingerprint256, SIM_PROVIDER]]),
    encryptionCertificate: sim.pki.encryption.certificate,
    decryptionKey: sim.pki.encryption.privateKey,
    ...extra,
  };
}

/** A bridge that scans the port block and trusts the simulator. */
export function testBridge(
  sim: RunningSimulator,
  ports: { min: number; max: number },
  opts: Partial<SbiBridgeOptions> = {},
): SbiBridge {
  return new SbiBridge({ trust: simulatorTrust(sim), ports, origin: TEST_SITE, ...opts });
}

/**
 * Calls the simulator's admin API (delays, faults, status, profile, reset).
 * @example await simulatorAdmin(sim, 'POST', '/admin/faults', { fault: 'badSignature', count: 1 });
 */
export async function simulatorAdmin(
  sim: RunningSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(sim.url + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as unknown;
  if (res.status !== 200) throw new Error(`simulator admin ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
