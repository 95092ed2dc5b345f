// `npm run bench:kiosk`: the kiosk main process's capture-to-submission overhead — the bridge's
// request build, verification of the signed capture (signatures, chains, echoes, timestamps) and
// challenge encoding, the kiosk's quality check and holding, then taking the held capture, building
// the BIO challenge list and signing the kiosk attestation — against the reference simulator.
// The device's own time (the CAPTURE call, as the bridge times it) is subtracted, and nothing is
// sent to a server. Median and p99 over BENCH_KIOSK_RUNS (≥ 200); target < 50 ms. One JSON document on stdout.
import { randomBytes } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { SbiBridge, type CaptureOptions, type CaptureResult, type DeviceRef } from '@signet-kiosk/sbi-bridge';
import { portBlock, simulatorTrust, startTestSimulator, TEST_SITE } from '@signet-kiosk/sbi-bridge/testing';
import { esignetSbiTransactionId } from '@signet-kiosk/shared/sbi';
import { KioskSbi, LinkActions } from '@signet-kiosk/kiosk/main';
import { machineInfo, startMachineCpu, waitForQuietMachine } from './harness/machine.js';
import { percentile, round2 } from './harness/percentiles.js';

const RUNS = Math.max(200, Number(process.env.BENCH_KIOSK_RUNS ?? 300));
const WARMUP = 20;
const TARGET_MS = 50;
const QUIET_WAIT_S = Number(process.env.BENCH_QUIET_WAIT_S ?? 10);
const log = (msg: string) => console.error(`[bench:kiosk] ${msg}`);

/** The bridge as the kiosk uses it, noting the device's own time of each capture. */
class TimedBridge extends SbiBridge {
  lastDeviceMs = 0;
  override async capture(target: DeviceRef, o: CaptureOptions): Promise<CaptureResult> {
    const result = await super.capture(target, o);
    this.lastDeviceMs = result.durationMs;
    return result;
  }
}

const sim = await startTestSimulator(portBlock(7));
try {
  const bridge = new TimedBridge({
    trust: simulatorTrust(sim),
    ports: { min: sim.config.portMin, max: sim.config.portMax },
    origin: TEST_SITE,
    discoveryTimeoutMs: 5000,
  });
  const sbi = new KioskSbi({ bridge, requestedScore: { Finger: 60, Iris: 60, Face: 60 }, rescanIntervalMs: 600_000 });
  const finger = (await sbi.discover()).find((d) => d.modality === 'Finger');
  if (!finger) throw new Error('the simulator offers no finger device');
  const { privateKey } = await generateKeyPair('ES256');
  const link = new LinkActions({
    serverUrl: TEST_SITE,
    kioskId: 'bench-kiosk',
    privateKey,
    session: {
      use: () => {
        throw new Error('not used');
      },
      refusedWith: () => false,
    },
    captures: sbi,
  });
  const accessToken = randomBytes(32).toString('base64url');

  /** One capture and its submission's preparation; the kiosk's own milliseconds. */
  async function once(): Promise<number> {
    const linkTransactionId = randomBytes(16).toString('base64url');
    const sbiTransactionId = esignetSbiTransactionId(linkTransactionId);
    const captureId = randomBytes(16).toString('base64url');
    const t0 = performance.now();
    await sbi.capture({
      captureId,
      deviceKey: finger!.key,
      transactionId: sbiTransactionId,
      domainUri: TEST_SITE,
      count: 1,
      timeoutMs: 10_000,
    });
    const captures = sbi.takeCaptures([captureId], sbiTransactionId);
    await link.prepare(captures, {
      accessToken,
      operatorSub: 'bench-operator',
      linkTransactionId,
      issuer: TEST_SITE,
      individualId: '2804195602',
    });
    return performance.now() - t0 - bridge.lastDeviceMs;
  }

  log(`warming up (${WARMUP})…`);
  for (let i = 0; i < WARMUP; i++) await once();
  const quietWait = await waitForQuietMachine(QUIET_WAIT_S);
  log(`${RUNS} captures and submissions…`);
  const cpu = startMachineCpu();
  const own0 = process.cpuUsage();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await once());
  const own = process.cpuUsage(own0);
  const otherCpuPercent = cpu.stop((own.user + own.system) / 1e6);
  samples.sort((a, b) => a - b);
  const figures = {
    bench: 'kiosk-submission',
    runs: RUNS,
    medianMs: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    minMs: round2(samples[0]!),
    maxMs: round2(samples.at(-1)!),
    targetMs: TARGET_MS,
    withinTarget: percentile(samples, 99) < TARGET_MS,
    otherCpuPercent,
    quietWait,
    machine: machineInfo(),
  };
  console.log(JSON.stringify(figures, null, 2));
  log(`median ${figures.medianMs} ms, p99 ${figures.p99Ms} ms (target < ${TARGET_MS} ms)`);
  await sbi.close();
} finally {
  await sim.close();
}
