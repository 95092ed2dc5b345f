// The operator console's machine: sign-in and lock, a code typed or scanned as the server reads it,
// the request, the capture and its result, and events out of place ignored.
import { describe, expect, it } from 'vitest';
import type { LinkOpened } from '@signet-kiosk/shared/kiosk';
import {
  codeOfTyped,
  consoleTransition,
  initialConsole,
  type ConsoleEvent,
  type ConsoleMachine,
} from './console-machine.js';

const LINK: LinkOpened = {
  linkTransactionId: 'ltx-1',
  clientName: { '@none': 'Health portal' },
  logoUrl: 'https://rp.example/logo.png',
  authFactors: [[{ type: 'BIO', count: 1, subTypes: [] }]],
  authorizeScopes: [],
  essentialClaims: ['name'],
  voluntaryClaims: ['email'],
  // The machine never reads the UI configuration; the screens do.
  configs: {} as LinkOpened['configs'],
  uiLocales: ['km'],
  sbiTransactionId: 'sbi-ltx-1',
  domainUri: 'https://id.example',
};
const DARA = { sub: '2804195602', name: 'Dara Lim' };

/** Once the main process said nobody is signed in. */
const signedOut = consoleTransition(initialConsole, { type: 'SIGNED_OUT' });
const run = (...events: ConsoleEvent[]): ConsoleMachine => events.reduce(consoleTransition, signedOut);
const atRequest = (): ConsoleMachine =>
  run(
    { type: 'SIGNED_IN', operator: DARA },
    { type: 'CODE_TYPED', typed: 'abcd-efgh' },
    { type: 'OPENING' },
    { type: 'LINK_OPENED', link: LINK },
  );

describe('codeOfTyped', () => {
  it('keeps what a person or a scanner typed as the code the server reads', () => {
    expect(codeOfTyped('abcd-efgh')).toBe('ABCDEFGH');
    expect(codeOfTyped(' ABCD EFGH\n')).toBe('ABCDEFGH');
    // Letters outside the alphabet (I, L, O, U, 0, 1) cannot be part of a code; extra characters are cut.
    expect(codeOfTyped('I0O1-ab')).toBe('AB');
    expect(codeOfTyped('ABCDEFGHJK')).toBe('ABCDEFGH');
  });
});

describe('the operator console machine', () => {
  it('starts waiting for the session, with no sign-in to press until the main process answers', () => {
    expect(initialConsole).toEqual({ panel: 'link', state: { name: 'starting' } });
    expect(consoleTransition(initialConsole, { type: 'SIGN_IN_STARTED' })).toBe(initialConsole);
    expect(signedOut.state).toEqual({ name: 'signed-out', busy: false });
    // Already signed in (a reload, another page of the kiosk): straight to the code.
    expect(consoleTransition(initialConsole, { type: 'SIGNED_IN', operator: DARA }).state).toEqual({
      name: 'code',
      operator: DARA,
      typed: '',
      busy: false,
    });
    // Locked before the page knew who: the sign-in screen.
    expect(consoleTransition(initialConsole, { type: 'LOCKED' }).state).toEqual({ name: 'signed-out', busy: false });
    // Found locked, the main process naming who was signed in: the lock screen, with the name.
    const operator = { sub: 'sub-1', name: 'Amina Haddad' };
    expect(consoleTransition(initialConsole, { type: 'LOCKED', operator }).state).toEqual({
      name: 'locked',
      operator,
      busy: false,
    });
  });

  it('starts signed out on the link panel and signs in to an empty code field', () => {
    const m = run({ type: 'SIGN_IN_STARTED' }, { type: 'SIGNED_IN', operator: DARA });
    expect(m.state).toEqual({ name: 'code', operator: DARA, typed: '', busy: false });
  });

  it('shows a failed sign-in and lets the operator try again', () => {
    const m = run({ type: 'SIGN_IN_STARTED' }, { type: 'SIGN_IN_FAILED', failure: { code: 'operator_not_allowed' } });
    expect(m.state).toEqual({ name: 'signed-out', busy: false, failure: { code: 'operator_not_allowed' } });
    expect(consoleTransition(m, { type: 'SIGN_IN_STARTED' }).state).toEqual({ name: 'signed-out', busy: true });
  });

  it('opens a code only once it is complete, and shows a refusal on the code screen', () => {
    const partial = run({ type: 'SIGNED_IN', operator: DARA }, { type: 'CODE_TYPED', typed: 'ABC' });
    expect(consoleTransition(partial, { type: 'OPENING' })).toBe(partial);
    const refused = run(
      { type: 'SIGNED_IN', operator: DARA },
      { type: 'CODE_TYPED', typed: 'ABCDEFGH' },
      { type: 'OPENING' },
      { type: 'REFUSED', failure: { code: 'invalid_link_code' } },
    );
    expect(refused.state).toMatchObject({
      name: 'code',
      typed: 'ABCDEFGH',
      busy: false,
      failure: { code: 'invalid_link_code' },
    });
    // Typing again clears the refusal.
    expect(consoleTransition(refused, { type: 'CODE_TYPED', typed: 'ABCDEFGJ' }).state).toEqual({
      name: 'code',
      operator: DARA,
      typed: 'ABCDEFGJ',
      busy: false,
    });
  });

  it('goes from the request through the capture to the result', () => {
    let m = atRequest();
    expect(m.state).toMatchObject({ name: 'request', linked: { link: LINK, individualId: '' } });
    // No capture without the resident's ID.
    expect(consoleTransition(m, { type: 'CAPTURE_STARTED', deviceKey: 'd#1', modality: 'Finger' })).toBe(m);
    m = consoleTransition(m, { type: 'ID_TYPED', individualId: '2804195602' });
    m = consoleTransition(m, { type: 'CAPTURE_STARTED', deviceKey: 'd#1', modality: 'Finger' });
    expect(m.state).toMatchObject({ name: 'capture', deviceKey: 'd#1', modality: 'Finger' });
    // The device's answer: its quality shows while the server checks the capture, then on the result.
    const quality = [{ bioSubType: 'UNKNOWN', score: 86, requested: 60 }];
    expect(consoleTransition(atRequest(), { type: 'CAPTURED', quality }).state.name).toBe('request');
    m = consoleTransition(m, { type: 'CAPTURED', quality });
    expect(m.state).toMatchObject({ name: 'capture', quality });
    m = consoleTransition(m, { type: 'AUTHENTICATED' });
    expect(m.state).toEqual({
      name: 'result',
      operator: DARA,
      linked: { link: LINK, individualId: '2804195602' },
      quality,
    });
    expect(consoleTransition(m, { type: 'NEXT_RESIDENT' }).state).toEqual({
      name: 'code',
      operator: DARA,
      typed: '',
      busy: false,
    });
  });

  it('returns to the request after a device failure, and offers a retry after a refusal while attempts remain', () => {
    const capturing = [
      { type: 'ID_TYPED', individualId: '2804195602' },
      { type: 'CAPTURE_STARTED', deviceKey: 'd#1', modality: 'Iris' },
    ] as const;
    let m = [...capturing].reduce(consoleTransition, atRequest());
    m = consoleTransition(m, { type: 'CAPTURE_FAILED', failure: { code: 'capture_quality' } });
    expect(m.state).toMatchObject({ name: 'request', modality: 'Iris', failure: { code: 'capture_quality' } });

    m = [...capturing].reduce(consoleTransition, m);
    m = consoleTransition(m, { type: 'SUBMIT_REFUSED', failure: { code: 'auth_failed', attemptsLeft: 2 } });
    expect(m.state).toMatchObject({ name: 'result', failure: { code: 'auth_failed', attemptsLeft: 2 } });
    expect(consoleTransition(m, { type: 'RETRY' }).state).toMatchObject({ name: 'request' });

    const last = consoleTransition([...capturing].reduce(consoleTransition, atRequest()), {
      type: 'SUBMIT_REFUSED',
      failure: { code: 'auth_failed', attemptsLeft: 0 },
    });
    expect(consoleTransition(last, { type: 'RETRY' })).toBe(last);
  });

  it('locks from any screen, dropping the resident in hand, and unlocks to a fresh code', () => {
    const m = consoleTransition(consoleTransition(atRequest(), { type: 'PANEL', panel: 'devices' }), {
      type: 'LOCKED',
      failure: { code: 'operator_session_expired' },
    });
    expect(m).toEqual({
      panel: 'link',
      state: { name: 'locked', operator: DARA, busy: false, failure: { code: 'operator_session_expired' } },
    });
    expect(consoleTransition(m, { type: 'SIGNED_IN', operator: DARA }).state).toMatchObject({
      name: 'code',
      typed: '',
    });
    // Nobody to lock when nobody is signed in.
    expect(consoleTransition(signedOut, { type: 'LOCKED' })).toBe(signedOut);
  });

  it('ignores link events while signed out', () => {
    for (const event of [
      { type: 'CODE_TYPED', typed: 'ABCDEFGH' },
      { type: 'OPENING' },
      { type: 'LINK_OPENED', link: LINK },
      { type: 'AUTHENTICATED' },
    ] as const)
      expect(consoleTransition(signedOut, event)).toBe(signedOut);
  });

  it('switches panels without touching the session', () => {
    const m = consoleTransition(atRequest(), { type: 'PANEL', panel: 'kiosk' });
    expect(m.panel).toBe('kiosk');
    expect(m.state.name).toBe('request');
  });
});
