// mock-identity, the reference ID system (residents in SQLite, seeded with the demo residents in
// demo mode only; OTP/PIN/password/KBI/biometrics, signed userinfo, eSignet-style admin API, dev
// outbox in demo mode); default export: the plugin factory.
import type { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { Router } from 'express';
import type { JWK } from 'jose';
import { z } from 'zod';
import type {
  Authenticator,
  AuthenticatorContext,
  KycAuthRequest,
  KycAuthResult,
  KycExchangeRequest,
  KycExchangeResult,
  LoginFormHints,
  SendOtpRequest,
  SendOtpResult,
} from '@signet-kiosk/server/plugin';
import type { AuthFactorType } from '@signet-kiosk/shared/esignet';
import { adminRouter } from './admin-routes.js';
import { BioTemplates } from './bio-templates.js';
import { buildClaims, SUPPORTED_CLAIMS } from './claims.js';
import { DATABASE_FILE, openDatabase } from './database.js';
import { DevOutbox, devOutboxRouter } from './dev-outbox.js';
import { encryptionCertificateRouter } from './encryption-certificate-route.js';
import { openEncryptionKey } from './encryption-key.js';
import { MockIdentityError } from './errors.js';
import { INDIVIDUAL_ID_MAX_LENGTH, INDIVIDUAL_ID_PATTERN, IndividualIdSchema } from './identity-data.js';
import { KBI_FIELDS } from './kbi.js';
import { kycAuth, VERIFIED_FACTORS, type KycAuthDeps } from './kyc-auth.js';
import { KYC_TOKEN_TTL_MS, KycTokens } from './kyc-tokens.js';
import { LogNotifier, type Notifier, type OtpChannel, type OtpMessage } from './notifier.js';
import { otpMask } from './otp-masks.js';
import { OTP_TTL_MS, OtpManager } from './otp.js';
import { PluginSecret } from './plugin-secret.js';
import { ResidentStore } from './resident-store.js';
import { hashSecret, DEFAULT_SCRYPT, ScryptParamsSchema, type ScryptParams } from './secret-hash.js';
import { DEFAULT_SEED_FILE, readSeed } from './seed.js';
import { loadSigningKey } from './signing-key.js';
import { signUserinfo } from './userinfo-jws.js';

export const OTP_CHANNELS: readonly OtpChannel[] = ['email', 'phone'];

/** Where the code made for an unknown ID is stored: not an individual id, so no sign-in can match it. */
const DECOY_OTP_ROW = '(no such individual)';

/** Knobs for tests and embedders; the server's loader uses the defaults. */
export interface MockIdentityOptions {
  scrypt?: ScryptParams;
  /** Where OTPs go; default: the dev outbox in demo mode, else a log line without the code. */
  notifier?: Notifier;
  /** Residents to seed on first start; default: the demo residents in demo mode, none otherwise. */
  seedFile?: string;
  now?: () => number;
  otpTtlMs?: number;
  kycTokenTtlMs?: number;
}

export type MockIdentity = Authenticator & {
  /** The dev outbox, in demo mode (unless a notifier was given). */
  readonly outbox: DevOutbox | undefined;
  /** The certificate devices encrypt captures to (also at GET /v1/mock-identity-system/sbi/encryption-certificate). */
  encryptionCertificate(): Promise<X509Certificate>;
};

/**
 * The demo residents' PINs are in the README: outside demo mode a folder that still holds any of
 * them would let anyone sign in as them, so the plugin does not start on it.
 */
function refuseDemoResidents(residents: ResidentStore, databaseFile: string): void {
  const present = readSeed(DEFAULT_SEED_FILE).filter((r) => residents.get(r.individualId) !== undefined);
  if (present.length === 0) return;
  throw new MockIdentityError(
    'demo_residents_present',
    `${databaseFile} holds the demo residents (${present.map((r) => r.individualId).join(', ')}), whose PINs are published; ` +
      'outside demo mode they must not sign in. Start on another data folder, delete that file, or remove them through the admin API in demo mode.',
  );
}

/** Opens (and on first start creates and seeds) the plugin's data in `context.dataDir`. */
export async function createMockIdentity(
  context: AuthenticatorContext,
  options: MockIdentityOptions = {},
): Promise<MockIdentity> {
  const logger = context.logger;
  const now = options.now ?? Date.now;
  const scrypt = options.scrypt ?? DEFAULT_SCRYPT;
  const secret = PluginSecret.load(context.dataDir);
  const signingKey = await loadSigningKey(context.dataDir);
  const encryptionKey = openEncryptionKey(context.dataDir, logger);
  const db = openDatabase(context.dataDir);
  const residents = new ResidentStore(db, scrypt, now);
  const templates = new BioTemplates(db, now);
  try {
    const seedFile = options.seedFile ?? (context.demo ? DEFAULT_SEED_FILE : undefined);
    const added = seedFile ? await residents.seedOnce(readSeed(seedFile)) : 0;
    if (added > 0) logger.info({ residents: added }, 'mock identity: seeded residents');
    if (!context.demo) refuseDemoResidents(residents, path.join(context.dataDir, DATABASE_FILE));
  } catch (e) {
    encryptionKey.close();
    db.close();
    throw e;
  }
  const enrolled = templates.enrolMissing();
  if (enrolled > 0) logger.info({ residents: enrolled }, 'mock identity: enrolled biometric templates');
  const outbox = options.notifier ? undefined : context.demo ? new DevOutbox() : undefined;
  const notifier = options.notifier ?? outbox ?? new LogNotifier(logger);
  const otps = new OtpManager(db, secret, now, options.otpTtlMs ?? OTP_TTL_MS);
  const tokens = new KycTokens(db, now, options.kycTokenTtlMs ?? KYC_TOKEN_TTL_MS);
  /** Hands a message to the notifier without waiting; a failure is logged, never answered. */
  const deliver = (message: OtpMessage): void => {
    new Promise<void>((resolve) => resolve(notifier.send(message))).catch((err: unknown) =>
      logger.error({ err }, 'mock identity: OTP notifier failed'),
    );
  };
  const deps: KycAuthDeps = {
    residents,
    otps,
    tokens,
    secret,
    dummyHash: await hashSecret('not a secret', scrypt),
    templates,
    encryptionKey: () => encryptionKey.ready,
  };

  return {
    name: 'mock-identity',
    outbox,

    async encryptionCertificate(): Promise<X509Certificate> {
      return (await encryptionKey.ready).certificate;
    },

    kycAuth(req: KycAuthRequest): Promise<KycAuthResult> {
      return kycAuth(deps, req);
    },

    async kycExchange(req: KycExchangeRequest): Promise<KycExchangeResult> {
      if (tokens.individualOf(req.kycToken) !== req.individualId) throw new MockIdentityError('invalid_kyc_token');
      const record = residents.get(req.individualId);
      if (!record) throw new MockIdentityError('invalid_kyc_token');
      const claims = buildClaims(record.resident, req.acceptedClaims, req.claimsLocales);
      const userinfoJws = await signUserinfo(
        signingKey,
        { iss: req.iss, aud: req.aud, sub: req.sub },
        claims,
        Math.floor(now() / 1000),
      );
      return { userinfoJws, claims };
    },

    async sendOtp(req: SendOtpRequest): Promise<SendOtpResult> {
      if (!IndividualIdSchema.safeParse(req.individualId).success)
        return { ok: false, errorCode: 'invalid_individual_id' };
      const channels = [...new Set(req.otpChannels)];
      if (channels.length === 0 || channels.some((c) => !(OTP_CHANNELS as readonly string[]).includes(c))) {
        return {
          ok: false,
          errorCode: 'invalid_otp_channel',
          message: `OTP channels must be among: ${OTP_CHANNELS.join(', ')}.`,
        };
      }
      // Known or not, the same work and the same answer: a code is made and stored (for an
      // unknown ID in a row no ID can sign in with), each channel gets a mask of one shape for
      // everybody (otp-masks.ts), and delivery is not awaited, so its time tells nothing either.
      const resident = residents.get(req.individualId)?.resident;
      const { otp, expiresAt } = otps.issue(resident ? req.individualId : DECOY_OTP_ROW, req.transactionId);
      const minutes = Math.round((expiresAt - now()) / 60_000);
      const masked: { maskedEmail?: string; maskedMobile?: string } = {};
      for (const channel of channels as OtpChannel[]) {
        const to = channel === 'email' ? resident?.email : resident?.phone;
        if (to !== undefined) {
          deliver({
            individualId: req.individualId,
            channel,
            to,
            otp,
            text: `Your Signet sign-in code is ${otp}. It expires in ${minutes} minutes. Never share it.`,
            sentAt: now(),
            expiresAt,
          });
        }
        masked[channel === 'email' ? 'maskedEmail' : 'maskedMobile'] = otpMask(channel, to, () =>
          secret.decoySeed(req.individualId, channel),
        );
      }
      return { ok: true, ...masked };
    },

    supportedOtpChannels(): string[] {
      return [...OTP_CHANNELS];
    },

    supportedAuthFactors(): AuthFactorType[] {
      return [...VERIFIED_FACTORS];
    },

    async signingKeys(): Promise<JWK[]> {
      return [{ ...signingKey.publicJwk }];
    },

    supportedClaims(): string[] {
      return [...SUPPORTED_CLAIMS];
    },

    loginFormHints(): LoginFormHints {
      return {
        individualId: { regex: INDIVIDUAL_ID_PATTERN.source, maxLength: INDIVIDUAL_ID_MAX_LENGTH },
        kbiFields: [...KBI_FIELDS],
      };
    },

    routes(): Router {
      const router = Router();
      // Before the admin router: its token check covers every path under /v1/mock-identity-system.
      router.use(encryptionCertificateRouter(encryptionKey, logger));
      router.use(adminRouter(residents, templates, context.adminToken, logger));
      if (outbox) router.use(devOutboxRouter(outbox));
      return router;
    },

    async close(): Promise<void> {
      encryptionKey.close();
      db.close();
    },
  };
}

/**
 * What an embedder may hand the factory (`startServer(config, { authenticatorOptions })`): the hash
 * cost, so that test servers seed residents in milliseconds, and the OTP lifetime, so that a
 * browser test can see a code expire. The server's own start passes nothing, and the production
 * values apply.
 */
const FactoryOptionsSchema = z
  .object({ scrypt: ScryptParamsSchema.optional(), otpTtlMs: z.number().int().min(1000).max(OTP_TTL_MS).optional() })
  .strict();

/** The plugin factory the server's loader calls (`builtin:mock-identity`). */
export default async function mockIdentityFactory(
  context: AuthenticatorContext,
  options?: unknown,
): Promise<Authenticator> {
  const parsed = FactoryOptionsSchema.safeParse(options ?? {});
  if (!parsed.success)
    throw new MockIdentityError('invalid_options', `mock-identity options: ${z.prettifyError(parsed.error)}`);
  return createMockIdentity(context, parsed.data);
}
