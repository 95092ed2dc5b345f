// The operator's session at this kiosk, in the main process: an authorization-code + PKCE sign-in of
// the kiosk's own client (`private_key_jwt` with the kiosk key, which never leaves this process), the
// tokens kept here alone, an idle lock as the server's, and a lock whenever the server says so.
import { randomBytes } from 'node:crypto';
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
      scope: 'openid',
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
   * verified); the pending sign-in is used up either way.
   * @example await session.completeSignIn('org.signetkiosk.kiosk:/operator/callback?code=…&state=…')
   */
  async completeSignIn(callbackUrl: string): Promise<OperatorSessionView> {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) throw new KioskError('sign_in_failed', '(no sign-in was started)');
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
    const operatorName = typeof claims.name === 'string' ? claims.name : undefined;
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
    this.lock();
    return true;
  }

  /** Locks now: the tokens are forgotten, the operator's name kept for the lock screen. */
  lock(): OperatorSessionView {
    if (!this.live) return this.view();
    this.live = undefined;
    this.last = { ...this.last!, lockedAt: new Date(this.now()).toISOString() };
    this.clearIdleTimer();
    return this.changed();
  }

  /** Signs out: tokens and operator forgotten. */
  async signOut(): Promise<OperatorSessionView> {
    this.live = undefined;
    this.last = undefined;
    this.pending = undefined;
    this.clearIdleTimer();
    return this.changed();
  }

  /** Stops the idle timer (the app quits). */
  close(): void {
    this.clearIdleTimer();
  }

  private lockIfIdle(): void {
    if (this.live && this.now() - this.live.lastUse >= this.opts.idleSeconds * 1000) this.lock();
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
