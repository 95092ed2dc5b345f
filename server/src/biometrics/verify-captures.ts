// Verifies a BIO challenge before any ID system sees it — MOSIP ID-authentication's checks 1–3
// and 6–9 (shared/specs/sbi.md, "What a validating server checks"), then that each capture's
// signing certificate belongs to the device its digitalId names, then the replay cache.
// Decrypting bioValue, the hash chain and matching (4, 5, 10) are the ID system's job.
import type { BioChallengeItem } from '../../../shared/src/sbi/messages/bio-challenge.js';
import { esignetSbiTransactionId } from '../../../shared/src/sbi/transaction-id.js';
import type { KvStore } from '../stores/kv-store.js';
import type { BiometricsPolicy, CheckContext, CheckedCapture } from './checks/check-context.js';
import { decodeChallenge } from './checks/decode-challenge.js';
import { checkDeviceBinding } from './checks/device-binding.js';
import { checkDeviceSignatures } from './checks/device-signature.js';
import { checkDigitalIds } from './checks/digital-id-signature.js';
import { checkModalities } from './checks/modalities.js';
import { checkPurposeDomainEnv } from './checks/purpose-domain-env.js';
import { checkReplay } from './checks/replay.js';
import { checkTimestamps } from './checks/timestamps.js';
import { checkTransactionId } from './checks/transaction-id.js';
import type { TrustStore } from './trust-store.js';
import { X5cVerifier } from './x5c-verifier.js';

export type { CheckedCapture };

export interface VerifyCapturesRequest {
  /** The BIO challenge string as submitted (base64 or base64url JSON). */
  challenge: string;
  /** The server's transaction id; the captures must carry eSignet's SBI derivation of it. */
  transactionId: string;
  now?: Date;
}

export class CaptureVerifier {
  readonly verifier = new X5cVerifier();

  constructor(
    readonly policy: BiometricsPolicy,
    readonly trust: TrustStore,
    private readonly replay: KvStore,
  ) {}

  /**
   * Runs every check in order; throws EsignetError with a bio_* code at the first failure.
   * @example await ctx.captures.verify({ challenge: c.challenge, transactionId: txn.transactionId });
   */
  async verify(request: VerifyCapturesRequest): Promise<CheckedCapture[]> {
    const ctx: CheckContext = {
      policy: this.policy,
      sbiTransactionId: esignetSbiTransactionId(request.transactionId),
      now: request.now ?? new Date(),
      trust: this.trust,
      verifier: this.verifier,
      replay: this.replay,
    };
    const items: BioChallengeItem[] = decodeChallenge(request.challenge); // 2: sessionKey
    const signed = await checkDeviceSignatures(items, ctx); // 1, and 2: bioValue and timestamp in the signed data
    const captures = await checkDigitalIds(signed, ctx); // 3
    checkTimestamps(captures, ctx); // 6
    checkTransactionId(captures, ctx); // 7
    checkPurposeDomainEnv(captures, ctx); // 8
    checkModalities(captures); // 9
    await checkDeviceBinding(captures, ctx); // the signer is the device the digitalId names (its fields checked by 9)
    await checkReplay(captures, ctx);
    return captures;
  }
}
