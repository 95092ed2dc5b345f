// The provider's signing keys: one active key per algorithm, generated on first start, kept in
// the registry encrypted with the KEK; rotation retires the old key, which stays in the JWKS
// until every token it signed has expired.
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { SigningAlg } from '../config.js';
import type { Registry, StoredKey } from '../stores/registry.js';
import type { KeyEncryptionKey } from './key-encryption-key.js';

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
}

export class KeyManager {
  private active = new Map<SigningAlg, SigningKey>();
  private published: JWK[] = [];
  /** Extra public keys to publish (e.g. the ID-system plugin's userinfo signing keys). */
  private extra: JWK[] = [];

  constructor(
    private readonly registry: Registry,
    private readonly kek: KeyEncryptionKey,
    private readonly algs: SigningAlg[],
    /** How long a retired key stays published: the longest token lifetime plus a margin. */
    private readonly retiredPublishSeconds: number,
  ) {}

  /** Loads keys, generating any missing algorithm's key; call once at start. */
  async init(): Promise<void> {
    const stored = await this.registry.keys.list();
    for (const alg of this.algs) {
      if (!stored.some((k) => k.alg === alg && k.status === 'active')) await this.generate(alg);
    }
    await this.reload();
  }

  /** Re-reads the registry (another process may have rotated). */
  async reload(): Promise<void> {
    const now = new Date().toISOString();
    const stored = await this.registry.keys.list();
    const active = new Map<SigningAlg, SigningKey>();
    const published: JWK[] = [];
    for (const k of stored) {
      if (k.status === 'retired' && k.publishUntil && k.publishUntil < now) {
        await this.registry.keys.delete(k.kid);
        continue;
      }
      published.push({ ...(k.publicJwk as JWK), kid: k.kid, alg: k.alg, use: 'sig' });
      if (k.status === 'active' && this.algs.includes(k.alg as SigningAlg)) {
        const jwk = JSON.parse(await this.kek.unwrap(k.encryptedPrivateJwk)) as JWK;
        const prev = active.get(k.alg as SigningAlg);
        if (!prev || k.createdAt > (stored.find((s) => s.kid === prev.kid)?.createdAt ?? '')) {
          active.set(k.alg as SigningAlg, {
            kid: k.kid,
            alg: k.alg as SigningAlg,
            privateKey: (await importJWK(jwk, k.alg)) as CryptoKey,
          });
        }
      }
    }
    this.active = active;
    this.published = published;
  }

  private async generate(alg: SigningAlg): Promise<StoredKey> {
    const { publicKey, privateKey } = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
      ...(alg.startsWith('RS') || alg.startsWith('PS') ? { modulusLength: 2048 } : {}),
    });
    const kid = `${alg.toLowerCase()}-${randomBytes(8).toString('base64url')}`;
    const key: StoredKey = {
      kid,
      alg,
      status: 'active',
      publicJwk: { ...(await exportJWK(publicKey)) },
      encryptedPrivateJwk: await this.kek.wrap(JSON.stringify(await exportJWK(privateKey))),
      createdAt: new Date().toISOString(),
      retiredAt: null,
      publishUntil: null,
    };
    await this.registry.keys.insert(key);
    return key;
  }

  /** Generates a new key for alg (or every configured alg) and retires the old one. */
  async rotate(alg?: SigningAlg): Promise<string[]> {
    const targets = alg ? [alg] : this.algs;
    const stored = await this.registry.keys.list();
    const now = new Date();
    const until = new Date(now.getTime() + this.retiredPublishSeconds * 1000).toISOString();
    const kids: string[] = [];
    for (const a of targets) {
      const fresh = await this.generate(a);
      kids.push(fresh.kid);
      for (const old of stored.filter((k) => k.alg === a && k.status === 'active')) {
        await this.registry.keys.retire(old.kid, now.toISOString(), until);
      }
    }
    await this.reload();
    return kids;
  }

  signingKey(alg: SigningAlg): SigningKey {
    const key = this.active.get(alg);
    if (!key) throw new Error(`no active signing key for ${alg}`);
    return key;
  }

  supportedAlgs(): SigningAlg[] {
    return [...this.active.keys()];
  }

  publishExtra(keys: JWK[]): void {
    this.extra = keys;
  }

  /** The public JWKS: every active and not-yet-expired retired key, each with kid, use, alg. */
  jwks(): { keys: JWK[] } {
    return { keys: [...this.published, ...this.extra] };
  }
}
