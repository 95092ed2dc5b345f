// The IPC protocol between the benchmark and its server child processes (ours and oidc-provider):
// one zod schema per message, parsed on both ends. Bench-only: none of this is an HTTP route.
import { z } from 'zod';

const JwkSchema = z.record(z.string(), z.unknown());

export const ChildRequestSchema = z.discriminatedUnion('type', [
  /**
   * A confidential client with a fresh ES256 key pair (private_key_jwt); the private JWK comes back.
   * `authContextRefs`: the ACRs it may ask for (the assisted flow needs the biometric one).
   */
  z.object({ type: z.literal('register-client'), authContextRefs: z.array(z.string().min(1)).optional() }),
  /** A registered kiosk (fresh key pair) whose operator, a demo resident, has signed in (ours only). */
  z.object({ type: z.literal('register-kiosk') }),
  /** Authorization codes issued directly (not through the login UI), bound to one PKCE challenge. */
  z.object({
    type: z.literal('mint-codes'),
    clientId: z.string().min(1),
    redirectUri: z.url(),
    codeChallenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    count: z.number().int().positive().max(20_000),
  }),
  /** Residents of the reference ID system, created through its admin API (ours only). */
  z.object({
    type: z.literal('create-residents'),
    count: z.number().int().positive().max(256),
    pin: z.string().regex(/^\d{6}$/),
  }),
  /** Memory and CPU of the child; `gc` runs a full collection first (the child runs with --expose-gc). */
  z.object({ type: z.literal('stats'), gc: z.boolean() }),
  z.object({ type: z.literal('shutdown') }),
]);
export type ChildRequest = z.infer<typeof ChildRequestSchema>;
export type ChildRequestType = ChildRequest['type'];

export const ClientRegisteredSchema = z.object({
  clientId: z.string(),
  redirectUri: z.url(),
  privateJwk: JwkSchema,
  kid: z.string(),
  alg: z.literal('ES256'),
});
export const KioskRegisteredSchema = z.object({
  kioskId: z.string(),
  kioskName: z.string(),
  /** The kiosk's ES256 private key, to sign its attestations on the bench's side. */
  privateJwk: JwkSchema,
  /** The operator's access token (bearer of the kiosk side of the API) and ID token sub. */
  accessToken: z.string(),
  operatorSub: z.string(),
  /** The server's data folder: the SBI simulator keeps its PKI there, which demo mode trusts. */
  dataDir: z.string(),
});
export const CodesMintedSchema = z.object({ codes: z.array(z.string().min(1)) });
export const ResidentsCreatedSchema = z.object({ individualIds: z.array(z.string()) });
const StoreStatsSchema = z.object({ entries: z.number(), bytes: z.number() });
export const ChildStatsSchema = z.object({
  rss: z.number(),
  heapUsed: z.number(),
  heapTotal: z.number(),
  external: z.number(),
  /** process.cpuUsage() user + system, microseconds since the child started. */
  cpuMicros: z.number(),
  transactions: StoreStatsSchema.nullable(),
  replay: StoreStatsSchema.nullable(),
  /** Link codes being watched and watchers in all (server-sent events, long polls): LinkNotifications.size(). */
  linkWatchers: z.object({ channels: z.number(), listeners: z.number() }).nullable(),
  /** Open TCP connections of the HTTP server. */
  connections: z.number().nullable(),
});
export type ChildStats = z.infer<typeof ChildStatsSchema>;

/** What each request answers. */
export const ChildResultSchemas = {
  'register-client': ClientRegisteredSchema,
  'register-kiosk': KioskRegisteredSchema,
  'mint-codes': CodesMintedSchema,
  'create-residents': ResidentsCreatedSchema,
  stats: ChildStatsSchema,
  shutdown: z.object({}),
} satisfies Record<ChildRequestType, z.ZodType>;
export type ChildResult<T extends ChildRequestType> = z.infer<(typeof ChildResultSchemas)[T]>;

/** Bench → child. */
export const ToChildSchema = z.object({ id: z.number().int(), request: ChildRequestSchema });
export type ToChild = z.infer<typeof ToChildSchema>;

/** Child → bench: first `ready` (once listening), then one reply per request id. */
export const FromChildSchema = z.union([
  z.object({
    kind: z.literal('ready'),
    url: z.url(),
    issuer: z.url(),
    tokenPath: z.string().startsWith('/'),
    name: z.string(),
  }),
  z.object({ kind: z.literal('reply'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('reply'), id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);
export type FromChild = z.infer<typeof FromChildSchema>;
