// `npm run bench:sbi`: the sbi-bridge's discovery across 4501–4600 (nothing listening; three devices
// as three device services; three devices behind one service) and its capture overhead against the
// reference simulator with zero device delay. One JSON document on stdout, a summary on stderr.
import { rm } from 'node:fs/promises';
import { DEFAULT_DEVICES, startSimulator, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import { SbiBridge, openPorts } from '@signet-kiosk/sbi-bridge';
import { simulatorDataDir, simulatorTrust } from '@signet-kiosk/sbi-bridge/testing';
import { SBI_HOST, SBI_PORT_MAX, SBI_PORT_MIN } from '@signet-kiosk/shared/sbi';
import { machineInfo, startMachineCpu, waitForQuietMachine } from './harness/machine.js';
import { percentile, round2 } from './harness/percentiles.js';

const DISCOVERY_RUNS = Number(process.env.BENCH_SBI_DISCOVERY_RUNS ?? 30);
const CAPTURES = Number(process.env.BENCH_SBI_CAPTURES ?? 300);
const WARMUP = 10;
// BENCH_SBI_PORTS=14501-14600 moves the 100-port range elsewhere when tests occupy 4501–4600.
const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_SBI_PORTS ?? '');
const PORTS = range ? { min: Number(range[1]), max: Number(range[2]) } : { min: SBI_PORT_MIN, max: SBI_PORT_MAX };
const DOMAIN = 'https://id.signet.bench';
const log = (msg: string) => console.error(`[bench:sbi] ${msg}`);

function stats(samples: number[]): {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  otherCpuPercent: number | null;
} {
  const s = [...samples].sort((a, b) => a - b);
  return {
    runs: s.length,
    medianMs: percentile(s, 50),
    p95Ms: percentile(s, 95),
    minMs: round2(s[0] ?? 0),
    maxMs: round2(s[s.length - 1] ?? 0),
    otherCpuPercent: lastOtherCpu,
  };
}

/** CPU other processes used during the last measured series, in % of one core (this machine is shared). */
let lastOtherCpu: number | null = null;
const ownCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  const cpu = startMachineCpu();
  const own0 = ownCpuSeconds();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  lastOtherCpu = cpu.stop(ownCpuSeconds() - own0);
  return out;
}

async function discoveryFigures(bridge: SbiBridge, expectDevices: number) {
  for (let i = 0; i < WARMUP; i++) await bridge.discover();
  let seen = 0;
  const samples = await time(DISCOVERY_RUNS, async () => {
    seen = (await bridge.discover()).length;
  });
  if (seen !== expectDevices)
    log(`warning: expected ${expectDevices} devices, saw ${seen} (another device service in the range?)`);
  return { devicesSeen: seen, ...stats(samples) };
}

const dataDirs: string[] = [];
const sims: RunningSimulator[] = [];
async function sim(devices: (typeof DEFAULT_DEVICES)[number][]): Promise<RunningSimulator> {
  const dataDir = await simulatorDataDir();
  dataDirs.push(dataDir);
  const s = await startSimulator({ dataDir, portMin: PORTS.min, portMax: PORTS.max }, { devices });
  sims.push(s);
  return s;
}
async function closeAll(): Promise<void> {
  await Promise.all(sims.splice(0).map((s) => s.close()));
}

const [finger, iris, face] = DEFAULT_DEVICES;
const quiet = await waitForQuietMachine(Number(process.env.BENCH_QUIET_WAIT_S ?? 20));
log(`machine: other processes at ${quiet.otherCpuPercent ?? '?'}% of a core after waiting ${quiet.waitedSeconds} s`);
const listening = await openPorts(SBI_HOST, PORTS.min, PORTS.max, 150);
if (listening.length > 0) log(`warning: ports already listening in ${PORTS.min}–${PORTS.max}: ${listening.join(', ')}`);

// Nothing of ours listening. The trust policy does not matter here; a throw-away one is built below.
log('discovery, nothing listening…');
const first = await sim([finger!]);
const trust = simulatorTrust(first);
await closeAll();
const bridge = new SbiBridge({ trust, ports: PORTS });
const empty = await discoveryFigures(bridge, 0);

log('discovery, three devices as three device services…');
await sim([finger!]);
await sim([iris!]);
await sim([face!]);
const threeServices = await discoveryFigures(bridge, 3);
const ports = sims.map((s) => s.port);
await closeAll();

log('discovery, three devices behind one device service…');
await sim([finger!, iris!, face!]);
const oneService = await discoveryFigures(bridge, 3);

log(`capture overhead, ${CAPTURES} captures…`);
const s = sims[0]!;
const device = (await bridge.discover()).find((d) => d.type === 'Finger')!;
// What the kiosk runs with: no ID-system key, so the CAPTURE hash chain is left to the server.
const kiosk = new SbiBridge({ trust: { ...simulatorTrust(s), decryptionKey: undefined }, ports: PORTS });
let n = 0;
const capture = (b: SbiBridge) =>
  b.capture(device, { transactionId: `bench-${n++}`, domainUri: DOMAIN }).then((r) => {
    if (!r.verdict.trusted) throw new Error('an untrusted capture in the bench');
  });
for (let i = 0; i < WARMUP * 2; i++) await capture(kiosk);
const bridgeCapture = stats(await time(CAPTURES, () => capture(kiosk)));
// The same with the ID system's key (decrypt + hash chain too), as tests run it.
const withKey = new SbiBridge({ trust: simulatorTrust(s), ports: PORTS });
for (let i = 0; i < WARMUP; i++) await capture(withKey);
const bridgeCaptureWithKey = stats(await time(CAPTURES, () => capture(withKey)));
// The simulator alone: the same CAPTURE over fetch, answer read, nothing verified.
const rawCapture = stats(
  await time(CAPTURES, async () => {
    const res = await fetch(`${s.url}/capture`, {
      method: 'CAPTURE',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        env: 'Developer',
        purpose: 'Auth',
        specVersion: '0.9.5',
        timeout: '10000',
        captureTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        domainUri: DOMAIN,
        transactionId: `raw-${n++}`,
        customOpts: null,
        bio: [
          {
            type: 'Finger',
            count: '1',
            bioSubType: ['UNKNOWN'],
            requestedScore: '40',
            deviceId: device.deviceId,
            deviceSubId: '0',
            previousHash: '',
          },
        ],
      }),
    });
    await res.json();
  }),
);
await closeAll();
await Promise.all(dataDirs.map((d) => rm(d, { recursive: true, force: true })));

const report = {
  bench: 'sbi-bridge',
  machine: machineInfo(),
  quietWait: quiet,
  setup: [
    'bridge and simulator(s) in this one Node process (tsx), over 127.0.0.1; simulator with zero device delay',
    'discovery = TCP connect probe of every port of the range (4501–4600 unless BENCH_SBI_PORTS) in parallel (150 ms limit each), then discovery + signed device info per open port, deviceInfo and digitalId JWS verified against the CAs',
    `${WARMUP} warm-up runs before each measured series`,
    'threeServices: three simulator instances on three ports, one device each (finger, iris, face); oneService: one simulator exposing the three devices on one port',
    'otherCpuPercent: CPU used by other processes during the series, in % of one core (2-core machine shared with other sessions)',
    'capture: single finger, L1, sequential; bridgeCapture = capture() with the kiosk trust policy (signatures, chains, echoes, timestamps; no ID-system key); bridgeCaptureWithKey adds bioValue decryption and the hash chain; simulatorOnly = the same CAPTURE over fetch without the bridge',
  ],
  portRange: PORTS,
  portsAlreadyListening: listening,
  discovery: { targetMs: 300, nothingListening: empty, threeServices: { ports, ...threeServices }, oneService },
  capture: {
    targetMs: 30,
    bridgeCapture,
    bridgeCaptureWithKey,
    simulatorOnly: rawCapture,
    bridgeOverheadMedianMs: round2(bridgeCapture.medianMs - rawCapture.medianMs),
  },
};
console.log(JSON.stringify(report, null, 2));
log(
  `discovery median/p95: nothing ${empty.medianMs}/${empty.p95Ms} ms; 3 services ${threeServices.medianMs}/${threeServices.p95Ms} ms; 1 service ${oneService.medianMs}/${oneService.p95Ms} ms (target < 300)`,
);
log(
  `capture median/p95: bridge ${bridgeCapture.medianMs}/${bridgeCapture.p95Ms} ms; with key ${bridgeCaptureWithKey.medianMs}/${bridgeCaptureWithKey.p95Ms} ms; simulator only ${rawCapture.medianMs}/${rawCapture.p95Ms} ms (target < 30)`,
);
