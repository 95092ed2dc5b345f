// Pairwise `sub` (OpenID Connect Core §8.1): an HMAC of the relying party and the ID system's
// stable subject id under a secret salt, so relying parties cannot correlate residents.
import { createHmac, randomBytes } from 'node:crypto';
import type { KeyEncryptionKey } from '../keys/key-encryption-key.js';
import type { Registry } from '../stores/registry.js';

export class PairwiseSubjects {
  private constructor(private readonly salt: Buffer) {}

  /** Loads the salt from the registry (KEK-wrapped), creating it on first start. */
  static async load(registry: Registry, kek: KeyEncryptionKey): Promise<PairwiseSubjects> {
    const candidate = await kek.wrap(randomBytes(32).toString('base64url'));
    const wrapped = await registry.settings.putIfAbsent('pairwise-salt', candidate);
    return new PairwiseSubjects(Buffer.from(await kek.unwrap(wrapped), 'base64url'));
  }

  sub(relyingPartyId: string, subjectId: string): string {
    return createHmac('sha256', this.salt)
      .update(`${relyingPartyId.length}:${relyingPartyId}|${subjectId}`)
      .digest('base64url');
  }
}
