// What every transport gives the bridge: an endpoint that answers SBI operations with the wire
// JSON (HTTP device services, a serial module wrapped as an L0 device), and sources that find them.
import type { SbiDialect } from '@signet-kiosk/shared/sbi';

/** The operations an endpoint answers with one JSON body. */
export type SbiCallOperation = 'discover' | 'info' | 'capture' | 'rcapture';

export type TransportKind = 'http' | 'serial';

export interface EndpointCallOptions {
  /** Which dialect to speak (HTTP picks verbs and paths by it; in-process endpoints may ignore it). */
  dialect: SbiDialect;
  /** Hard limit for this call, connection to last byte. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * One SBI device service, however it is reached. `call` resolves to the answer's JSON, untyped:
 * the bridge parses every answer with the shared schemas and verifies it, whatever the transport.
 * Failures reject with SbiBridgeError (ERR_BRIDGE_TIMEOUT, _ABORTED, _NO_DEVICE, _CONNECTION,
 * _HTTP_STATUS, _MALFORMED_RESPONSE, _CONSENT_DENIED).
 */
export interface SbiEndpoint {
  /** Stable and unique: `http://127.0.0.1:4501`, `serial:/dev/ttyUSB0`. */
  readonly id: string;
  readonly transport: TransportKind;
  /** The TCP port, for HTTP endpoints. */
  readonly port?: number;
  /** Dialects worth trying, preferred first; defaults to the bridge's list. */
  readonly dialects?: readonly SbiDialect[];
  call(operation: SbiCallOperation, body: unknown, opts: EndpointCallOptions): Promise<unknown>;
  /** M-JPEG preview frames (each a JPEG), for devices that stream; ends when the device ends it. */
  stream?(body: unknown, opts: EndpointCallOptions): AsyncIterable<Uint8Array>;
}

/** Finds endpoints other than HTTP ports, e.g. serial fingerprint modules (see transports/serial/). */
export interface EndpointSource {
  readonly name: string;
  list(opts: { signal: AbortSignal }): Promise<readonly SbiEndpoint[]>;
}

/** A scanner seen on USB (see hid/), whether or not an SBI service answers for it. */
export interface AttachedScanner {
  vendorId: number;
  productId: number;
  /** `SecuGen`, `DigitalPersona`, … from the known-scanner table. */
  vendor: string;
  product?: string;
  serialNumber?: string;
  /** Where the OS sees it, e.g. a hidraw path. */
  path?: string;
}

/** Reports attached scanners; `available` false when the presence check cannot run (no node-hid/libusb). */
export interface PresenceSource {
  readonly name: string;
  list(opts: {
    signal: AbortSignal;
  }): Promise<{ available: true; scanners: readonly AttachedScanner[] } | { available: false; reason: string }>;
}
