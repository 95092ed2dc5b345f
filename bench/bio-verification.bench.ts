// Server BIO verification throughput (`npm run bench:bio`): single-finger captures made
// beforehand with the simulator's PKI (loadSimulatorPki) and the shared signing functions, then
// verified one after another in this process — the server core's checks (signatures, chains,
// timestamps, replay cache: CaptureVerifier) and, separately and together, the reference ID
// system's decrypt + hash chain + match (mock-identity kycAuth). Prints one JSON document; a
// figure with a high otherProcessesCpuPercent was measured on a busy machine (a lower bound).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { SIM_PROVIDER, loadSimulatorPki } from '@signet-kiosk/sbi-bridge/simulator';
import {
  DemoSimulatorCas,
  SIMULATOR_PKI_DIR,
  TrustStore,
  CaptureVerifier,
  MemoryKvStore,
  SqliteRegistry,
} from '@signet-kiosk/server/bench';
import { challengeOf, makeCaptures, type CapturePki, createMockIdentity } from '@signet-kiosk/server/testing';
import { loadConfig } from '@signet-kiosk/server';
import { esignetSbiTransactionId } from '@signet-kiosk/shared/sbi';
import { machineInfo, startMachineCpu, waitForQuietMachine, type QuietWait } from './harness/machine.js';
import { percentile, round2 } from './harness/percentiles.js';

const N = Number(process.env.BENCH_BIO_N ?? 2000);
/** How long each run may wait for other processes to calm down (shared 2-core machine). */
const QUIET_WAIT_S = Number(process.env.BENCH_QUIET_WAIT_S ?? 10);
const WARMUP = Math.min(100, Math.floor(N / 10));
const TARGET_PER_SECOND = 500;
const ISSUER = 'http://127.0.0.1:8088';
const RESIDENT = '2804195602';
const SERIAL = 'SIM-FNG-0001';

interface Sample {
  transactionId: string;
  challenge: string;
}

interface Figures {
  quietWait: QuietWait;
  verificationsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  otherProcessesCpuPercent: number | null;
}

/** Runs `step` on every sample in order (the first WARMUP untimed); throughput and latency percentiles. */
async function measure(samples: readonly Sample[], step: (s: Sample) => Promise<void>): Promise<Figures> {
  for (const s of samples.slice(0, WARMUP)) await step(s);
  const quietWait = await waitForQuietMachine(QUIET_WAIT_S);
  const timed = samples.slice(WARMUP);
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const machine = startMachineCpu();
  const t0 = performance.now();
  for (const s of timed) {
    const t = performance.now();
    await step(s);
    latencies.push(performance.now() - t);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  return {
    quietWait,
    verificationsPerSecond: Math.round(timed.length / seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    otherProcessesCpuPercent: machine.stop((cpu.user + cpu.system) / 1e6),
  };
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-bio-bench-'));
try {
  // The plugin first: its encryption certificate is what devices encrypt for.
  const plugin = await createMockIdentity({
    dataDir,
    demo: true,
    issuer: ISSUER,
    adminToken: undefined,
    logger: pino({ level: 'silent' }),
  });
  const encryption = await plugin.encryptionCertificate();
  const sim = await loadSimulatorPki(path.join(dataDir, 'sbi-simulator'), [SERIAL]);
  const keys = sim.devices.get(SERIAL)!;
  // The digitalId names the device whose key signs (the server binds them by certificate subject).
  const pki: CapturePki = {
    deviceProviderCa: sim.deviceProviderCa,
    ftmCa: sim.ftmCa,
    device: keys.device,
    ftm: keys.ftm,
    encryption: sim.encryption,
    digitalId: { serialNo: SERIAL, deviceProvider: SIM_PROVIDER },
  };

  process.stderr.write(`bio bench: making ${N} single-finger captures…\n`);
  const samples: Sample[] = [];
  for (let i = 0; i < N; i++) {
    const transactionId = randomBytes(32).toString('base64url');
    const items = await makeCaptures(
      pki,
      [{ transactionId: esignetSbiTransactionId(transactionId), domainUri: ISSUER, env: 'Developer', seed: RESIDENT }],
      encryption,
    );
    samples.push({ transactionId, challenge: challengeOf(items) });
  }

  const policy = loadConfig({}, { issuer: ISSUER, demo: true }).biometrics;
  // Demo mode: the simulator's CAs are trusted from its PKI folder, as in `npm start`.
  const trust = new TrustStore(new SqliteRegistry(':memory:'), {
    demoSimulator: new DemoSimulatorCas(path.join(dataDir, SIMULATOR_PKI_DIR)),
  });
  const verifier = () => new CaptureVerifier(policy, trust, new MemoryKvStore());

  process.stderr.write('bio bench: server core checks…\n');
  const core = verifier();
  const coreFigures = await measure(samples, async (s) => {
    await core.verify({ challenge: s.challenge, transactionId: s.transactionId });
  });

  process.stderr.write('bio bench: ID system (decrypt, hash chain, match)…\n');
  let rejected = 0;
  const kyc = (s: Sample) =>
    plugin.kycAuth({
      transactionId: s.transactionId,
      clientId: 'bench',
      relyingPartyId: 'bench',
      individualId: RESIDENT,
      challenges: [{ authFactorType: 'BIO', challenge: s.challenge, format: 'encoded-json' }],
    });
  const pluginFigures = await measure(samples, async (s) => {
    if (!(await kyc(s)).ok) rejected++;
  });

  process.stderr.write('bio bench: both, as authenticate runs them…\n');
  const both = verifier();
  const combinedFigures = await measure(samples, async (s) => {
    await both.verify({ challenge: s.challenge, transactionId: s.transactionId });
    await kyc(s);
  });
  await plugin.close?.();

  const report = {
    bench: 'bio-verification',
    machine: machineInfo(),
    captures: N,
    warmup: WARMUP,
    capture: { type: 'Finger', count: 1, challengeBytes: samples[0]!.challenge.length },
    serverCore: coreFigures,
    idSystem: { ...pluginFigures, genuineRejected: rejected },
    combined: combinedFigures,
    target: {
      verificationsPerSecond: TARGET_PER_SECOND,
      measure: 'combined',
      pass: combinedFigures.verificationsPerSecond >= TARGET_PER_SECOND,
    },
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.stderr.write(
    `server core ${coreFigures.verificationsPerSecond}/s (p50 ${round2(coreFigures.p50Ms)} ms, p99 ${round2(coreFigures.p99Ms)} ms); ` +
      `ID system ${pluginFigures.verificationsPerSecond}/s; combined ${combinedFigures.verificationsPerSecond}/s (target ${TARGET_PER_SECOND}/s)\n`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
