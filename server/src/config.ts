// The server's one configuration object: built once at start-up from the environment and an
// optional JSON file (SIGNET_CONFIG_FILE), validated by zod. Nothing else reads process.env.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EnvSchema } from '@signet-kiosk/shared/sbi';

const signingAlg = z.enum(['ES256', 'RS256', 'PS256', 'EdDSA']);
export type SigningAlg = z.infer<typeof signingAlg>;

const PORT_NUMBER = 'must be a port number (0-65535)';

/**
 * The issuer when none is configured: the address the server listens on, so that another port
 * moves it too. A wildcard address is no place to send a browser; the loopback address stands in.
 */
export function defaultIssuer(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

const seconds = (def: number) => z.coerce.number().int().positive().default(def);
const leeway = (def: number) => z.coerce.number().int().min(0).max(600).default(def);

/** An SBI device environment a capture may come from (`None` is an unregistered device). */
const sbiEnv = EnvSchema.exclude(['None']);
export type SbiEnv = z.infer<typeof sbiEnv>;

const BIOMETRICS_DEFAULTS = {
  captureWindowSeconds: 120,
  captureLeewaySeconds: 30,
  futureLeewaySeconds: 5,
  maxSegmentGapSeconds: 120,
  replayTtlSeconds: 600,
};

const KIOSKS_DEFAULTS = { operatorIdleSeconds: 300, demoStandInPort: 3300 };

export const ConfigSchema = z
  .object({
    port: z.coerce
      .number({ error: PORT_NUMBER })
      .int(PORT_NUMBER)
      .min(0, PORT_NUMBER)
      .max(65535, PORT_NUMBER)
      .default(8088),
    host: z.string().min(1).default('127.0.0.1'),
    /** Default: this server's own address (see defaultIssuer). */
    issuer: z
      .url()
      .refine((u) => !u.endsWith('/'), 'must not end with a slash')
      .optional(),
    dataDir: z.string().min(1).default('./data'),
    /** Bearer token for the admin APIs; without it the admin APIs are closed (403). */
    adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Module path or package name of the Authenticator plugin. */
    authenticator: z.string().min(1).default('builtin:mock-identity'),
    /** Demo mode. A strict boolean: z.coerce would read the string "false" as true, and "yes" is no answer. */
    demo: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off'])], {
        error: 'must be 1, 0, true, false, on or off',
      })
      .transform((v) => v === true || v === 'true' || v === '1' || v === 'on')
      .default(false),
    /** Where /authorize sends the resident; default: this server's own /login page. */
    loginUiUrl: z.url().optional(),
    /** The built resident login app (kiosk/dist/renderer, `npm run build:renderer`) the server serves at /login; default: beside this server in the repository. */
    loginAppDir: z.string().min(1).optional(),
    /** Seconds without a touch before the login app in kiosk layout returns to its start screen; 0: never. */
    kioskIdleSeconds: z.coerce.number().int().min(0).max(3600).default(90),
    /** Base64url 32-byte key-encryption key for signing keys at rest; default: data/kek.key (0600). */
    kek: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes, base64url')
      .optional(),
    signing: z
      .object({
        defaultAlg: signingAlg.default('ES256'),
        algs: z.array(signingAlg).min(1).default(['ES256', 'RS256', 'PS256']),
      })
      .default({ defaultAlg: 'ES256', algs: ['ES256', 'RS256', 'PS256'] }),
    ttl: z
      .object({
        transaction: seconds(600),
        authCode: seconds(60).refine((v) => v <= 60, 'must be at most 60 seconds'),
        accessToken: seconds(600),
        idToken: seconds(600),
        ssoSession: seconds(600),
        clientAssertionMaxAge: seconds(300),
        blockedIndividual: seconds(600),
        /** An ID's first block after limits.authFailuresPerIndividual failures; each block that follows the last within its length doubles, up to blockedIndividual. */
        blockedIndividualFirst: seconds(60),
      })
      .default({
        transaction: 600,
        authCode: 60,
        accessToken: 600,
        idToken: 600,
        ssoSession: 600,
        clientAssertionMaxAge: 300,
        blockedIndividual: 600,
        blockedIndividualFirst: 60,
      }),
    limits: z
      .object({
        otpSendsPerTransaction: z.coerce.number().int().positive().default(3),
        /** OTPs sent to one individual across all transactions per ttl.blockedIndividual window. */
        otpSendsPerIndividual: z.coerce.number().int().positive().default(5),
        authAttemptsPerTransaction: z.coerce.number().int().positive().default(3),
        /** `authenticate` calls per minute per IP (IPv6: per /56), on top of requestsPerMinutePerIp. */
        authenticatePerMinutePerIp: z.coerce.number().int().positive().default(30),
        /** Authentications of one source (IP; IPv6: its /56) being checked at once; more are refused. */
        authInFlightPerSource: z.coerce.number().int().positive().default(4),
        /** Failed authentications of one source per ttl.blockedIndividual window before each next one doubles a wait (1 s, 2 s, …). */
        authFailuresPerSource: z.coerce.number().int().positive().default(5),
        /** Failed authentications of one ID from one source per window before that source may not try that ID. */
        authFailuresPerSourceAndIndividual: z.coerce.number().int().positive().default(3),
        /** Failed authentications of one ID from all sources per window before the ID is blocked everywhere. */
        authFailuresPerIndividual: z.coerce.number().int().positive().default(10),
        /** Addresses or CIDRs that many residents share (kiosks, offices behind one address): their per-source limits are multiplied by sharedSourceFactor. */
        sharedSources: z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()])).default([]),
        sharedSourceFactor: z.coerce.number().int().positive().default(10),
        /** Credential checks (the ID system's kycAuth) run at once; more wait, the sources taking turns. */
        kycAuthConcurrency: z.coerce.number().int().positive().default(2),
        /** Credential checks waiting, over all sources; past it service_busy. */
        kycAuthMaxWaiting: z.coerce.number().int().positive().default(256),
        /** Requests per minute per IP on the UI transaction API. */
        requestsPerMinutePerIp: z.coerce.number().int().positive().default(600),
        bodyBytes: z.coerce
          .number()
          .int()
          .positive()
          .default(256 * 1024),
        /** Live entries each in-memory store may hold (~2 KB each); past it new work answers 503. */
        maxStoreEntries: z.coerce.number().int().positive().default(1_000_000),
      })
      .default({
        otpSendsPerTransaction: 3,
        otpSendsPerIndividual: 5,
        authAttemptsPerTransaction: 3,
        authenticatePerMinutePerIp: 30,
        authInFlightPerSource: 4,
        authFailuresPerSource: 5,
        authFailuresPerSourceAndIndividual: 3,
        authFailuresPerIndividual: 10,
        sharedSources: [],
        sharedSourceFactor: 10,
        kycAuthConcurrency: 2,
        kycAuthMaxWaiting: 256,
        requestsPerMinutePerIp: 600,
        bodyBytes: 256 * 1024,
        maxStoreEntries: 1_000_000,
      }),
    /**
     * Express `trust proxy`: how many proxy hops to trust for the client address (per-IP limit,
     * audit). 0 (default) = trust none; set it when running behind a load balancer.
     */
    trustProxyHops: z.coerce.number().int().min(0).max(10).default(0),
    /** Kiosks and their operators (server/src/kiosks/). */
    kiosks: z
      .object({
        /** Seconds without a call from the kiosk after which its operator session locks (the operator signs in again). */
        operatorIdleSeconds: seconds(KIOSKS_DEFAULTS.operatorIdleSeconds),
        /** Demo mode: the port of the kiosk's browser stand-in, whose operator sign-in the demo kiosk redirects to. */
        demoStandInPort: z.coerce
          .number({ error: PORT_NUMBER })
          .int(PORT_NUMBER)
          .min(1, PORT_NUMBER)
          .max(65535, PORT_NUMBER)
          .default(KIOSKS_DEFAULTS.demoStandInPort),
      })
      .strict()
      .default(KIOSKS_DEFAULTS),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** What BIO captures must say and how fresh they must be (server/src/biometrics/). */
    biometrics: z
      .object({
        /** Allowed capture `domainUri` values; default: the issuer, and the login UI's origin when that is another one. */
        domainUris: z.array(z.url()).min(1).optional(),
        /** Allowed device `env` values; default Production, in demo mode Developer and Staging. */
        envs: z.array(sbiEnv).min(1).optional(),
        /** The last capture must be at most this old (plus the leeway) when it reaches the server. */
        captureWindowSeconds: seconds(BIOMETRICS_DEFAULTS.captureWindowSeconds),
        captureLeewaySeconds: leeway(BIOMETRICS_DEFAULTS.captureLeewaySeconds),
        /** How far ahead of the server clock a capture may be dated. */
        futureLeewaySeconds: leeway(BIOMETRICS_DEFAULTS.futureLeewaySeconds),
        /** Largest gap between consecutive captures of one submission. */
        maxSegmentGapSeconds: seconds(BIOMETRICS_DEFAULTS.maxSegmentGapSeconds),
        /** How long capture digests stay in the replay cache; must cover the acceptance window. */
        replayTtlSeconds: seconds(BIOMETRICS_DEFAULTS.replayTtlSeconds),
      })
      .strict()
      .default(BIOMETRICS_DEFAULTS),
    /** The linked (cross-device) sign-in: link codes and how long the resident's browser waits per call. */
    linkedAuthorization: z
      .object({
        /** How long a link code is valid (eSignet: 60 s). */
        linkCodeSeconds: seconds(60).refine((v) => v <= 60, 'must be at most 60 seconds'),
        /** How long link-status and the progress long poll wait before answering. */
        longPollSeconds: seconds(25).refine((v) => v <= 25, 'must be at most 25 seconds'),
        /** Seconds between heartbeat comments on the progress stream (server-sent events). */
        heartbeatSeconds: seconds(15),
      })
      .strict()
      .default({ linkCodeSeconds: 60, longPollSeconds: 25, heartbeatSeconds: 15 }),
  })
  .strict()
  .transform((c) => ({ ...c, issuer: c.issuer ?? defaultIssuer(c.host, c.port) }))
  .transform((c) => ({
    ...c,
    biometrics: {
      ...c.biometrics,
      domainUris: c.biometrics.domainUris ?? defaultDomainUris(c.issuer, c.loginUiUrl),
      envs: c.biometrics.envs ?? ((c.demo ? ['Developer', 'Staging'] : ['Production']) satisfies SbiEnv[] as SbiEnv[]),
    },
  }));

export type Config = z.infer<typeof ConfigSchema>;

/**
 * The domainUris captures may carry by default: the issuer, plus the login UI's origin when it is
 * served elsewhere — eSignet's UI sends its page's `window.origin` as the SBI domainUri.
 * @example defaultDomainUris('https://id.example.org', 'https://login.example.org/ui') // [issuer, 'https://login.example.org']
 */
export function defaultDomainUris(issuer: string, loginUiUrl: string | undefined): string[] {
  const uiOrigin = loginUiUrl === undefined ? undefined : new URL(loginUiUrl).origin;
  return uiOrigin === undefined || uiOrigin === issuer ? [issuer] : [issuer, uiOrigin];
}

/** Thrown for bad configuration; main() prints the message and exits non-zero. */
export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG';
}

const ENV_KEYS: Record<string, (c: Record<string, unknown>, v: string) => void> = {
  SIGNET_PORT: (c, v) => (c.port = v),
  SIGNET_HOST: (c, v) => (c.host = v),
  SIGNET_ISSUER: (c, v) => (c.issuer = v),
  SIGNET_DATA_DIR: (c, v) => (c.dataDir = v),
  SIGNET_ADMIN_TOKEN: (c, v) => (c.adminToken = v),
  SIGNET_AUTHENTICATOR: (c, v) => (c.authenticator = v),
  SIGNET_DEMO: (c, v) => (c.demo = v.toLowerCase()),
  SIGNET_LOGIN_UI_URL: (c, v) => (c.loginUiUrl = v),
  SIGNET_LOGIN_APP_DIR: (c, v) => (c.loginAppDir = v),
  SIGNET_KIOSK_IDLE_SECONDS: (c, v) => (c.kioskIdleSeconds = v),
  SIGNET_KEK: (c, v) => (c.kek = v),
  SIGNET_LOG_LEVEL: (c, v) => (c.logLevel = v),
  SIGNET_TRUST_PROXY_HOPS: (c, v) => (c.trustProxyHops = v),
  SIGNET_SIGNING_ALG: (c, v) => (sub(c, 'signing').defaultAlg = v),
  SIGNET_SIGNING_ALGS: (c, v) => (sub(c, 'signing').algs = v.split(',').map((s) => s.trim())),
  SIGNET_TTL_TRANSACTION: (c, v) => (sub(c, 'ttl').transaction = v),
  SIGNET_TTL_AUTH_CODE: (c, v) => (sub(c, 'ttl').authCode = v),
  SIGNET_TTL_ACCESS_TOKEN: (c, v) => (sub(c, 'ttl').accessToken = v),
  SIGNET_TTL_ID_TOKEN: (c, v) => (sub(c, 'ttl').idToken = v),
  SIGNET_TTL_SSO_SESSION: (c, v) => (sub(c, 'ttl').ssoSession = v),
  SIGNET_RATE_LIMIT_PER_MINUTE: (c, v) => (sub(c, 'limits').requestsPerMinutePerIp = v),
  SIGNET_SBI_DOMAIN_URIS: (c, v) => (sub(c, 'biometrics').domainUris = list(v)),
  SIGNET_SBI_ENVS: (c, v) => (sub(c, 'biometrics').envs = list(v)),
  SIGNET_KIOSK_OPERATOR_IDLE_SECONDS: (c, v) => (sub(c, 'kiosks').operatorIdleSeconds = v),
  SIGNET_KIOSK_DEMO_STAND_IN_PORT: (c, v) => (sub(c, 'kiosks').demoStandInPort = v),
};

/** Every environment variable the configuration reads (docs/configuration.md lists each). */
export const CONFIG_ENV_VARIABLES: readonly string[] = ['SIGNET_CONFIG_FILE', ...Object.keys(ENV_KEYS)];

/** Their values never appear in an error message. */
const SECRET_ENV_KEYS = new Set(['SIGNET_ADMIN_TOKEN', 'SIGNET_KEK']);

/** The setting an environment variable sets ("ttl.authCode"): its setter applied to an empty object. */
function settingOf(apply: (c: Record<string, unknown>, v: string) => void, value: string): string {
  const probe: Record<string, unknown> = {};
  apply(probe, value);
  const keys: string[] = [];
  for (let node: unknown = probe; node && typeof node === 'object' && !Array.isArray(node);) {
    const [key] = Object.keys(node);
    if (key === undefined) break;
    keys.push(key);
    node = (node as Record<string, unknown>)[key];
  }
  return keys.join('.');
}

function hasPath(value: unknown, keys: string[]): boolean {
  let node = value;
  for (const key of keys) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

const list = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function sub(c: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = c[key];
  if (existing && typeof existing === 'object') return existing as Record<string, unknown>;
  const fresh: Record<string, unknown> = {};
  c[key] = fresh;
  return fresh;
}

/**
 * Builds the configuration: defaults < file (SIGNET_CONFIG_FILE) < environment.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<Record<string, unknown>> = {}): Config {
  let raw: Record<string, unknown> = {};
  let fromFile: unknown;
  const file = env.SIGNET_CONFIG_FILE;
  if (file) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`SIGNET_CONFIG_FILE (${file}): cannot read it as JSON: ${(e as Error).message}`);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw new ConfigError(`SIGNET_CONFIG_FILE (${file}): must hold a JSON object`);
    fromFile = structuredClone(raw);
  }
  const fromEnv = new Map<string, string>();
  for (const [key, apply] of Object.entries(ENV_KEYS)) {
    const v = env[key];
    if (v !== undefined && v !== '') {
      apply(raw, v);
      fromEnv.set(settingOf(apply, v), key);
    }
  }
  Object.assign(raw, overrides);
  /** Where a setting came from: `SIGNET_PORT=abc` (secrets not echoed), the file and its key path, or the setting. */
  const sourceOf = (at: PropertyKey[]): string => {
    const setting = at.map(String).join('.');
    for (const [prefix, key] of fromEnv) {
      if (setting !== prefix && !setting.startsWith(`${prefix}.`)) continue;
      const rest = setting.slice(prefix.length + 1);
      const item = /^\d+$/.test(rest) ? `item ${Number(rest) + 1}` : rest;
      return `${SECRET_ENV_KEYS.has(key) ? key : `${key}=${env[key]}`}${item ? ` (${item})` : ''}`;
    }
    if (fromFile !== undefined && hasPath(fromFile, at.map(String)))
      return `configuration file ${file}${setting ? `: "${setting}"` : ''}`;
    return `configuration setting "${setting || '(root)'}"`;
  };
  /** One error listing every bad setting, each named by its source (zod's own paths name keys of the merged object, not where an operator set them). */
  const settingsError = (problems: { path: PropertyKey[]; message: string }[]): ConfigError => {
    const issues = problems.map((p) => ({
      code: 'custom' as const,
      input: undefined,
      path: [],
      message: `${sourceOf(p.path)}: ${p.message}`,
    }));
    return new ConfigError(`invalid configuration:\n${z.prettifyError(new z.ZodError(issues))}`);
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) throw settingsError(parsed.error.issues);
  const config = parsed.data;
  if (!config.signing.algs.includes(config.signing.defaultAlg)) {
    throw settingsError([
      { path: ['signing', 'defaultAlg'], message: `${config.signing.defaultAlg} is not in signing.algs` },
    ]);
  }
  if (!config.signing.algs.includes('RS256')) {
    throw settingsError([{ path: ['signing', 'algs'], message: 'must include RS256 (OpenID discovery requires it)' }]);
  }
  const bio = config.biometrics;
  const acceptedFor = bio.captureWindowSeconds + bio.captureLeewaySeconds + bio.futureLeewaySeconds;
  if (bio.replayTtlSeconds < acceptedFor) {
    throw settingsError([
      {
        path: ['biometrics', 'replayTtlSeconds'],
        message: `must be at least ${acceptedFor} (capture window + leeways), or a capture could be replayed`,
      },
    ]);
  }
  return { ...config, dataDir: path.resolve(config.dataDir) };
}
