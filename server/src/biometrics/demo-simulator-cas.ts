// In demo mode the reference simulator's CAs are trusted for env Developer, its device-provider CA
// for the simulator's devices only. The simulator may start after the server and renew its PKI, so
// the files are read lazily and re-read when they change (checked at most once a second); the
// parsed certificates are kept meanwhile.
import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TrustKind } from './trust-store-schema.js';

/** Where the simulator keeps its PKI, relative to the server's data folder (see sbi-bridge/simulator/pki-store.ts). */
export const SIMULATOR_PKI_DIR = path.join('sbi-simulator', 'pki');

/**
 * The provider the simulator's digitalIds name (SIM_PROVIDER, sbi-bridge/simulator/devices.ts): the
 * one its device-provider CA may certify. Fixed here rather than read from the CA's O, which data
 * folders made before the CA named it say otherwise.
 */
export const SIMULATOR_DEVICE_PROVIDER = 'Signet Simulated Devices';

const FILES: Record<TrustKind, string> = { 'device-provider': 'device-provider-ca.crt.pem', ftm: 'ftm-ca.crt.pem' };

interface Loaded {
  /** mtime and size of the file when it was read; '' when it was missing or unreadable. */
  stamp: string;
  certificate: X509Certificate | undefined;
}

export class DemoSimulatorCas {
  private readonly loaded = new Map<TrustKind, Loaded>();
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<boolean> | undefined;

  constructor(
    readonly pkiDir: string,
    private readonly recheckMs = 1000,
  ) {}

  /** The simulator's CA of this kind, if its file exists and is a CA certificate. */
  certificate(kind: TrustKind): X509Certificate | undefined {
    return this.loaded.get(kind)?.certificate;
  }

  /** Re-reads the files if they changed since the last look; true when a certificate changed. */
  async refresh(now = Date.now()): Promise<boolean> {
    if (now - this.checkedAt < this.recheckMs) return false;
    this.checking ??= this.reread().finally(() => {
      this.checkedAt = Date.now();
      this.checking = undefined;
    });
    return this.checking;
  }

  private async reread(): Promise<boolean> {
    let changed = false;
    for (const kind of Object.keys(FILES) as TrustKind[]) {
      const file = path.join(this.pkiDir, FILES[kind]);
      const stamp = await stat(file).then(
        (s) => `${s.mtimeMs}:${s.size}`,
        () => '',
      );
      if (this.loaded.get(kind)?.stamp === stamp) continue;
      const certificate = stamp === '' ? undefined : await readCa(file);
      const before = this.loaded.get(kind)?.certificate?.fingerprint256;
      this.loaded.set(kind, { stamp, certificate });
      if (before !== certificate?.fingerprint256) changed = true;
    }
    return changed;
  }
}

async function readCa(file: string): Promise<X509Certificate | undefined> {
  try {
    const cert = new X509Certificate(await readFile(file));
    return cert.ca ? cert : undefined;
  } catch {
    // Half-written by a simulator starting right now: the next look reads it again.
    return undefined;
  }
}
