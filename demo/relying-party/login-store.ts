// Per-login state (state, nonce, PKCE verifier) kept server-side for a few minutes, keyed by a
// random id the browser holds in an HttpOnly cookie; each entry is used once.
import { randomBytes } from 'node:crypto';

export type LoginMethod = 'pin' | 'otp' | 'pwd' | 'kbi' | 'bio' | 'any';

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  method: LoginMethod;
  /** The acr_values sent, if any. */
  acrValues: string | undefined;
  claimsLocales: string | undefined;
}

interface Entry extends PendingLogin {
  expiresAt: number;
}

export class LoginStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    /** A bound, so a flood of /login requests cannot grow memory without limit. */
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Keeps a started login; answers the id for the cookie.
   * @example res.cookie(LOGIN_COOKIE, store.start(pending), cookieOptions);
   */
  start(login: PendingLogin): string {
    this.sweep();
    // Map order is insertion order: the first entry is the oldest.
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    this.entries.set(id, { ...login, expiresAt: this.now() + this.ttlMs });
    return id;
  }

  /** The login started under this id, removed so it serves one callback only; undefined if unknown or expired. */
  take(id: string): PendingLogin | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (entry.expiresAt <= this.now()) return undefined;
    const { expiresAt: _expiresAt, ...login } = entry;
    return login;
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      // Entries expire in insertion order, so stop at the first live one.
      if (entry.expiresAt > now) break;
      this.entries.delete(id);
    }
  }
}
