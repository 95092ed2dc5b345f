// A ZFM module on a serial port presented to the bridge as an SBI endpoint: one L0 finger device
// (software keys) for registration and diagnostics only. Discovery, device info and RCAPTURE are
// answered in SBI's wire JSON; CAPTURE (authentication) is always refused, since L0 cannot be used for it.
import { createHash } from 'node:crypto';
import {
  sbiError,
  type SbiErrorObject,
  DeviceInfoPayload095StrictSchema,
  DigitalIdSchema,
  encodeUnsignedDigitalId,
  type DigitalId,
  DiscoveryEntry095StrictSchema,
  DiscoveryRequestSchema,
  type DiscoveryEntry095,
  FINGER_SUB_TYPES,
  type DeviceStatus,
  type Env,
  RegistrationCaptureDataStrictSchema,
  RegistrationCaptureRequestSchema,
  type RegistrationCaptureRequest,
  sbiTimestamp,
  SBI_TRANSACTION_ID_PATTERN,
  type SbiDialect,
} from '@signet-kiosk/shared/sbi';
import { hashChain, signJwsX5c } from '@signet-kiosk/shared/sbi/crypto';
import { SbiBridgeError } from '../../errors.js';
import type { EndpointCallOptions, SbiCallOperation, SbiEndpoint } from '../endpoint.js';
import { loadSoftwareDeviceKeys, type SoftwareDeviceKeys } from './software-device-keys.js';
import { captureZfmFinger } from './zfm-capture.js';
import { ZfmDriver, type ZfmSystemParameters } from './zfm-driver.js';
import { ZFM_ERRORS, ZfmError, type ZfmErrorCode } from './zfm-errors.js';

/** How the device describes itself; the provider is this bridge, since it holds the keys. */
export const ZFM_DEVICE_DESCRIPTION = {
  deviceId: '1',
  make: 'ZhianTec',
  model: 'ZFM/R30x/AS608 serial fingerprint module',
  deviceProvider: 'Signet Kiosk sbi-bridge (software keys, L0)',
  deviceProviderId: 'signet.sbi-bridge.serial',
  serviceVersion: '0.9.5',
} as const;

/**
 * The SBI error a device refusal becomes in the answer body; ZFM errors not listed here are
 * failures of the link and reject the call with SbiBridgeError instead.
 */
export const ZFM_SBI_CODES: Partial<Record<ZfmErrorCode, string>> = {
  ERR_ZFM_CAPTURE_TIMEOUT: '701',
  ERR_ZFM_NO_FINGER: '101',
  ERR_ZFM_IMAGE_FAIL: '102',
  ERR_ZFM_IMAGE_MESSY: '102',
  ERR_ZFM_TOO_FEW_FEATURES: '102',
  ERR_ZFM_NO_MATCH: '102',
  ERR_ZFM_NOT_FOUND: '102',
  ERR_ZFM_UPLOAD_FAILED: '102',
  ERR_ZFM_NO_VALID_IMAGE: '102',
  ERR_ZFM_WRONG_PASSWORD: '110',
  ERR_ZFM_PACKET_ERROR: '500',
  // Vendor range: the module refused with a confirmation code we do not name.
  ERR_ZFM_CONFIRMATION: '502',
};

export interface ZfmEndpointOptions {
  path: string;
  /** Where the software keys live (`<dataDir>/pki`). */
  dataDir: string;
  /** The module has none; default: the USB serial number if given, else one derived from the path. */
  serialNo?: string;
  /** The environment the device declares; default Developer (an L0 device belongs nowhere else). */
  env?: Exclude<Env, 'None'>;
  password?: number;
  address?: number;
  baudRate?: number;
  /** Pause between GenImg calls while waiting for a finger; default 200 ms. */
  pollIntervalMs?: number;
}

/** A stable UUID-shaped deviceCode for a serial number. */
function deviceCodeOf(serialNo: string): string {
  const h = createHash('sha256').update(`signet-serial-l0|${serialNo}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The default serial number: modules have none, so it names the port. */
export function zfmSerialNoFor(path: string): string {
  return `ZFM-${createHash('sha256').update(path).digest('hex').slice(0, 8).toUpperCase()}`;
}

class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly info: string,
  ) {
    super(info);
  }
}

/**
 * The endpoint for one module. `call` answers as an SBI device service would; failures of the
 * link reject with SbiBridgeError (ERR_BRIDGE_NO_DEVICE when the port is gone, _TIMEOUT, _ABORTED,
 * _MALFORMED_RESPONSE for line noise the module cannot get through).
 * @example
 * const endpoint = await ZfmSbiEndpoint.create({ path: '/dev/ttyUSB0', dataDir: 'data/sbi-bridge' });
 * const bridge = new SbiBridge({ trust, sources: [{ name: 'serial', list: async () => [endpoint] }] });
 */
export class ZfmSbiEndpoint implements SbiEndpoint {
  readonly transport = 'serial' as const;
  readonly id: string;
  readonly dialects: readonly SbiDialect[] = ['mds', 'sbi', 'p3167'];
  readonly serialNo: string;
  readonly env: Exclude<Env, 'None'>;
  /** The open (or opening) driver; shared by concurrent calls, dropped when the port goes away. */
  private driver: Promise<ZfmDriver> | undefined;
  private parameters: ZfmSystemParameters | undefined;
  private busy = false;

  private constructor(
    private readonly opts: ZfmEndpointOptions,
    private readonly keys: SoftwareDeviceKeys,
  ) {
    this.id = `serial:${opts.path}`;
    this.serialNo = opts.serialNo ?? zfmSerialNoFor(opts.path);
    this.env = opts.env ?? 'Developer';
  }

  /** Loads (or makes) the software keys; the port is opened on first use. */
  static async create(opts: ZfmEndpointOptions): Promise<ZfmSbiEndpoint> {
    const serialNo = opts.serialNo ?? zfmSerialNoFor(opts.path);
    return new ZfmSbiEndpoint(
      opts,
      await loadSoftwareDeviceKeys(opts.dataDir, { serialNo, deviceProvider: ZFM_DEVICE_DESCRIPTION.deviceProvider }),
    );
  }

  /** The local CA file to trust as a device-provider CA for these registration captures. */
  get softwareCaFile(): string {
    return this.keys.caFile;
  }

  async call(operation: SbiCallOperation, body: unknown, opts: EndpointCallOptions): Promise<unknown> {
    const limit = AbortSignal.timeout(opts.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, limit]) : limit;
    try {
      if (signal.aborted) throw new ZfmError('ERR_ZFM_ABORTED');
      switch (operation) {
        case 'discover':
          return await this.discover(body, opts.dialect, signal);
        case 'info':
          return await this.info(opts.dialect, signal);
        case 'capture':
          return refusal({ capture: true }, '113', ZFM_ERRORS.ERR_ZFM_L0_AUTH[0]);
        case 'rcapture':
          return await this.registrationCapture(body, signal);
      }
    } catch (e) {
      throw this.bridgeError(e, opts.signal, limit);
    }
  }

  /** Closes the port. */
  async close(): Promise<void> {
    const driver = this.driver;
    this.driver = undefined;
    await driver?.then(
      (d) => d.close(),
      () => undefined,
    );
  }

  private open(): Promise<ZfmDriver> {
    const o = this.opts;
    this.driver ??= ZfmDriver.open(o.path, {
      ...(o.address === undefined ? {} : { address: o.address }),
      ...(o.baudRate === undefined ? {} : { baudRate: o.baudRate }),
      timeoutMs: 1_000,
    });
    const opening = this.driver;
    opening.catch(() => {
      if (this.driver === opening) this.driver = undefined;
    });
    return opening;
  }

  /** Unlocks the module (and reads its settings once): the device is Ready when this works. */
  private async status(signal: AbortSignal): Promise<{ status: DeviceStatus; error: SbiErrorObject }> {
    if (this.busy) return { status: 'Busy', error: sbiError('111') };
    const driver = await this.open();
    try {
      await driver.verifyPassword(this.opts.password ?? 0, { signal });
      this.parameters ??= await driver.readSysPara({ signal }).catch(() => undefined);
      return { status: 'Ready', error: sbiError('0') };
    } catch (e) {
      if (e instanceof ZfmError && e.code === 'ERR_ZFM_WRONG_PASSWORD')
        return { status: 'Not Ready', error: sbiError('110', e.message) };
      throw e;
    }
  }

  private digitalId(): DigitalId {
    const d = ZFM_DEVICE_DESCRIPTION;
    return DigitalIdSchema.parse({
      serialNo: this.serialNo,
      make: d.make,
      model: d.model,
      type: 'Finger',
      deviceSubType: 'Single',
      deviceProvider: d.deviceProvider,
      deviceProviderId: d.deviceProviderId,
      dateTime: sbiTimestamp(),
    });
  }

  private entry(status: DeviceStatus, error: SbiErrorObject, digitalId: string): DiscoveryEntry095 {
    return DiscoveryEntry095StrictSchema.parse({
      deviceId: ZFM_DEVICE_DESCRIPTION.deviceId,
      deviceStatus: status,
      certification: 'L0',
      serviceVersion: ZFM_DEVICE_DESCRIPTION.serviceVersion,
      deviceSubId: ['0'],
      callbackId: this.id,
      digitalId,
      deviceCode: deviceCodeOf(this.serialNo),
      specVersion: ['0.9.5'],
      purpose: 'Registration',
      error,
    });
  }

  /** 0.9.5 names the device by deviceId/deviceCode, the other dialects by serialNo. */
  private forDialect<T extends { deviceId: string; deviceCode: string }>(entry: T, dialect: SbiDialect): object {
    if (dialect === 'mds') return entry;
    const { deviceId: _deviceId, deviceCode: _deviceCode, ...rest } = entry;
    return { ...rest, serialNo: this.serialNo };
  }

  private async discover(body: unknown, dialect: SbiDialect, signal: AbortSignal): Promise<object[]> {
    const req = DiscoveryRequestSchema.safeParse(body ?? undefined);
    if (!req.success)
      return [
        { error: sbiError('500', 'Malformed discovery request: type must be Biometric Device, Finger, Face or Iris') },
      ];
    if (req.data.type !== 'Biometric Device' && req.data.type !== 'Finger') return [];
    const { status, error } = await this.status(signal);
    return [this.forDialect(this.entry(status, error, encodeUnsignedDigitalId(this.digitalId())), dialect)];
  }

  private async info(dialect: SbiDialect, signal: AbortSignal): Promise<object[]> {
    const { status, error } = await this.status(signal);
    const digitalId = await signJwsX5c(this.digitalId(), this.keys.signer);
    const p = this.parameters;
    const payload = DeviceInfoPayload095StrictSchema.parse({
      ...this.entry(status, error, digitalId),
      firmware: p
        ? `ZFM system ${p.systemId.toString(16).padStart(4, '0')}, library ${p.librarySize}, packet ${p.packetSize} B`
        : 'ZFM',
      env: this.env,
    });
    return [
      { deviceInfo: await signJwsX5c(this.forDialect(payload, dialect), this.keys.signer), error: sbiError('0') },
    ];
  }

  /** The named checks of an RCAPTURE request; each refuses with its SBI code. */
  private checkRequest(body: unknown): { req: RegistrationCaptureRequest; subType: string } {
    const parsed = RegistrationCaptureRequestSchema.safeParse(body);
    if (!parsed.success)
      throw new Refusal(
        '500',
        `Malformed request: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    const req = parsed.data;
    if (req.purpose !== 'Registration') throw new Refusal('113', ZFM_ERRORS.ERR_ZFM_L0_AUTH[0]);
    if (!SBI_TRANSACTION_ID_PATTERN.test(req.transactionId)) throw new Refusal('112', 'Invalid transaction id');
    if (req.env !== this.env) throw new Refusal('115', `The device is set up for ${this.env}`);
    if (req.bio.length !== 1) throw new Refusal('109', 'One bio entry per capture');
    const bio = req.bio[0]!;
    if (bio.deviceId !== ZFM_DEVICE_DESCRIPTION.deviceId && bio.deviceId !== this.serialNo)
      throw new Refusal('106', 'Device not found');
    if (bio.type !== 'Finger') throw new Refusal('117', 'This device captures Finger');
    if (bio.deviceSubId !== '0') throw new Refusal('121', 'deviceSubId must be 0 (single finger)');
    if (bio.count !== '1') throw new Refusal('109', 'A single-finger sensor captures 1 finger at a time');
    const subType = bio.bioSubType[0] ?? 'UNKNOWN';
    if (bio.bioSubType.length > 1 || !(FINGER_SUB_TYPES as readonly string[]).includes(subType))
      throw new Refusal('119', 'Invalid or missing bio subtype');
    if (bio.exception.includes(subType) && subType !== 'UNKNOWN')
      throw new Refusal('109', 'The requested finger is listed as an exception');
    if (bio.previousHash !== '' && !/^[0-9A-Fa-f]{64}$/.test(bio.previousHash))
      throw new Refusal('122', 'Invalid previous hash');
    return { req, subType };
  }

  private async registrationCapture(body: unknown, signal: AbortSignal): Promise<object> {
    let checked: ReturnType<ZfmSbiEndpoint['checkRequest']>;
    try {
      checked = this.checkRequest(body);
    } catch (e) {
      if (e instanceof Refusal) return refusal({ capture: false }, e.code, e.info);
      throw e;
    }
    if (this.busy) return refusal({ capture: false }, '703', 'Capture already in progress');
    this.busy = true;
    try {
      const { req, subType } = checked;
      const bio = req.bio[0]!;
      const driver = await this.open();
      await driver.verifyPassword(this.opts.password ?? 0, { signal });
      const capture = await captureZfmFinger(driver, {
        signal,
        timeoutMs: Number(req.timeout),
        subType,
        ...(this.opts.pollIntervalMs === undefined ? {} : { pollIntervalMs: this.opts.pollIntervalMs }),
      });
      const [hash] = hashChain([capture.isoRecord], bio.previousHash);
      const data = RegistrationCaptureDataStrictSchema.parse({
        digitalId: await signJwsX5c(this.digitalId(), this.keys.signer),
        deviceCode: deviceCodeOf(this.serialNo),
        deviceServiceVersion: ZFM_DEVICE_DESCRIPTION.serviceVersion,
        bioType: 'Finger',
        bioSubType: subType,
        purpose: 'Registration',
        env: req.env,
        bioValue: capture.isoRecord.toString('base64url'),
        transactionId: req.transactionId,
        timestamp: sbiTimestamp(),
        requestedScore: bio.requestedScore,
        qualityScore: capture.quality.toFixed(1),
      });
      return {
        biometrics: [
          {
            specVersion: ZFM_DEVICE_DESCRIPTION.serviceVersion,
            data: await signJwsX5c(data, this.keys.signer),
            hash: hash!,
            error: sbiError('0'),
          },
        ],
      };
    } catch (e) {
      const code = e instanceof ZfmError ? ZFM_SBI_CODES[e.code] : undefined;
      if (code !== undefined) return refusal({ capture: false }, code, (e as ZfmError).message);
      throw e;
    } finally {
      this.busy = false;
    }
  }

  /** Link failures as the bridge's typed errors. */
  private bridgeError(e: unknown, callerSignal: AbortSignal | undefined, limit: AbortSignal): SbiBridgeError {
    if (e instanceof SbiBridgeError) return e;
    const endpoint = this.id;
    if (!(e instanceof ZfmError))
      return new SbiBridgeError('ERR_BRIDGE_CONNECTION', e instanceof Error ? e.message : String(e), {
        cause: e,
        endpoint,
      });
    if (e.code === 'ERR_ZFM_CLOSED' || e.code === 'ERR_ZFM_PORT') void this.close(); // reopened on the next call
    if (e.code === 'ERR_ZFM_ABORTED' || e.code === 'ERR_ZFM_TIMEOUT') {
      if (callerSignal?.aborted) return new SbiBridgeError('ERR_BRIDGE_ABORTED', undefined, { cause: e, endpoint });
      if (limit.aborted || e.code === 'ERR_ZFM_TIMEOUT')
        return new SbiBridgeError('ERR_BRIDGE_TIMEOUT', `(${e.message})`, { cause: e, endpoint });
    }
    return new SbiBridgeError(e.bridgeCode, `(${e.message})`, { cause: e, endpoint });
  }
}

/** A capture-shaped answer carrying only an error, as device services answer refusals. */
function refusal(shape: { capture: boolean }, errorCode: string, errorInfo: string): { biometrics: object[] } {
  const blank = shape.capture ? { data: '', hash: '', sessionKey: '', thumbprint: '' } : { data: '', hash: '' };
  return {
    biometrics: [{ specVersion: ZFM_DEVICE_DESCRIPTION.serviceVersion, ...blank, error: { errorCode, errorInfo } }],
  };
}
