// One set of SBI trust rules, two certificate implementations: the bridge (node:crypto) and the
// browser's SBI client (WebCrypto and the DER reader) judge the same simulator answers — devices
// under several trust policies, captures with every signing and echo fault the simulator can
// inject — and must give the same issues, in the same order, at the same places (the bridge's own
// decryption and hash-chain checks aside: the browser holds no ID-system key).
import type { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeviceInfoResponseSchema,
  DiscoveryResponseSchema,
  judgeCapture,
  judgeDevices,
  webCertificates,
  webToolkit,
  type DeviceTrustPolicy,
  type TrustVerdict,
  type WebCertificate,
} from '@signet-kiosk/shared/sbi';
import type { SbiBridge, SbiDevice, TrustPolicy } from '@signet-kiosk/sbi-bridge';
import {
  portBlock,
  simulatorAdmin,
  simulatorTrust,
  startTestSimulator,
  testBridge,
  TEST_SITE,
} from '@signet-kiosk/sbi-bridge/testing';
import type { RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';

const PORTS = portBlock(8);
const TRANSACTION_ID = 'abcdEFGH12';

let sim: RunningSimulator & { dataDir: string };

/** The same policy with the browser's certificates. */
async function webPolicy(policy: TrustPolicy): Promise<DeviceTrustPolicy<WebCertificate>> {
  const web = (certs: readonly X509Certificate[]) => webCertificates(certs.map((c) => c.raw.toString('base64')));
  const { deviceProviderCas, ftmCas, encryptionCertificate: _e, decryptionKey: _d, ...rest } = policy;
  return { ...rest, deviceProviderCas: await web(deviceProviderCas), ftmCas: await web(ftmCas) };
}

const issuesOf = (v: TrustVerdict) =>
  v.issues
    .filter((i) => i.category !== 'hash-chain' && i.category !== 'encryption')
    .map((i) => [i.code, i.severity, i.at]);

/** The bridge's devices; a scan that found nothing is tried again (its probes time out on a loaded machine). */
async function bridgeDevices(bridge: SbiBridge): Promise<SbiDevice[]> {
  for (let attempt = 1; ; attempt++) {
    const devices = await bridge.discover();
    if (devices.length > 0 || attempt === 3) return devices;
  }
}

async function sbiJson(verb: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(sim.url + path, {
    method: verb,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return res.json();
}

beforeAll(async () => {
  sim = await startTestSimulator(PORTS);
});
afterAll(async () => {
  await sim?.close();
});

describe('the bridge and the browser judge alike', () => {
  it.each<[string, (p: TrustPolicy) => TrustPolicy]>([
    ['the simulator trusted', (p) => p],
    ['its device-provider CA not trusted', (p) => ({ ...p, deviceProviderCas: [] })],
    ['its FTM CA not trusted', (p) => ({ ...p, ftmCas: [] })],
    [
      'its CA trusted for another provider',
      (p) => ({ ...p, deviceProviders: new Map([[p.deviceProviderCas[0]!.fingerprint256, 'Another Provider']]) }),
    ],
    ['another environment', (p) => ({ ...p, env: 'Production' })],
  ])('devices: %s', async (_name, change) => {
    const policy = change(simulatorTrust(sim));
    const nodeDevices = await bridgeDevices(testBridge(sim, PORTS, { trust: policy }));
    const entries = DiscoveryResponseSchema.parse(await sbiJson('MOSIPDISC', '/device', { type: 'Biometric Device' }));
    const infos = DeviceInfoResponseSchema.parse(await sbiJson('MOSIPDINFO', '/info'));
    const webJudged = await judgeDevices({ entries, infos, toolkit: webToolkit, policy: await webPolicy(policy) });
    expect(webJudged.map((j) => [j.digitalId?.serialNo, j.verdict.trusted, issuesOf(j.verdict)])).toEqual(
      nodeDevices.map((d) => [d.serialNo, d.verdict.trusted, issuesOf(d.verdict)]),
    );
  });

  describe('captures', () => {
    let bridge: SbiBridge;
    let finger: SbiDevice;
    let policy: TrustPolicy;
    beforeAll(async () => {
      policy = simulatorTrust(sim);
      bridge = testBridge(sim, PORTS);
      finger = (await bridgeDevices(bridge)).find((d) => d.type === 'Finger' && d.purpose === 'Auth')!;
    });

    it.each([
      [{}],
      [{ fault: 'badSignature' }],
      [{ fault: 'expiredCert' }],
      [{ fault: 'untrustedCa' }],
      [{ fault: 'wrongTransactionId' }],
      [{ fault: 'clockSkew', seconds: -300 }],
      [{ fault: 'millisecondsInTimestamps' }],
      [{ fault: 'foreignDeviceKey' }],
      [{ fault: 'foreignProviderCert' }],
      [{ fault: 'wrongDeviceType' }],
      [{ fault: 'staleDigitalId' }],
    ])('capture with %j', async (fault) => {
      await simulatorAdmin(sim, 'POST', '/admin/reset', {});
      if ('fault' in fault) await simulatorAdmin(sim, 'POST', '/admin/faults', { ...fault, count: 1 });
      const startedAt = new Date();
      const result = await bridge.capture(finger, {
        transactionId: TRANSACTION_ID,
        domainUri: TEST_SITE,
        allowUntrusted: true,
      });
      const finishedAt = new Date();
      const { v } = await judgeCapture({
        mode: 'capture',
        request: result.request,
        biometrics: result.biometrics,
        startedAt,
        finishedAt,
        toolkit: webToolkit,
        policy: await webPolicy(policy),
        device: {
          certification: finger.certification,
          serialNo: finger.serialNo,
          deviceCertificateFingerprint: finger.verdict.deviceCertificate?.fingerprint256,
        },
      });
      const web = v.build();
      expect(issuesOf(web)).toEqual(issuesOf(result.verdict));
      // The faults are seen at all (every one of these breaks a rule).
      if ('fault' in fault) expect(web.issues.length).toBeGreaterThan(0);
    });
  });
});
