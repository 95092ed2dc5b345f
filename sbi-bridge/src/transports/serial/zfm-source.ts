// Finds ZFM modules for the bridge: the ports behind known USB-UART bridges (plus any configured
// paths), probed with VfyPwd; each module that answers becomes a ZfmSbiEndpoint (an L0 device).
import type { EndpointSource, SbiEndpoint } from '../endpoint.js';
import { listCandidatePorts, type PortLister, type PortListing } from './usb-uart-bridges.js';
import { ZfmSbiEndpoint, type ZfmEndpointOptions } from './zfm-endpoint.js';
import { probeZfm, type ZfmProbeResult } from './zfm-probe.js';

export interface ZfmSourceOptions extends Omit<ZfmEndpointOptions, 'path' | 'serialNo'> {
  /** Ports to try whatever the USB listing says (a pseudo-terminal, a port udev cannot describe). */
  paths?: readonly string[];
  /** List ports behind known USB-UART bridges; default true. */
  listPorts?: boolean;
  /** How ports are listed; SerialPort.list by default. */
  lister?: PortLister;
  /** Per-port probe timeout; default 1,500 ms. */
  probeTimeoutMs?: number;
}

/**
 * The serial endpoint source. Modules found once stay endpoints (their port stays open); a module
 * unplugged makes its endpoint fail with ERR_BRIDGE_NO_DEVICE until it answers again. When ports
 * cannot be listed (no udevadm) and no configured path holds a module, list() rejects with the reason.
 * @example const bridge = new SbiBridge({ trust, sources: [new ZfmEndpointSource({ dataDir: 'data/sbi-bridge' })] });
 */
export class ZfmEndpointSource implements EndpointSource {
  readonly name = 'serial-zfm';
  private readonly endpoints = new Map<string, ZfmSbiEndpoint>();
  /** What the last list() saw: the port listing and each probe, for the operator console. */
  lastScan: { listing: PortListing | undefined; probes: ZfmProbeResult[] } = { listing: undefined, probes: [] };

  constructor(private readonly opts: ZfmSourceOptions) {}

  async list({ signal }: { signal: AbortSignal }): Promise<readonly SbiEndpoint[]> {
    const listing = this.opts.listPorts === false ? undefined : await listCandidatePorts(this.opts.lister);
    const serials = new Map<string, string>();
    const paths = new Set(this.opts.paths ?? []);
    if (listing?.available) {
      for (const p of listing.ports) {
        paths.add(p.path);
        if (p.serialNumber) serials.set(p.path, `ZFM-${p.serialNumber}`);
      }
    }
    const fresh = [...paths].filter((p) => !this.endpoints.has(p));
    const probes = await Promise.all(
      fresh.map((path) =>
        probeZfm(path, {
          signal,
          timeoutMs: this.opts.probeTimeoutMs ?? 1_500,
          ...(this.opts.password === undefined ? {} : { password: this.opts.password }),
          ...(this.opts.address === undefined ? {} : { address: this.opts.address }),
          ...(this.opts.baudRate === undefined ? {} : { baudRate: this.opts.baudRate }),
        }),
      ),
    );
    for (const probe of probes) {
      // A module that refuses the password is listed too: it shows as Not Ready with the reason.
      if (!probe.answered) continue;
      const {
        paths: _paths,
        listPorts: _listPorts,
        lister: _lister,
        probeTimeoutMs: _probeTimeoutMs,
        ...endpointOpts
      } = this.opts;
      const serialNo = serials.get(probe.path);
      this.endpoints.set(
        probe.path,
        await ZfmSbiEndpoint.create({ ...endpointOpts, path: probe.path, ...(serialNo ? { serialNo } : {}) }),
      );
    }
    this.lastScan = { listing, probes };
    const found = [...this.endpoints.values()];
    // Nothing to show and ports could not be listed: say why (the survey lists it as a source failure).
    if (found.length === 0 && listing && !listing.available) throw new Error(listing.reason);
    return found;
  }

  /** Closes every module's port. */
  async close(): Promise<void> {
    await Promise.all([...this.endpoints.values()].map((e) => e.close()));
    this.endpoints.clear();
  }
}
