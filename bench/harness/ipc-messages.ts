// The IPC protocol between the benchmark and its server child processes (ours and oidc-provider):
// one zod schema per message, parsed on both ends. Bench-only: none of this is an HTTP route.
import { z } from 'zod';

const JwkSchema = z.record(z.string(), z.unknown());

export const ChildRequestSchema = z.discriminatedUnion('type', [
  /** A confidential client with a fresh ES256 key pair (private_key_jwt); the private JWK comes back. */
  z.object({ type: z.literal('register-client') }),
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
});
export type ChildStats = z.infer<typeof ChildStatsSchema>;

/** What each request answers. */
export const ChildResultSchemas = {
  'register-client': ClientRegisteredSchema,
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
