// The BIO factor as named checks: decode the challenge (the device's biometrics[]); open each capture
// with the ID system's key (thumbprint, sessionKey, bioValue); re-walk the hash chain; read the ISO
// records; match each against the resident's templates. The server core verified the signatures.
import { timingSafeEqual } from 'node:crypto';
import { CHALLENGE_FORMATS } from '@signet-kiosk/shared/esignet';
import {
  decryptBioValue,
  chainLink,
  chainStart,
  IsoRecordError,
  readIsoRecord,
  type IsoRecord,
  unwrapSessionKey,
  verifyThumbprint,
} from '@signet-kiosk/shared/sbi/crypto';
import {
  SbiVerifyError,
  decodeBioChallenge,
  type BioChallengeItem,
  CaptureDataSchema,
  type CaptureData,
  MAX_COUNT,
  type BioType,
} from '@signet-kiosk/shared/sbi';
import type { KycAuthResult } from '@signet-kiosk/server/plugin';
import { MATCH_THRESHOLD, matchScore, prepareCapture, type GrayImage, type PreparedCapture } from './bio-matcher.js';
import type { BioTemplates } from './bio-templates.js';
import { ENCRYPTION_CERTIFICATE_PATH } from './encryption-certificate-route.js';
import type { EncryptionKey } from './encryption-key.js';
import { decodeGrayPng, PngError } from './png-gray.js';

type Failure = Extract<KycAuthResult, { ok: false }>;

/** One submitted capture with its (unverified here) signed payload decoded. */
export interface BioSubmission {
  item: BioChallengeItem;
  data: CaptureData;
}

/** A capture decrypted, chain-checked and read: what the matcher needs. */
export interface OpenedCapture {
  bioType: BioType;
  bioSubType: string;
  capture: PreparedCapture;
}

/** Ten fingers, two irises and a face: more than that is not a capture of one person. */
export const MAX_BIO_CAPTURES = MAX_COUNT.Finger + MAX_COUNT.Iris + MAX_COUNT.Face;

const fail = (errorCode: Failure['errorCode'], message: string): Failure => ({ ok: false, errorCode, message });
const nth = (i: number) => `Capture #${i + 1}`;
const HEX_64 = /^[0-9A-Fa-f]{64}$/;

/** The payload of a compact JWS, decoded but not verified (the server core verified it). */
function decodePayload(jws: string): unknown {
  const parts = jws.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Decodes a BIO challenge (`encoded-json`: base64 or base64url of the biometrics[] JSON) and each
 * capture's signed `data` payload; failures are `invalid_challenge`.
 * @example const submissions = parseBioChallenge(challenge.challenge);
 */
export function parseBioChallenge(challenge: string): BioSubmission[] | Failure {
  const items = decodeBioChallenge(challenge);
  if (!items)
    return fail(
      'invalid_challenge',
      `The BIO credential must be the capture's biometrics[] (specVersion, data, hash, sessionKey, thumbprint) as JSON in base64, format "${CHALLENGE_FORMATS.BIO.format}".`,
    );
  if (items.length > MAX_BIO_CAPTURES)
    return fail(
      'invalid_challenge',
      `At most ${MAX_BIO_CAPTURES} biometrics (10 fingers, 2 irises, a face) may be submitted.`,
    );
  const submissions: BioSubmission[] = [];
  for (const [i, item] of items.entries()) {
    const data = CaptureDataSchema.safeParse(decodePayload(item.data));
    if (!data.success) {
      const issue = data.error.issues[0]!;
      return fail(
        'invalid_challenge',
        `${nth(i)}: its data is not a compact JWS over SBI capture data (${issue.path.join('.') || 'payload'}: ${issue.message}).`,
      );
    }
    submissions.push({ item, data: data.data });
  }
  return submissions;
}

/** Thumbprint, then sessionKey and bioValue: either failure means the capture is not ours to read. */
function decrypt(key: EncryptionKey, { item, data }: BioSubmission, i: number): Buffer | Failure {
  try {
    verifyThumbprint(item.thumbprint, key.certificate);
  } catch {
    return fail(
      'auth_failed',
      `${nth(i)} was not encrypted for this ID system: its thumbprint names another certificate (devices must encrypt to the one at GET ${ENCRYPTION_CERTIFICATE_PATH}).`,
    );
  }
  try {
    const sessionKey = unwrapSessionKey(key.privateKey, item.sessionKey);
    return decryptBioValue(data.bioValue, {
      key: sessionKey,
      timestamp: data.timestamp,
      transactionId: data.transactionId,
    });
  } catch (e) {
    if (!(e instanceof SbiVerifyError)) throw e;
    // One message for sessionKey and bioValue failures: telling them apart would help nobody but an attacker.
    return fail(
      'auth_failed',
      `${nth(i)} could not be decrypted: it was not encrypted for this ID system, or its bioValue, timestamp or transactionId was altered.`,
    );
  }
}

/** The submitted array re-walked from SHA-256(""), as captured in one request. */
function checkHashChain(isos: Buffer[], submissions: BioSubmission[]): Failure | undefined {
  let previous = chainStart('');
  for (const [i, iso] of isos.entries()) {
    previous = chainLink(previous, iso);
    const hash = submissions[i]!.item.hash;
    if (!HEX_64.test(hash) || !timingSafeEqual(previous, Buffer.from(hash, 'hex'))) {
      return fail(
        'invalid_challenge',
        `The captures' hash chain is broken at capture #${i + 1}: records were altered, reordered or dropped after capture, or not chained from SHA-256("").`,
      );
    }
  }
  return undefined;
}

/** The ISO record must be of the biometric the signed payload names. */
function checkRecord(record: IsoRecord, data: CaptureData, i: number): Failure | undefined {
  const sameSubType = data.bioType === 'Face' || record.subType === data.bioSubType;
  if (record.type === data.bioType && sameSubType) return undefined;
  const what = (type: string, sub: string) => (type === 'Face' ? type : `${type} "${sub}"`);
  return fail(
    'invalid_challenge',
    `${nth(i)}: its record holds ${what(record.type, record.subType)} but its signed data says ${what(data.bioType, data.bioSubType)}.`,
  );
}

/** Raw grey pixels of a record (as stored for finger and iris, PNG-decoded for face), ready for the matcher. */
function imageOf(record: IsoRecord, i: number): PreparedCapture | Failure {
  const { width, height, data } = record.image;
  const unreadable = (why: string) =>
    fail(
      'auth_failed',
      `${nth(i)}: this reference ID system cannot match its image (${why}); it matches the SBI simulator's synthetic images.`,
    );
  let image: GrayImage;
  try {
    image = record.type === 'Face' ? decodeGrayPng(data) : { width, height, pixels: data };
    return prepareCapture(image);
  } catch (e) {
    if (e instanceof PngError || e instanceof RangeError) return unreadable(e.message);
    throw e;
  }
}

/**
 * Opens every capture: thumbprint names our certificate, sessionKey unwraps, bioValue decrypts
 * (AAD/IV from its timestamp and transactionId), the hash chain holds over the whole array, each
 * ISO record is well formed, of the type and sub-type its payload names, with a readable image.
 * @example const opened = openCaptures(await slot.ready, submissions);
 */
export function openCaptures(key: EncryptionKey, submissions: BioSubmission[]): OpenedCapture[] | Failure {
  const isos: Buffer[] = [];
  for (const [i, s] of submissions.entries()) {
    const iso = decrypt(key, s, i);
    if (!Buffer.isBuffer(iso)) return iso;
    isos.push(iso);
  }
  const broken = checkHashChain(isos, submissions);
  if (broken) return broken;
  const opened: OpenedCapture[] = [];
  for (const [i, iso] of isos.entries()) {
    const { data } = submissions[i]!;
    let record: IsoRecord;
    try {
      record = readIsoRecord(iso);
    } catch (e) {
      if (e instanceof IsoRecordError)
        return fail(
          'invalid_challenge',
          `${nth(i)}: its bioValue is not an ISO/IEC 19794-4/-5/-6:2011 record (${e.message}).`,
        );
      throw e;
    }
    const mismatch = checkRecord(record, data, i);
    if (mismatch) return mismatch;
    const capture = imageOf(record, i);
    if ('ok' in capture) return capture;
    opened.push({ bioType: data.bioType, bioSubType: data.bioSubType, capture });
  }
  return opened;
}

/** The best score of each capture against the individual's templates for its type and sub-type (all ten fingers for UNKNOWN). */
export function scoreCaptures(
  templates: BioTemplates,
  individualId: string,
  captures: readonly OpenedCapture[],
): { known: boolean; scores: number[] } {
  let known = true;
  const scores = captures.map((c) => {
    const enrolled = templates.forMatching(individualId, c.bioType, c.bioSubType);
    known &&= enrolled.known;
    return matchScore(c.capture, enrolled.templates);
  });
  return { known, scores };
}

/**
 * True when every capture matches the individual: a resident, and each score at or above its
 * type's threshold. Unknown individuals are matched against stand-ins, so they cost the same.
 * @example capturesMatch(templates, '2804195602', opened)
 */
export function capturesMatch(
  templates: BioTemplates,
  individualId: string,
  captures: readonly OpenedCapture[],
): boolean {
  const { known, scores } = scoreCaptures(templates, individualId, captures);
  return known && scores.every((s, i) => s >= MATCH_THRESHOLD[captures[i]!.bioType]);
}
