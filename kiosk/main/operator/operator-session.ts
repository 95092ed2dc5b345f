// The operator's session at this kiosk, in the main process: an authorization-code + PKCE sign-in of
// the kiosk's own client (`private_key_jwt` with the kiosk key, which never leaves this process), the
// tokens kept here alone, the operator's name from userinfo, an idle lock as the server's, and a lock
// whenever the server says so. Locking and signing out revoke the token at the server (RFC 7009),
// ending its operator session there too; a failed revocation never stops the local lock.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import type { CryptoKey } from 'jose';
import type { OperatorSessionView, OperatorSignInStarted } from '@signet-kiosk/shared/kiosk';
import { KioskError } from '../errors.js';
import type { OperatorSessionPort } from '../kiosk-handlers.js';

export interface OperatorSessionOptions {
  /** The Signet server (issuer). */
  serverUrl: string;
  /** The kiosk's OIDC client: `kiosk-<kioskId>`. */
  clientId: string;
  /** The kiosk's P-256 private key (non-extractable is fine) and its key id. */
  privateKey: CryptoKey;
  kid?: string;
  /** Where the sign-in returns to (one of the kiosk's registered redirect URIs). */
  redirectUri: string;
  /** Lock after this long without an operator action. */
  idleSeconds: number;
  /** Shows the server's /authorize in the kiosk window. */
  navigate: (authorizeUrl: string) => void | Promise<void>;
  /** Told every change of what the page may see (signed in, locked, signed out). */
  onChange?: (view: OperatorSessionView) => void;
  /** Clock (ms). */
  now?: () => number;
  /** Where a failed revocation is reported (never with the token). */
  log?: { warn(fields: Record<string, unknown>, message: string): void };
}

/** What went wrong, for a log line: the error's kind and the server's code, never a message that might quote a request. */
function failureReason(cause: unknown): Record<string, unknown> {
  if (!(cause instanceof Error)) return { kind: typeof cause };
  const { code, error, status } = cause as { code?: unknown; error?: unknown; status?: unknown };
  return { kind: cause.name, code, error, status };
}

/** Server codes that mean the operator's token is no good any more: lock, sign in again. */
const LOCKING_SERVER_CODES = new Set(['operator_session_expired', 'invalid_token']);

interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

interface LiveSession {
  accessToken: string;
  sub: string;
  operatorName?: string;
  lastUse: number;
}

export class OperatorSession implements OperatorSessionPort {
  private config: oidc.Configuration | undefined;
  private pending: PendingSignIn | undefined;
  private live: LiveSession | undefined;
  /** The last operator, kept (without tokens) for the locked view. */
  private last: { sub: string; operatorName?: string; lockedAt?: string } | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: OperatorSessionOptions) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private async oidcConfig(): Promise<oidc.Configuration> {
    if (this.config) return this.config;
    const server = new URL(this.opts.serverUrl);
    try {
      this.config = await oidc.discovery(
        server,
        this.opts.clientId,
        { id_token_signed_response_alg: 'ES256' },
        oidc.PrivateKeyJwt(this.opts.kid ? { key: this.opts.privateKey, kid: this.opts.kid } : this.opts.privateKey),
        // The configuration allows http only to this machine (kiosk-config.ts).
        server.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
    } catch (cause) {
      throw new KioskError('server_unreachable', '(OIDC discovery failed)', { cause });
    }
    return this.config;
  }

  /**
   * Starts a sign-in: a fresh state, nonce and PKCE verifier, and the kiosk window sent to /authorize.
   * @example await session.signIn(); // the window now shows the server's login app
   */
  async signIn(): Promise<OperatorSignInStarted> {
    const config = await this.oidcConfig();
    const pending: PendingSignIn = {
      state: randomBytes(16).toString('base64url'),
      nonce: randomBytes(16).toString('base64url'),
      verifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.opts.redirectUri,
      // profile: the operator's name for the console (the kiosk's client may receive `name` only).
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      nonce: pending.nonce,
      state: pending.state,
    });
    this.pending = pending;
    await this.opts.navigate(url.href);
    return { authorizeOrigin: url.origin };
  }

  /**
   * Whether a URL the window is about to load is the sign-in's return (scheme, host and path of the
   * redirect URI): the navigation guard or the protocol handler hands it to completeSignIn.
   */
  isCallback(url: string): boolean {
    try {
      const u = new URL(url);
      const r = new URL(this.opts.redirectUri);
      return u.protocol === r.protocol && u.host === r.host && u.pathname === r.pathname;
    } catch {
      return false;
    }
  }

  /**
   * Takes the code from the return URL and exchanges it (state, PKCE and nonce checked, ID token
   * verified). A return carrying another state is refused and leaves the sign-in waiting for its own
   * (anything that can reach the redirect URI could send one); from a return with its state on, the
   * pending sign-in is used up whatever the outcome.
   * @example await session.completeSignIn('org.signetkiosk.kiosk:/operator/callback?code=…&state=…')
   */
  async completeSignIn(callbackUrl: string): Promise<OperatorSessionView> {
    const pending = this.pending;
    if (!pending) throw new KioskError('sign_in_failed', '(no sign-in was started)');
    if (!sameSecret(stateOf(callbackUrl), pending.state))
      throw new KioskError('sign_in_failed', '(the return is not the one of this sign-in: its state differs)');
    this.pending = undefined;
    const config = await this.oidcConfig();
    let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      tokens = await oidc.authorizationCodeGrant(config, new URL(callbackUrl), {
        pkceCodeVerifier: pending.verifier,
        expectedNonce: pending.nonce,
        expectedState: pending.state,
        idTokenExpected: true,
      });
    } catch (cause) {
      const code = (cause as { error?: unknown }).error;
      throw new KioskError('sign_in_failed', typeof code === 'string' ? `(${code})` : undefined, {
        cause,
        ...(typeof code === 'string' ? { serverCode: code } : {}),
      });
    }
    const claims = tokens.claims()!;
    const operatorName = await this.operatorName(config, tokens.access_token, claims);
    this.live = {
      accessToken: tokens.access_token,
      sub: claims.sub,
      lastUse: this.now(),
      ...(operatorName ? { operatorName } : {}),
    };
    this.last = { sub: claims.sub, ...(operatorName ? { operatorName } : {}) };
    this.armIdleTimer();
    return this.changed();
  }

  /**
   * The operator's `name`: from the ID token if the server put it there, else from userinfo (signed,
   * verified by openid-client, its `sub` checked). None when the operator declined to share it, or
   * userinfo failed: the console then says only that someone is signed in.
   */
  private async operatorName(
    config: oidc.Configuration,
    accessToken: string,
    claims: oidc.IDToken,
  ): Promise<string | undefined> {
    const named = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v.slice(0, 200) : undefined);
    if (named(claims.name)) return named(claims.name);
    try {
      return named((await oidc.fetchUserInfo(config, accessToken, claims.sub)).name);
    } catch (cause) {
      this.opts.log?.warn({ reason: failureReason(cause) }, "the operator's name could not be read from userinfo");
      return undefined;
    }
  }

  /** What the page may see: never a token. */
  view(): OperatorSessionView {
    this.lockIfIdle();
    if (this.live)
      return {
        signedIn: true,
        sub: this.live.sub,
        ...(this.live.operatorName ? { operatorName: this.live.operatorName } : {}),
      };
    return { signedIn: false, ...this.last };
  }

  /**
   * The bearer token, operator and issuer for one call, the session's use recorded; operator_signed_out or
   * operator_locked when there is none.
   */
  use(): { accessToken: string; sub: string; issuer: string } {
    this.lockIfIdle();
    if (!this.live)
      throw this.last?.lockedAt ? new KioskError('operator_locked') : new KioskError('operator_signed_out');
    this.live.lastUse = this.now();
    this.armIdleTimer();
    // Signed in, so discovery has run: the issuer exactly as the server names itself (the attestation's audience).
    return { accessToken: this.live.accessToken, sub: this.live.sub, issuer: this.config!.serverMetadata().issuer };
  }

  /** The server refused a call: a refusal of the token itself locks the session. True when it did. */
  refusedWith(serverCode: string): boolean {
    if (!LOCKING_SERVER_CODES.has(serverCode) || !this.live) return false;
    void this.lock();
    return true;
  }

  /**
   * Locks now: the tokens are forgotten at once (the operator's name kept for the lock screen), then
   * revoked at the server; the promise settles when the server answered or the revocation failed.
   */
  async lock(): Promise<OperatorSessionView> {
    const live = this.live;
    if (!live) return this.view();
    this.live = undefined;
    this.last = { ...this.last!, lockedAt: new Date(this.now()).toISOString() };
    this.clearIdleTimer();
    const view = this.changed();
    await this.revoke(live.accessToken);
    return view;
  }

  /** Signs out: tokens and operator forgotten at once, then the token revoked at the server. */
  async signOut(): Promise<OperatorSessionView> {
    const live = this.live;
    this.live = undefined;
    this.last = undefined;
    this.pending = undefined;
    this.clearIdleTimer();
    const view = this.changed();
    if (live) await this.revoke(live.accessToken);
    return view;
  }

  /** Best effort: the server ends the operator session with the token; a failure is logged, never thrown. */
  private async revoke(accessToken: string): Promise<void> {
    try {
      await oidc.tokenRevocation(await this.oidcConfig(), accessToken, { token_type_hint: 'access_token' });
    } catch (cause) {
      this.opts.log?.warn(
        { reason: failureReason(cause) },
        'the server did not revoke the operator token; the kiosk forgot it all the same',
      );
    }
  }

  /** Stops the idle timer (the app quits). */
  close(): void {
    this.clearIdleTimer();
  }

  private lockIfIdle(): void {
    // The local lock is done before lock() first awaits; the revocation goes on by itself.
    if (this.live && this.now() - this.live.lastUse >= this.opts.idleSeconds * 1000) void this.lock();
  }

  private armIdleTimer(): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(() => this.lockIfIdle(), this.opts.idleSeconds * 1000 + 50);
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private changed(): OperatorSessionView {
    const view = this.view();
    this.opts.onChange?.(view);
    return view;
  }
}

/** The `state` of a return URL, '' when it has none or the URL does not parse. */
function stateOf(url: string): string {
  try {
    return new URL(url).searchParams.get('state') ?? '';
  } catch {
    return '';
  }
}

/** Whether two secrets are equal, in time that does not depend on where they differ. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
