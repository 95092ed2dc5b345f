// kycAuth as a list of named checks: the ID's shape, each challenge's shape, the BIO captures'
// cryptography, then the secrets and biometrics (the OTP last, as a right one is consumed).
// Unknown IDs, wrong secrets and biometrics of someone else look alike.
import { CHALLENGE_FORMATS, type AuthFactorType } from '@signet-kiosk/shared/esignet';
import {
  ESIGNET_ERRORS,
  type AuthChallenge,
  type KycAuthRequest,
  type KycAuthResult,
} from '@signet-kiosk/server/plugin';
import {
  capturesMatch,
  openCaptures,
  parseBioChallenge,
  type BioSubmission,
  type OpenedCapture,
} from './bio-factor.js';
import type { BioTemplates } from './bio-templates.js';
import type { EncryptionKey } from './encryption-key.js';
import { IndividualIdSchema } from './identity-data.js';
import { parseKbiChallenge, verifyKbi, type KbiAnswers } from './kbi.js';
import type { KycTokens } from './kyc-tokens.js';
import type { OtpManager } from './otp.js';
import type { PluginSecret } from './plugin-secret.js';
import type { ResidentRecord, ResidentStore } from './resident-store.js';
import { SecretCheckBusyError, verifySecret } from './secret-hash.js';

/** Factors this plugin verifies; WLA and IDT are not offered. */
export const VERIFIED_FACTORS = ['OTP', 'PIN', 'PWD', 'KBI', 'BIO'] as const satisfies readonly AuthFactorType[];
type VerifiedFactor = (typeof VERIFIED_FACTORS)[number];

export interface KycAuthDeps {
  residents: ResidentStore;
  otps: OtpManager;
  tokens: KycTokens;
  secret: PluginSecret;
  /** A hash of nothing, verified against when there is no record, so timing does not tell. */
  dummyHash: string;
  /** The residents' biometric templates, and the ID system's encryption key (awaited: it may still be being made). */
  templates: BioTemplates;
  encryptionKey: () => Promise<EncryptionKey>;
}

type Failure = Extract<KycAuthResult, { ok: false }>;
type Parsed =
  | { type: Exclude<VerifiedFactor, 'KBI' | 'BIO'>; value: string }
  | { type: 'KBI'; value: KbiAnswers }
  | { type: 'BIO'; value: BioSubmission[] };

const AUTH_FAILED: Failure = { ok: false, errorCode: 'auth_failed', message: ESIGNET_ERRORS.auth_failed.message };
const OTP_EXPIRED: Failure = { ok: false, errorCode: 'otp_expired', message: ESIGNET_ERRORS.otp_expired.message };
const BUSY: Failure = { ok: false, errorCode: 'service_busy', message: ESIGNET_ERRORS.service_busy.message };

function fail(errorCode: Failure['errorCode'], message: string): Failure {
  return { ok: false, errorCode, message };
}

function checkIndividualId(individualId: string): Failure | undefined {
  return IndividualIdSchema.safeParse(individualId).success
    ? undefined
    : fail('invalid_individual_id', ESIGNET_ERRORS.invalid_individual_id.message);
}

function unsupported(type: AuthFactorType): Failure {
  return fail('unsupported_auth_factor', `The ${type} authentication factor is not supported by this ID system.`);
}

/** Every challenge of a supported factor, once each, in its eSignet format. */
function checkChallenges(challenges: AuthChallenge[]): Parsed[] | Failure {
  if (challenges.length === 0) return fail('invalid_challenge', 'No credential was supplied.');
  const seen = new Set<AuthFactorType>();
  const parsed: Parsed[] = [];
  for (const c of challenges) {
    if (!(VERIFIED_FACTORS as readonly string[]).includes(c.authFactorType)) return unsupported(c.authFactorType);
    const type = c.authFactorType as VerifiedFactor;
    if (seen.has(type)) return fail('invalid_challenge', `The ${type} factor was supplied more than once.`);
    seen.add(type);
    const rule = CHALLENGE_FORMATS[type];
    if (c.format !== rule.format)
      return fail('invalid_challenge', `The ${type} credential must have format "${rule.format}".`);
    if (typeof c.challenge !== 'string' || !rule.pattern.test(c.challenge))
      return fail('invalid_challenge', `The ${type} credential is not in the expected format.`);
    if (type === 'KBI') {
      const answers = parseKbiChallenge(c.challenge);
      if (!answers)
        return fail(
          'invalid_challenge',
          'The knowledge answers must be base64url JSON: {"fullName", "dob" (YYYY-MM-DD), "birthPlace"}.',
        );
      parsed.push({ type, value: answers });
    } else if (type === 'BIO') {
      const submissions = parseBioChallenge(c.challenge);
      if (!Array.isArray(submissions)) return submissions;
      parsed.push({ type, value: submissions });
    } else {
      parsed.push({ type, value: c.challenge });
    }
  }
  return parsed;
}

/**
 * PIN, password and knowledge answers, all checked (no early exit) so timing says little; an
 * unknown ID is checked against the dummy hash, at the same cost. Throws SecretCheckBusyError.
 */
async function checkStaticFactors(
  parsed: Parsed[],
  record: ResidentRecord | undefined,
  dummyHash: string,
): Promise<boolean> {
  const results = await Promise.all(
    parsed.map(async (p) => {
      switch (p.type) {
        case 'PIN':
          return (await verifySecret(p.value, record?.pinHash ?? dummyHash)) && record !== undefined;
        case 'PWD':
          return (await verifySecret(p.value, record?.passwordHash ?? dummyHash)) && record?.passwordHash !== undefined;
        case 'KBI':
          return (
            (await verifyKbi(
              p.value,
              {
                fullName: record?.resident.fullName ?? [],
                dateOfBirth: record?.resident.dateOfBirth,
                knowledgeHashes: record?.knowledgeHashes ?? {},
              },
              dummyHash,
            )) && record !== undefined
          );
        case 'OTP':
        case 'BIO':
          return true;
      }
    }),
  );
  return results.every(Boolean);
}

/** Decrypts and reads the BIO captures, if any; their failures have their own messages (not ours, tampered, broken chain). */
async function openBio(deps: KycAuthDeps, parsed: Parsed[]): Promise<OpenedCapture[] | Failure | undefined> {
  const bio = parsed.find((p) => p.type === 'BIO');
  return bio && openCaptures(await deps.encryptionKey(), bio.value);
}

/** Verifies the challenges; on success issues a KYC token and the resident's stable subject id. */
export async function kycAuth(deps: KycAuthDeps, req: KycAuthRequest): Promise<KycAuthResult> {
  const badId = checkIndividualId(req.individualId);
  if (badId) return badId;
  const parsed = checkChallenges(req.challenges);
  if (!Array.isArray(parsed)) return parsed;
  const captures = await openBio(deps, parsed);
  if (captures && !Array.isArray(captures)) return captures;
  const record = deps.residents.get(req.individualId);
  let staticOk: boolean;
  try {
    staticOk = await checkStaticFactors(parsed, record, deps.dummyHash);
  } catch (e) {
    if (e instanceof SecretCheckBusyError) return BUSY;
    throw e;
  }
  const bioOk = captures === undefined || capturesMatch(deps.templates, req.individualId, captures);
  if (!staticOk || !bioOk || !record) return AUTH_FAILED;
  const otp = parsed.find((p) => p.type === 'OTP');
  if (otp) {
    // Only after every other factor passed: an expired code says no more than that a code was sent.
    const check = deps.otps.check(req.individualId, req.transactionId, otp.value as string);
    if (check === 'expired') return OTP_EXPIRED;
    if (check !== 'ok') return AUTH_FAILED;
  }
  return {
    ok: true,
    kycToken: deps.tokens.issue(req.individualId),
    subjectId: deps.secret.subjectId(req.individualId),
  };
}
