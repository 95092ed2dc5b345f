// The kiosk's one IPC contract between the page (through the preload script) and the main process:
// every channel and the zod schema of each request, reply and event. The main process parses every
// message with these; ipc-api.ts maps `window.kiosk`'s methods onto the same channels and infers its
// type, and the preload builds its methods from that, so a channel cannot exist on one side only.
import { z } from 'zod';

export const SbiModalitySchema = z.enum(['Finger', 'Iris', 'Face']);
export type SbiModality = z.infer<typeof SbiModalitySchema>;

/** A device as the resident app shows it; everything technical sits in `details`. */
export const SbiDeviceViewSchema = z.object({
  /** Stable id to pass to `capture` (`<endpoint>#<serialNo>`). */
  key: z.string().min(1).max(300),
  modality: SbiModalitySchema,
  /** Slap, Single, Touchless, Double, Full face. */
  subType: z.string().max(50).optional(),
  status: z.enum(['Ready', 'Busy', 'Not Ready', 'Not Registered']),
  /** Its signed device info verified and chains to a device-provider CA the kiosk trusts. */
  trusted: z.boolean(),
  /** Why it is not trusted: stable codes of the shared SBI catalogues; empty when trusted. */
  issues: z.array(z.string()).readonly(),
  /** Only behind a "device details" disclosure. */
  details: z.object({
    endpoint: z.string(),
    serialNo: z.string(),
    make: z.string().optional(),
    model: z.string().optional(),
    provider: z.string().optional(),
    certificateSubject: z.string().optional(),
    /** When the device certificate expires (ISO 8601), for the operator console's device board. */
    certificateValidTo: z.string().optional(),
    /** The SBI specification versions the device service speaks. */
    specVersions: z.array(z.string()).readonly().optional(),
  }),
});
export type SbiDeviceView = z.infer<typeof SbiDeviceViewSchema>;

/** What a page may do about an SBI failure; the kiosk's main process and the browser transport alike. */
export const SbiClientErrorCodeSchema = z.enum([
  'no_device_service', // nothing answered discovery
  'device_busy', // another capture holds the device (retry after `retryAfterMs`)
  'capture_cancelled', // the page cancelled it; the device was told to stop or has been released
  'capture_timeout', // the resident did not present in time
  'capture_quality', // the device captured but below the requested score
  'untrusted_capture', // signatures, chain or binding did not verify; never handed out
  'device_error', // any other device failure
]);
export type SbiClientErrorCode = z.infer<typeof SbiClientErrorCodeSchema>;

/** Codes of the IPC layer itself: a message the main process will not act on. */
export const KioskIpcErrorCodeSchema = z.enum([
  ...SbiClientErrorCodeSchema.options,
  'invalid_request', // the message does not match its schema
  'identity_unavailable', // the kiosk key cannot be read or made
]);
export type KioskIpcErrorCode = z.infer<typeof KioskIpcErrorCodeSchema>;

export const KioskIpcErrorSchema = z.object({
  code: KioskIpcErrorCodeSchema,
  /** For people (operator console, logs); never parsed. */
  message: z.string(),
  /** When the device may be asked again (device_busy). */
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type KioskIpcError = z.infer<typeof KioskIpcErrorSchema>;

/**
 * A reply: the value, or a typed error. Errors travel as values because neither Electron's
 * contextBridge nor a test page's exposed function carries an Error's own fields (its code).
 */
const reply = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: KioskIpcErrorSchema }),
  ]);

/** Names a capture so that the page can cancel it (an AbortSignal cannot cross the bridge). */
export const CaptureIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'is not a capture id');

export const SbiCaptureIpcRequestSchema = z
  .object({
    captureId: CaptureIdSchema,
    deviceKey: z.string().min(1).max(300),
    /** The SBI transaction id (shared `esignetSbiTransactionId` of the transaction id). */
    transactionId: z.string().min(1).max(100),
    /** The server's domainUri, echoed in every signed capture. */
    domainUri: z.url().max(2000),
    /** How many biometrics (fingers, eyes; 1 for face). */
    count: z.number().int().min(1).max(10),
    bioSubType: z.array(z.string().min(1).max(50)).max(10).optional(),
    timeoutMs: z.number().int().min(1000).max(120_000),
  })
  .strict();
export type SbiCaptureIpcRequest = z.infer<typeof SbiCaptureIpcRequestSchema>;

/** The BIO challenge exactly as `authenticate` takes it (`encoded-json`, base64url). */
export const SbiCaptureResultSchema = z.object({ challenge: z.string().min(1) });
export type SbiCaptureResult = z.infer<typeof SbiCaptureResultSchema>;

/** Pushed by the main process when a background rescan sees a device come, go or change. */
export const SbiDeviceEventSchema = z.object({
  type: z.enum(['attached', 'detached', 'status-changed']),
  device: SbiDeviceViewSchema,
});
export type SbiDeviceEvent = z.infer<typeof SbiDeviceEventSchema>;

/** The kiosk's identity as the operator console shows it, with the request an administrator registers. */
export const KioskIdentityViewSchema = z.object({
  kioskId: z.string(),
  name: z.string(),
  /** RFC 7638 thumbprint of the kiosk public key: what an administrator compares by eye. */
  keyThumbprint: z.string(),
  /** The registration request (shared KioskRegistrationRequestSchema) as JSON text. */
  registrationRequest: z.string(),
  /** The same as a QR code, an SVG document. */
  registrationQrSvg: z.string().startsWith('<svg'),
  /** Where the key is kept: sealed by the OS keystore, or in plain text where none is available. */
  keyProtection: z.enum(['os-keystore', 'plain-file']),
});
export type KioskIdentityView = z.infer<typeof KioskIdentityViewSchema>;

const NoArguments = z.object({}).strict();

/** Every request/reply channel (page → main): its request and reply schemas. */
export const KIOSK_INVOKE_CHANNELS = {
  'sbi:discover': { request: NoArguments, reply: reply(z.array(SbiDeviceViewSchema)) },
  'sbi:capture': { request: SbiCaptureIpcRequestSchema, reply: reply(SbiCaptureResultSchema) },
  'sbi:cancel-capture': {
    request: z.object({ captureId: CaptureIdSchema }).strict(),
    reply: reply(z.object({ cancelled: z.boolean() })),
  },
  'kiosk:identity': { request: NoArguments, reply: reply(KioskIdentityViewSchema) },
} as const;
export type KioskInvokeChannel = keyof typeof KIOSK_INVOKE_CHANNELS;
export type KioskRequest<C extends KioskInvokeChannel> = z.input<(typeof KIOSK_INVOKE_CHANNELS)[C]['request']>;
export type KioskReply<C extends KioskInvokeChannel> = z.infer<(typeof KIOSK_INVOKE_CHANNELS)[C]['reply']>;

/** Every event channel (main → page): its payload schema. */
export const KIOSK_EVENT_CHANNELS = {
  'sbi:device-event': SbiDeviceEventSchema,
} as const;
export type KioskEventChannel = keyof typeof KIOSK_EVENT_CHANNELS;
export type KioskEvent<C extends KioskEventChannel> = z.infer<(typeof KIOSK_EVENT_CHANNELS)[C]>;
