// The kiosk's one IPC contract between the page (through the preload script) and the main process:
// every channel and the zod schema of each request, reply and event. The main process parses every
// message with these; ipc-api.ts maps `window.kiosk`'s methods onto the same channels and infers its
// type, and the preload builds its methods from that, so a channel cannot exist on one side only.
import { z } from 'zod';
import { IndividualIdSchema } from '../esignet/individual-id.js';
import { LinkTransactionResponseSchema } from '../esignet/linked-authorization.js';
import { ConsentActionSchema } from '../esignet/transaction-api.js';
import { KioskStatusSchema } from './kiosk-status.js';

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
  'operator_signed_out', // no operator session: sign in first
  'operator_locked', // the operator session locked (idle here, or the server said so): sign in again
  'sign_in_failed', // the operator's sign-in came back with an error, or its state did not match
  'capture_unknown', // no verified capture is held for that capture id (never made, used or too old)
  'server_refused', // the server answered with an error: its code in `serverCode`
  'server_unreachable', // the server did not answer
]);
export type KioskIpcErrorCode = z.infer<typeof KioskIpcErrorCodeSchema>;

export const KioskIpcErrorSchema = z.object({
  code: KioskIpcErrorCodeSchema,
  /** For people (operator console, logs); never parsed. */
  message: z.string(),
  /** When the device may be asked again (device_busy). */
  retryAfterMs: z.number().int().nonnegative().optional(),
  /** The server's own error code (`server_refused`, `operator_locked`): `invalid_link_code`, `auth_failed`, … */
  serverCode: z.string().max(100).optional(),
  /** Attempts left for the resident's transaction after a refused submission, when the server says. */
  attemptsLeft: z.number().int().nonnegative().optional(),
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
/** One captured segment's quality as its device signed it, and the score the kiosk asked of it (0–100). */
export const SbiCaptureQualitySchema = z.object({
  bioSubType: z.string().max(40),
  score: z.number().min(0).max(100),
  requested: z.number().min(0).max(100),
});
export type SbiCaptureQuality = z.infer<typeof SbiCaptureQualitySchema>;

/** The BIO challenge for the server; the kiosk also tells each segment's quality (for the operator console). */
export const SbiCaptureResultSchema = z.object({
  challenge: z.string().min(1),
  quality: z.array(SbiCaptureQualitySchema).max(10).optional(),
});
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

/** What the page may know of the operator session: never a token. */
export const OperatorSessionViewSchema = z.object({
  signedIn: z.boolean(),
  /** The operator's name from the ID token (`name`), when the server gave one. */
  operatorName: z.string().max(200).optional(),
  /** The operator's subject at the server; absent before the first sign-in. */
  sub: z.string().max(200).optional(),
  /** ISO time when the session locked (idle, or refused by the server); absent while it runs. */
  lockedAt: z.string().optional(),
});
export type OperatorSessionView = z.infer<typeof OperatorSessionViewSchema>;

/** `operator:sign-in`'s answer: the kiosk window is on its way to the server's /authorize. */
export const OperatorSignInStartedSchema = z.object({ authorizeOrigin: z.string() });
export type OperatorSignInStarted = z.infer<typeof OperatorSignInStartedSchema>;

/** `link:open`: the code the operator typed or scanned (`ABCD-EFGH` or as typed; normalised by the main process). */
export const LinkOpenIpcRequestSchema = z.object({ linkCode: z.string().min(1).max(40) }).strict();
export type LinkOpenIpcRequest = z.infer<typeof LinkOpenIpcRequestSchema>;

/**
 * The linked request as the operator console shows it (relying party, claims, factors, the resident's
 * languages), with what `sbi:capture` needs for this link transaction.
 */
export const LinkOpenedSchema = LinkTransactionResponseSchema.extend({
  /** `sbi:capture`'s transactionId for this link transaction (eSignet's derivation of linkTransactionId). */
  sbiTransactionId: z.string().min(1),
  /** `sbi:capture`'s domainUri: the server's. */
  domainUri: z.string().min(1),
});
export type LinkOpened = z.infer<typeof LinkOpenedSchema>;

/**
 * `link:submit`: the resident's id and the captures to send, by capture id; the main process sends the
 * verified captures it holds for those ids (the page's copies are never used), each at most once.
 */
export const LinkSubmitIpcRequestSchema = z
  .object({
    linkTransactionId: z.string().min(1).max(100),
    individualId: IndividualIdSchema,
    captureIds: z.array(CaptureIdSchema).min(1).max(5),
  })
  .strict();
export type LinkSubmitIpcRequest = z.infer<typeof LinkSubmitIpcRequestSchema>;

export const LinkSubmittedSchema = z.object({
  linkTransactionId: z.string(),
  consentAction: ConsentActionSchema,
});
export type LinkSubmitted = z.infer<typeof LinkSubmittedSchema>;

/**
 * `resident:done`: the resident's sign-in in the kiosk window has ended, and the main process clears
 * what it left. `idle`: nobody touched the login app (back to the kiosk's home page, everything
 * cleared); `left`: the login app handed the resident to the relying party (the server's cookies and
 * storage cleared: no SSO session or browser binding passes to the next resident; the relying party's
 * own cookies stay for its callback).
 */
export const ResidentDoneIpcRequestSchema = z.object({ reason: z.enum(['idle', 'left']) }).strict();
export type ResidentDoneIpcRequest = z.infer<typeof ResidentDoneIpcRequestSchema>;

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
  /** Whether the server has this kiosk (its key) registered and enabled. */
  'kiosk:status': { request: NoArguments, reply: reply(KioskStatusSchema) },
  'operator:sign-in': { request: NoArguments, reply: reply(OperatorSignInStartedSchema) },
  'operator:session': { request: NoArguments, reply: reply(OperatorSessionViewSchema) },
  'operator:sign-out': { request: NoArguments, reply: reply(OperatorSessionViewSchema) },
  'link:open': { request: LinkOpenIpcRequestSchema, reply: reply(LinkOpenedSchema) },
  'link:submit': { request: LinkSubmitIpcRequestSchema, reply: reply(LinkSubmittedSchema) },
  'resident:done': { request: ResidentDoneIpcRequestSchema, reply: reply(z.object({ cleared: z.boolean() })) },
} as const;
export type KioskInvokeChannel = keyof typeof KIOSK_INVOKE_CHANNELS;
export type KioskRequest<C extends KioskInvokeChannel> = z.input<(typeof KIOSK_INVOKE_CHANNELS)[C]['request']>;
export type KioskReply<C extends KioskInvokeChannel> = z.infer<(typeof KIOSK_INVOKE_CHANNELS)[C]['reply']>;

/** Every event channel (main → page): its payload schema. */
export const KIOSK_EVENT_CHANNELS = {
  'sbi:device-event': SbiDeviceEventSchema,
  /** The operator session changed: signed in, locked, signed out. */
  'operator:session-changed': OperatorSessionViewSchema,
} as const;
export type KioskEventChannel = keyof typeof KIOSK_EVENT_CHANNELS;
export type KioskEvent<C extends KioskEventChannel> = z.infer<(typeof KIOSK_EVENT_CHANNELS)[C]>;
