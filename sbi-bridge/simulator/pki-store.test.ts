// The simulator's PKI passes the certification-path checks every verifier applies (CAs with cA
// and keyCertSign, device and FTM keys with digitalSignature), and its fault signers fail them.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertificatePath } from '@signet-kiosk/shared/sbi/crypto';
import { simulatorDataDir } from '../src/testing/simulator-fixture.js';
import { DEFAULT_DEVICES } from './devices.js';
import { loadFaultSigner, loadSimulatorPki, type SimulatorPki } from './pki-store.js';

let dataDir: string;
let pki: SimulatorPki;
const now = new Date();

beforeAll(async () => {
  dataDir = await simulatorDataDir();
  pki = await loadSimulatorPki(
    dataDir,
    DEFAULT_DEVICES.map((d) => d.serialNo),
  );
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('simulator PKI', () => {
  it('issues device keys that chain to the device-provider CA and FTM keys that chain to the FTM CA', async () => {
    for (const { serialNo } of DEFAULT_DEVICES) {
      const { device, ftm } = pki.devices.get(serialNo)!;
      expect(
        await buildCertificatePath(device.certificate, {
          trustAnchors: [pki.deviceProviderCa.certificate],
          intermediates: [],
          now,
        }),
      ).toHaveLength(2);
      expect(
        await buildCertificatePath(ftm.certificate, { trustAnchors: [pki.ftmCa.certificate], intermediates: [], now }),
      ).toHaveLength(2);
    }
  });

  it('keeps its fault signers failing as they are meant to (expired, untrusted), and the foreign provider’s chain sound', async () => {
    const [serial] = DEFAULT_DEVICES.map((d) => d.serialNo);
    const pathOf = async (kind: 'expired' | 'untrusted' | 'foreignProvider') => {
      const {
        certificates: [leaf, ...intermediates],
      } = await loadFaultSigner(dataDir, pki, serial!, kind);
      return buildCertificatePath(leaf!, { trustAnchors: [pki.deviceProviderCa.certificate], intermediates, now });
    };
    expect(await pathOf('foreignProvider')).toHaveLength(2);
    await expect(pathOf('expired')).rejects.toMatchObject({ code: 'ERR_SBI_CERT_EXPIRED' });
    await expect(pathOf('untrusted')).rejects.toMatchObject({ code: 'ERR_SBI_CERT_UNTRUSTED' });
  });
});
