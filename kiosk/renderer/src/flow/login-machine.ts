// The sign-in flow as one explicit state machine: every screen the resident can be on, every event
// that moves them, and the one pure `transition` between them. Side effects (API calls, timers,
// navigation) live in the app, which dispatches the events their outcomes produce.
import type {
  AuthFactorType,
  ClaimDetailsResponse,
  LinkProgress,
  OAuthDetailsResponse,
} from '@signet-kiosk/shared/esignet';
import { offersAssisted } from './factors.js';

/** A refusal or failure as the server (or the page) reported it. */
export interface Failure {
  /** Stable code: the server's own (`reason` when present), or one of the page's (network_error, …). */
  code: string;
  /** Wrong attempts left before a block (authentication refusals only). */
  attemptsLeft?: number;
  /** ISO time until which a block holds. */
  blockedUntil?: string;
}

export interface OtpSent {
  /** Masked email and phone the code went to. */
  destinations: string[];
  /** When it was sent (ms since the epoch): the resend countdown runs from here. */
  sentAt: number;
}

/** The link code an assisted sign-in shows, and what the kiosk has done with it so far. */
export interface LinkShown {
  code: string;
  /** When the server stops accepting the code (ms since the epoch). */
  expiresAt: number;
  /** WAITING for a kiosk, LINKED to one, or EXPIRED unused (a new code is needed). */
  stage: 'WAITING' | 'LINKED' | 'EXPIRED';
  /** The kiosk helping the resident, once LINKED. */
  kioskName?: string;
}

/** Who a kiosk verified in this sign-in, as the resident's device is told before consent. */
export interface VerifiedAtKiosk {
  kioskName: string;
  /** The verified ID with all but its last characters masked (maskIndividualId). */
  maskedIndividualId: string;
}

export type State =
  | { name: 'loading' }
  | { name: 'start'; individualId: string; failure?: Failure }
  | { name: 'choose'; individualId: string }
  | { name: 'factor'; individualId: string; alternative: number; busy: boolean; failure?: Failure; otp?: OtpSent }
  | { name: 'assisted'; individualId: string; busy: boolean; link?: LinkShown; failure?: Failure }
  | { name: 'blocked'; individualId: string; failure: Failure }
  /**
   * `linkCode`: authenticated at a kiosk, so the code comes from link-auth-code with this code;
   * `verified`: whom that kiosk verified, shown to the resident before they consent.
   */
  | { name: 'claims-loading'; linkCode?: string; verified?: VerifiedAtKiosk }
  | {
      name: 'consent';
      claims: ClaimDetailsResponse;
      busy: boolean;
      failure?: Failure;
      linkCode?: string;
      verified?: VerifiedAtKiosk;
    }
  /**
   * Authenticated at a kiosk for a client that asks no consent (NOCAPTURE): nothing to share, but the
   * resident still sees whom the kiosk verified, and continues or cancels, before the code is issued.
   */
  | { name: 'verified'; busy: boolean; failure?: Failure; linkCode: string; verified: VerifiedAtKiosk }
  | { name: 'leaving'; reason: 'signed-in' | 'cancelled' | 'back'; url: string }
  | { name: 'fatal'; failure: Failure };

export type StateName = State['name'];

/** The machine's whole memory: the open transaction (once loaded) and the screen. */
export interface Machine {
  details?: OAuthDetailsResponse;
  /** The factor sets this page can collect, in the client's order (indexes used by `factor`). */
  alternatives: AuthFactorType[][];
  /** Whether "verify at an assisted kiosk" may be offered: not on a page already inside the kiosk window. */
  assistedAllowed?: boolean;
  state: State;
}

export type Event =
  | {
      type: 'LOADED';
      details: OAuthDetailsResponse;
      alternatives: AuthFactorType[][];
      loginHint?: string;
      /** False inside the kiosk window: the resident is already at a kiosk. */
      assistedAllowed?: boolean;
    }
  | { type: 'FATAL'; failure: Failure }
  | { type: 'ID_ENTERED'; individualId: string }
  | { type: 'FACTOR_CHOSEN'; alternative: number }
  | { type: 'ASSISTED_CHOSEN' }
  | { type: 'LINK_CODE_ISSUED'; code: string; expiresAt: number }
  /** What the server said about a code (server-sent event or long poll); stale codes' news is dropped. */
  | { type: 'LINK_PROGRESS'; code: string; progress: LinkProgress }
  /** The page's clock passed the code's expiry before the server said so. */
  | { type: 'LINK_CODE_EXPIRED'; code: string }
  | { type: 'BACK' }
  | { type: 'SUBMITTING' }
  | { type: 'OTP_SENT'; destinations: string[]; at: number }
  | { type: 'REFUSED'; failure: Failure }
  | { type: 'AUTHENTICATED' }
  | { type: 'CLAIMS_LOADED'; claims: ClaimDetailsResponse }
  /** The client asks no consent (NOCAPTURE): after a kiosk, the resident confirms whom it verified. */
  | { type: 'NO_CONSENT_NEEDED' }
  | { type: 'LEAVING'; reason: 'signed-in' | 'cancelled' | 'back'; url: string }
  | { type: 'IDLE_TIMEOUT' };

/** Refusals after which another attempt in this transaction, or with this ID, cannot succeed now. */
export const BLOCKING_CODES: ReadonlySet<string> = new Set(['no_attempts_left', 'individual_id_blocked']);

export const initialMachine: Machine = { alternatives: [], state: { name: 'loading' } };

export function isBlocking(failure: Failure): boolean {
  return BLOCKING_CODES.has(failure.code) || failure.attemptsLeft === 0;
}

/** How many ways the choice screen lists: the factor sets, plus the assisted kiosk where BIO is allowed. */
export const choiceCount = (m: Pick<Machine, 'alternatives' | 'assistedAllowed'>): number =>
  m.alternatives.length + (assistedOffered(m) ? 1 : 0);

/** Whether the choice lists "verify at an assisted kiosk": the transaction allows it and the page is not the kiosk's. */
export const assistedOffered = (m: Pick<Machine, 'alternatives' | 'assistedAllowed'>): boolean =>
  m.assistedAllowed !== false && offersAssisted(m.alternatives);

/**
 * What the idle timeout does to the machine. `start-over`: back to a clean start screen (and the
 * kiosk clears its window); `hand-back`: there is no sign-in to start over (its request never loaded
 * or failed before it did), so the screen stays and only the kiosk, if any, is told to clear its window
 * and go home; `none`: the resident is already on the way on (leaving, or the consent loading).
 * @example if (idleOutcome(m) !== 'none') props.onIdle?.();
 */
export function idleOutcome(m: Machine): 'start-over' | 'hand-back' | 'none' {
  const s = m.state.name;
  if (s === 'leaving' || s === 'claims-loading') return 'none';
  return m.details && s !== 'loading' ? 'start-over' : 'hand-back';
}

/** The assisted screen's next state for news about its current code. */
function assistedProgress(s: Extract<State, { name: 'assisted' }>, progress: LinkProgress): State {
  const link = s.link!;
  switch (progress.state) {
    case 'WAITING':
      return s;
    case 'LINKED':
      return { ...s, failure: undefined, link: { ...link, stage: 'LINKED', kioskName: progress.kioskName } };
    case 'FAILED': {
      const failure: Failure = { code: progress.errorCode };
      if (progress.attemptsLeft !== null) failure.attemptsLeft = progress.attemptsLeft;
      if (isBlocking(failure)) return { name: 'blocked', individualId: s.individualId, failure };
      // The operator may capture again: the resident keeps waiting, told what happened.
      return { ...s, failure, link: { ...link, stage: 'LINKED' } };
    }
    case 'AUTHENTICATED':
      return {
        name: 'claims-loading',
        linkCode: link.code,
        verified: { kioskName: progress.kioskName, maskedIndividualId: progress.maskedIndividualId },
      };
    case 'EXPIRED':
      return { ...s, link: { ...link, stage: 'EXPIRED' } };
  }
}

/** The next machine for an event; an event a state does not expect leaves the machine as it is. */
export function transition(m: Machine, event: Event): Machine {
  const s = m.state;
  const to = (state: State): Machine => ({ ...m, state });

  // Whatever the screen, these end it.
  if (event.type === 'FATAL') return s.name === 'leaving' ? m : to({ name: 'fatal', failure: event.failure });
  if (event.type === 'LEAVING')
    return s.name === 'fatal' && event.reason !== 'back'
      ? m
      : to({ name: 'leaving', reason: event.reason, url: event.url });
  if (event.type === 'IDLE_TIMEOUT')
    // Back to a clean start screen: nothing typed stays on a shared screen.
    return idleOutcome(m) === 'start-over' ? to({ name: 'start', individualId: '' }) : m;

  switch (s.name) {
    case 'loading':
      if (event.type === 'LOADED') {
        return {
          details: event.details,
          alternatives: event.alternatives,
          assistedAllowed: event.assistedAllowed ?? true,
          state: { name: 'start', individualId: event.loginHint ?? '' },
        };
      }
      return m;
    case 'start':
      if (event.type === 'ID_ENTERED') {
        const individualId = event.individualId.trim();
        if (!individualId) return to({ name: 'start', individualId: '', failure: { code: 'id_required' } });
        return choiceCount(m) === 1
          ? to({ name: 'factor', individualId, alternative: 0, busy: false })
          : to({ name: 'choose', individualId });
      }
      return m;
    case 'choose':
      if (event.type === 'FACTOR_CHOSEN' && event.alternative >= 0 && event.alternative < m.alternatives.length) {
        return to({ name: 'factor', individualId: s.individualId, alternative: event.alternative, busy: false });
      }
      if (event.type === 'ASSISTED_CHOSEN' && assistedOffered(m))
        return to({ name: 'assisted', individualId: s.individualId, busy: false });
      if (event.type === 'BACK') return to({ name: 'start', individualId: s.individualId });
      return m;
    case 'assisted':
      switch (event.type) {
        case 'SUBMITTING':
          return to({ ...s, busy: true, failure: undefined });
        case 'LINK_CODE_ISSUED':
          return to({
            ...s,
            busy: false,
            failure: undefined,
            link: { code: event.code, expiresAt: event.expiresAt, stage: 'WAITING' },
          });
        case 'REFUSED':
          if (isBlocking(event.failure))
            return to({ name: 'blocked', individualId: s.individualId, failure: event.failure });
          // The page no longer follows the code it showed: a new code is the way on.
          return to({
            ...s,
            busy: false,
            failure: event.failure,
            link: s.link && { ...s.link, stage: 'EXPIRED' },
          });
        case 'LINK_PROGRESS':
          return s.link?.code === event.code ? to(assistedProgress(s, event.progress)) : m;
        case 'LINK_CODE_EXPIRED':
          // Once a kiosk has linked, the code is spent and its expiry no longer matters.
          return s.link?.code === event.code && s.link.stage === 'WAITING'
            ? to({ ...s, link: { ...s.link, stage: 'EXPIRED' } })
            : m;
        case 'BACK':
          return to({ name: 'choose', individualId: s.individualId });
        default:
          return m;
      }
    case 'factor':
      switch (event.type) {
        case 'SUBMITTING':
          return to({ ...s, busy: true, failure: undefined });
        case 'OTP_SENT':
          return to({
            ...s,
            busy: false,
            failure: undefined,
            otp: { destinations: event.destinations, sentAt: event.at },
          });
        case 'REFUSED':
          if (isBlocking(event.failure))
            return to({ name: 'blocked', individualId: s.individualId, failure: event.failure });
          return to({ ...s, busy: false, failure: event.failure });
        case 'AUTHENTICATED':
          return to({ name: 'claims-loading' });
        case 'BACK':
          return choiceCount(m) > 1
            ? to({ name: 'choose', individualId: s.individualId })
            : to({ name: 'start', individualId: s.individualId });
        default:
          return m;
      }
    case 'blocked':
      // Another ID may still sign in in this transaction (unless the transaction itself has no attempts left).
      if (event.type === 'BACK' && s.failure.code !== 'no_attempts_left')
        return to({ name: 'start', individualId: '' });
      return m;
    case 'claims-loading':
      if (event.type === 'CLAIMS_LOADED')
        return to({ name: 'consent', claims: event.claims, busy: false, linkCode: s.linkCode, verified: s.verified });
      // Without a kiosk there is nothing to show: the app issues the code at once.
      if (event.type === 'NO_CONSENT_NEEDED' && s.linkCode && s.verified)
        return to({ name: 'verified', busy: false, linkCode: s.linkCode, verified: s.verified });
      return m;
    case 'verified':
    case 'consent':
      if (event.type === 'SUBMITTING') return to({ ...s, busy: true, failure: undefined });
      if (event.type === 'REFUSED') return to({ ...s, busy: false, failure: event.failure });
      return m;
    case 'leaving':
    case 'fatal':
      return m;
  }
}
