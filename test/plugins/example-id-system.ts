// An ID-system plugin written against the plugin SDK alone, as one outside this repository would
// be: residents with a PIN and a name, added through an admin route; PIN sign-in; signed userinfo.
// The worked example of docs/writing-a-plugin.md; test/external-plugin.test.ts loads it into a
// real server by its file path, as a deployment names its plugin in SIGNET_AUTHENTICATOR.
// Residents and keys live in memory here; a real plugin keeps them under context.dataDir.
import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import express, { Router } from 'express';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { z } from 'zod';
import {
  envelopeErrorHandler,
  ESIGNET_ERRORS,
  EsignetError,
  handle,
  parseEnvelope,
  requireAdminToken,
  requireJson,
  sendEnvelope,
  type Authenticator,
  type AuthenticatorFactory,
  type KycAuthResult,
} from '@signet-kiosk/server/plugin';

export const ADMIN_PATH = '/v1/example-id-system/residents';

const IndividualId = z.string().regex(/^\d{10}$/, 'must be 10 digits');
const ResidentSchema = z
  .object({
    individualId: IndividualId,
    pin: z.string().regex(/^\d{6}$/, 'must be 6 digits'),
    name: z.string().min(1),
    email: z.email().optional(),
  })
  .strict();

/** What an embedder may hand the factory (`startServer(config, { authenticatorOptions })`); the server's own start passes none. */
const OptionsSchema = z.object({ kycTokenTtlSeconds: z.number().int().positive().default(1800) }).strict();

/** kycExchange rejects with this `errorCode` when the token leads to no resident: the relying party gets 401 invalid_token. */
class KycTokenError extends Error {
  readonly errorCode = 'invalid_kyc_token';
}

const hashPin = async (pin: string, salt: Buffer): Promise<Buffer> =>
  (await promisify(scrypt)(pin, salt, 32)) as Buffer;

const createAuthenticator: AuthenticatorFactory = async (context, options) => {
  const parsed = OptionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new Error(`example-id-system options:\n${z.prettifyError(parsed.error)}`);
  const { kycTokenTtlSeconds } = parsed.data;

  const residents = new Map<string, { salt: Buffer; pinHash: Buffer; claims: { name: string; email?: string } }>();
  const kycTokens = new Map<string, { individualId: string; expiresAt: number }>();
  /** Keys the subject ids: stable per resident, and not the individual ID itself. */
  const subjectKey = randomBytes(32);
  /** An unknown ID is checked against this, so that it costs the same as a wrong PIN. */
  const decoy = { salt: randomBytes(16), pinHash: randomBytes(32) };
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk: JWK = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);

  const authenticator: Authenticator = {
    name: 'example-id-system',

    async kycAuth({ individualId, challenges }): Promise<KycAuthResult> {
      if (!IndividualId.safeParse(individualId).success) return { ok: false, errorCode: 'invalid_individual_id' };
      if (challenges.some((c) => c.authFactorType !== 'PIN'))
        return { ok: false, errorCode: 'unsupported_auth_factor' };
      const resident = residents.get(individualId);
      for (const { challenge } of challenges) {
        if (!/^\d{6}$/.test(challenge)) return { ok: false, errorCode: 'invalid_challenge' };
        const { salt, pinHash } = resident ?? decoy;
        if (!timingSafeEqual(await hashPin(challenge, salt), pinHash) || !resident) {
          return { ok: false, errorCode: 'auth_failed', message: ESIGNET_ERRORS.auth_failed.message };
        }
      }
      const kycToken = randomBytes(32).toString('base64url');
      kycTokens.set(kycToken, { individualId, expiresAt: Date.now() + kycTokenTtlSeconds * 1000 });
      return {
        ok: true,
        kycToken,
        subjectId: createHmac('sha256', subjectKey).update(individualId).digest('base64url'),
      };
    },

    async kycExchange({ kycToken, individualId, iss, aud, sub, acceptedClaims }) {
      const token = kycTokens.get(kycToken);
      const resident = residents.get(individualId);
      if (!token || token.expiresAt <= Date.now() || token.individualId !== individualId || !resident)
        throw new KycTokenError('unknown or expired KYC token');
      const claims = Object.fromEntries(
        Object.entries(resident.claims).filter(([name]) => acceptedClaims.includes(name)),
      );
      const userinfoJws = await new SignJWT({ ...claims, iss, aud, sub })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      return { userinfoJws, claims };
    },

    // No OTP here: the server offers no OTP login, and a sendOtp that still arrives is refused.
    async sendOtp() {
      return { ok: false, errorCode: 'invalid_otp_channel' };
    },
    supportedOtpChannels: () => [],
    supportedAuthFactors: () => ['PIN'],
    signingKeys: async () => [{ ...publicJwk, kid, use: 'sig', alg: 'ES256' }],
    supportedClaims: () => ['name', 'email'],
    loginFormHints: () => ({ individualId: { regex: '^\\d{10}$', maxLength: 10 }, kbiFields: [] }),

    /** The admin API: add a resident, look one up; behind the server's admin token, answered in the eSignet envelope. */
    routes() {
      const api = Router();
      api.use(requireAdminToken(context.adminToken), express.json({ limit: '16kb' }), requireJson);
      api.post(
        '/',
        handle(async (req, res) => {
          const { individualId, pin, name, email } = parseEnvelope(ResidentSchema, req.body);
          if (residents.has(individualId))
            throw new EsignetError('invalid_input', 'A resident with this individualId exists already.');
          const salt = randomBytes(16);
          residents.set(individualId, {
            salt,
            pinHash: await hashPin(pin, salt),
            claims: { name, ...(email ? { email } : {}) },
          });
          context.logger.info({ individualId }, 'example ID system: resident added');
          sendEnvelope(res, { individualId });
        }),
      );
      api.get(
        '/:individualId',
        handle(async (req, res) => {
          const resident = residents.get(String(req.params.individualId));
          if (!resident) throw new EsignetError('not_found', 'No resident with this individualId.');
          sendEnvelope(res, { individualId: req.params.individualId, ...resident.claims });
        }),
      );
      api.use(envelopeErrorHandler((err) => context.logger.error({ err }, 'example ID system admin API failed')));
      return Router().use(ADMIN_PATH, api);
    },
  };
  return authenticator;
};

export default createAuthenticator;
