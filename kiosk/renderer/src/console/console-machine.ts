// The operator console as one explicit state machine, like the resident's login-machine.ts: the
// operator's session (signed out, signed in, locked), the assisted sign-in of one resident (code,
// request, capture, result) and which panel shows (link, devices, kiosk). Side effects live in the app.
import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH, normaliseLinkCode } from '@signet-kiosk/shared/esignet';
import type { LinkOpened, SbiCaptureQuality, SbiModality } from '@signet-kiosk/shared/kiosk';

/** A refusal as the main process or the server reported it (stable code), with attempts left when known. */
export interface ConsoleFailure {
  code: string;
  attemptsLeft?: number;
}

/** Who is signed in at the kiosk, as the main process tells the page (never a token). */
export interface OperatorShown {
  sub: string;
  name?: string;
}

export type Panel = 'link' | 'devices' | 'kiosk';

/** The resident's request once the code opened it, and the resident's ID as the operator typed it. */
export interface Linked {
  link: LinkOpened;
  individualId: string;
}

export type ConsoleState =
  /** Until the main process has said whether an operator is signed in: no sign-in button to press too early. */
  | { name: 'starting' }
  | { name: 'signed-out'; busy: boolean; failure?: ConsoleFailure }
  | { name: 'locked'; operator: OperatorShown; busy: boolean; failure?: ConsoleFailure }
  | { name: 'code'; operator: OperatorShown; typed: string; busy: boolean; failure?: ConsoleFailure }
  | { name: 'request'; operator: OperatorShown; linked: Linked; modality?: SbiModality; failure?: ConsoleFailure }
  /** Scanning, then (with the device's quality of each segment) submitting. */
  | {
      name: 'capture';
      operator: OperatorShown;
      linked: Linked;
      deviceKey: string;
      modality: SbiModality;
      quality?: SbiCaptureQuality[];
    }
  | {
      name: 'result';
      operator: OperatorShown;
      linked: Linked;
      failure?: ConsoleFailure;
      quality?: SbiCaptureQuality[];
    };

export interface ConsoleMachine {
  panel: Panel;
  state: ConsoleState;
}

export type ConsoleEvent =
  | { type: 'PANEL'; panel: Panel }
  | { type: 'SIGN_IN_STARTED' }
  | { type: 'SIGNED_IN'; operator: OperatorShown }
  | { type: 'SIGN_IN_FAILED'; failure: ConsoleFailure }
  /** Idle at the kiosk, or the server said the operator's session is over: sign in again. `operator`: who it was, when the main process says. */
  | { type: 'LOCKED'; failure?: ConsoleFailure; operator?: OperatorShown }
  | { type: 'SIGNED_OUT' }
  /** What the operator typed, pasted or scanned into the code field. */
  | { type: 'CODE_TYPED'; typed: string }
  | { type: 'OPENING' }
  | { type: 'LINK_OPENED'; link: LinkOpened }
  | { type: 'REFUSED'; failure: ConsoleFailure }
  | { type: 'ID_TYPED'; individualId: string }
  | { type: 'MODALITY_CHOSEN'; modality: SbiModality }
  | { type: 'CAPTURE_STARTED'; deviceKey: string; modality: SbiModality }
  /** The device answered with a verified capture of this quality; it goes to the server now. */
  | { type: 'CAPTURED'; quality: SbiCaptureQuality[] }
  /** The capture was submitted and the server authenticated the resident. */
  | { type: 'AUTHENTICATED' }
  /** The capture or the submission failed; back to the request (device failures) or to the result (refusals). */
  | { type: 'CAPTURE_FAILED'; failure: ConsoleFailure }
  | { type: 'SUBMIT_REFUSED'; failure: ConsoleFailure }
  | { type: 'RETRY' }
  | { type: 'NEXT_RESIDENT' };

export const initialConsole: ConsoleMachine = { panel: 'link', state: { name: 'starting' } };

/** Refusals after which this link transaction cannot succeed: the operator takes a new code. */
const FINAL_CODES: ReadonlySet<string> = new Set(['no_attempts_left', 'individual_id_blocked', 'invalid_link_code']);

export const isFinal = (failure: ConsoleFailure): boolean =>
  FINAL_CODES.has(failure.code) || failure.attemptsLeft === 0;

/**
 * A typed, pasted or scanned code as the field keeps it: normalised (normaliseLinkCode), only the
 * alphabet's characters, at most a code's length.
 * @example codeOfTyped('abcd-efgh') // 'ABCDEFGH'
 */
export function codeOfTyped(typed: string): string {
  return [...normaliseLinkCode(typed)]
    .filter((c) => LINK_CODE_ALPHABET.includes(c))
    .join('')
    .slice(0, LINK_CODE_LENGTH);
}

export const codeComplete = (code: string): boolean => code.length === LINK_CODE_LENGTH;

/** The next machine for an event; an event the state does not expect leaves the machine as it is. */
export function consoleTransition(m: ConsoleMachine, event: ConsoleEvent): ConsoleMachine {
  const s = m.state;
  const to = (state: ConsoleState): ConsoleMachine => ({ ...m, state });
  const operator = 'operator' in s ? s.operator : undefined;

  switch (event.type) {
    case 'PANEL':
      return { ...m, panel: event.panel };
    case 'SIGNED_OUT':
      return to({ name: 'signed-out', busy: false });
    case 'LOCKED':
      // Found locked at start: the lock screen with whom the main process names, else the sign-in screen.
      if (s.name === 'starting')
        return to(
          event.operator
            ? { name: 'locked', operator: event.operator, busy: false }
            : { name: 'signed-out', busy: false },
        );
      // A lock drops the resident in hand: the next operator starts from a code.
      if (!operator || s.name === 'locked') return m;
      return {
        panel: 'link',
        state: { name: 'locked', operator, busy: false, ...(event.failure ? { failure: event.failure } : {}) },
      };
    case 'SIGN_IN_STARTED':
      return s.name === 'signed-out' || s.name === 'locked' ? to({ ...s, busy: true, failure: undefined }) : m;
    case 'SIGN_IN_FAILED':
      return s.name === 'signed-out' || s.name === 'locked' ? to({ ...s, busy: false, failure: event.failure }) : m;
    case 'SIGNED_IN':
      // Whoever signs in (again) starts from a fresh code: what was in hand was dropped at the lock.
      return s.name === 'signed-out' || s.name === 'locked' || s.name === 'starting'
        ? to({ name: 'code', operator: event.operator, typed: '', busy: false })
        : m;
  }
  if (!operator) return m;

  switch (event.type) {
    case 'CODE_TYPED':
      return s.name === 'code' && !s.busy ? to({ ...s, typed: codeOfTyped(event.typed), failure: undefined }) : m;
    case 'OPENING':
      return s.name === 'code' && codeComplete(s.typed) ? to({ ...s, busy: true, failure: undefined }) : m;
    case 'REFUSED':
      return s.name === 'code' ? to({ ...s, busy: false, failure: event.failure }) : m;
    case 'LINK_OPENED':
      return s.name === 'code' && s.busy
        ? to({ name: 'request', operator, linked: { link: event.link, individualId: '' } })
        : m;
    case 'ID_TYPED':
      return s.name === 'request'
        ? to({ ...s, linked: { ...s.linked, individualId: event.individualId }, failure: undefined })
        : m;
    case 'MODALITY_CHOSEN':
      return s.name === 'request' ? to({ ...s, modality: event.modality }) : m;
    case 'CAPTURE_STARTED':
      return s.name === 'request' && s.linked.individualId
        ? to({ name: 'capture', operator, linked: s.linked, deviceKey: event.deviceKey, modality: event.modality })
        : m;
    case 'CAPTURE_FAILED':
      // The device failed (timeout, quality, busy): nothing reached the server; capture again.
      return s.name === 'capture'
        ? to({ name: 'request', operator, linked: s.linked, modality: s.modality, failure: event.failure })
        : m;
    case 'CAPTURED':
      return s.name === 'capture' ? to({ ...s, quality: event.quality }) : m;
    case 'SUBMIT_REFUSED':
      return s.name === 'capture'
        ? to({ name: 'result', operator, linked: s.linked, failure: event.failure, quality: s.quality })
        : m;
    case 'AUTHENTICATED':
      return s.name === 'capture' ? to({ name: 'result', operator, linked: s.linked, quality: s.quality }) : m;
    case 'RETRY':
      return s.name === 'result' && s.failure && !isFinal(s.failure)
        ? to({ name: 'request', operator, linked: s.linked, failure: s.failure })
        : m;
    case 'NEXT_RESIDENT':
      return s.name === 'result' || s.name === 'request' ? to({ name: 'code', operator, typed: '', busy: false }) : m;
  }
  return m;
}
