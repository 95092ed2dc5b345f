import { describe, expect, it } from 'vitest';
import type { ClaimDetailsResponse, OAuthDetailsResponse } from '@signet-kiosk/shared/esignet';
import { choiceCount, idleOutcome, initialMachine, transition, type Event, type Machine } from './login-machine.js';

const details = { transactionId: 'tx-1', clientName: { '@none': 'RP' } } as unknown as OAuthDetailsResponse;
const claims = {
  transactionId: 'tx-1',
  consentAction: 'CAPTURE',
  essentialClaims: ['name'],
} as unknown as ClaimDetailsResponse;

const run = (events: Event[], from: Machine = initialMachine) => events.reduce(transition, from);
const loaded = (alternatives: Machine['alternatives'] = [['PIN'], ['OTP']]) =>
  run([{ type: 'LOADED', details, alternatives }]);

describe('login machine', () => {
  it('goes start → choose → factor → claims → consent → leaving on a happy sign-in', () => {
    const m = run(
      [
        { type: 'ID_ENTERED', individualId: ' 2804195601 ' },
        { type: 'FACTOR_CHOSEN', alternative: 0 },
        { type: 'SUBMITTING' },
        { type: 'AUTHENTICATED' },
        { type: 'CLAIMS_LOADED', claims },
        { type: 'SUBMITTING' },
        { type: 'LEAVING', reason: 'signed-in', url: 'https://rp.example/cb?code=x' },
      ],
      loaded(),
    );
    expect(m.state).toEqual({ name: 'leaving', reason: 'signed-in', url: 'https://rp.example/cb?code=x' });
    expect(m.details).toBe(details);
  });

  it('trims the ID and skips the choice when the transaction allows one way only', () => {
    const m = run([{ type: 'ID_ENTERED', individualId: ' 42 ' }], loaded([['PWD']]));
    expect(m.state).toEqual({ name: 'factor', individualId: '42', alternative: 0, busy: false });
  });

  it('keeps the resident on the start screen with id_required for an empty ID', () => {
    expect(run([{ type: 'ID_ENTERED', individualId: '   ' }], loaded()).state).toEqual({
      name: 'start',
      individualId: '',
      failure: { code: 'id_required' },
    });
  });

  it('starts with the login hint in the ID field', () => {
    expect(run([{ type: 'LOADED', details, alternatives: [['PIN']], loginHint: '123' }]).state).toEqual({
      name: 'start',
      individualId: '123',
    });
  });

  it('ignores a factor index the transaction does not have', () => {
    const choosing = run([{ type: 'ID_ENTERED', individualId: '1' }], loaded());
    expect(transition(choosing, { type: 'FACTOR_CHOSEN', alternative: 5 })).toBe(choosing);
  });

  it('keeps a refusal with its attempts left on the factor screen, busy no more', () => {
    const m = run(
      [
        { type: 'ID_ENTERED', individualId: '1' },
        { type: 'FACTOR_CHOSEN', alternative: 0 },
        { type: 'SUBMITTING' },
        { type: 'REFUSED', failure: { code: 'auth_failed', attemptsLeft: 2 } },
      ],
      loaded(),
    );
    expect(m.state).toMatchObject({ name: 'factor', busy: false, failure: { code: 'auth_failed', attemptsLeft: 2 } });
    // A new attempt clears the old message.
    expect(transition(m, { type: 'SUBMITTING' }).state).toMatchObject({
      name: 'factor',
      busy: true,
      failure: undefined,
    });
  });

  it('moves to blocked on a block, on no attempts left and on attemptsLeft 0', () => {
    const factor = run(
      [
        { type: 'ID_ENTERED', individualId: '1' },
        { type: 'FACTOR_CHOSEN', alternative: 0 },
      ],
      loaded(),
    );
    for (const failure of [
      { code: 'individual_id_blocked', blockedUntil: '2030-01-01T00:00:00Z' },
      { code: 'no_attempts_left' },
      { code: 'auth_failed', attemptsLeft: 0 },
    ]) {
      expect(transition(factor, { type: 'REFUSED', failure }).state).toEqual({
        name: 'blocked',
        individualId: '1',
        failure,
      });
    }
  });

  it('lets a blocked ID make way for another, but not a transaction with no attempts left', () => {
    const factor = run(
      [
        { type: 'ID_ENTERED', individualId: '1' },
        { type: 'FACTOR_CHOSEN', alternative: 0 },
      ],
      loaded(),
    );
    const blocked = transition(factor, { type: 'REFUSED', failure: { code: 'individual_id_blocked' } });
    expect(transition(blocked, { type: 'BACK' }).state).toEqual({ name: 'start', individualId: '' });
    const spent = transition(factor, { type: 'REFUSED', failure: { code: 'no_attempts_left' } });
    expect(transition(spent, { type: 'BACK' })).toBe(spent);
  });

  it('records when an OTP was sent and where', () => {
    const m = run(
      [
        { type: 'ID_ENTERED', individualId: '1' },
        { type: 'FACTOR_CHOSEN', alternative: 1 },
        { type: 'SUBMITTING' },
        { type: 'OTP_SENT', destinations: ['a@b'], at: 1000 },
      ],
      loaded(),
    );
    expect(m.state).toEqual({
      name: 'factor',
      individualId: '1',
      alternative: 1,
      busy: false,
      failure: undefined,
      otp: { destinations: ['a@b'], sentAt: 1000 },
    });
  });

  it('goes back one screen at a time', () => {
    const factor = run(
      [
        { type: 'ID_ENTERED', individualId: '7' },
        { type: 'FACTOR_CHOSEN', alternative: 1 },
      ],
      loaded(),
    );
    const choose = transition(factor, { type: 'BACK' });
    expect(choose.state).toEqual({ name: 'choose', individualId: '7' });
    expect(transition(choose, { type: 'BACK' }).state).toEqual({ name: 'start', individualId: '7' });
    const single = run([{ type: 'ID_ENTERED', individualId: '7' }], loaded([['PIN']]));
    expect(transition(single, { type: 'BACK' }).state).toEqual({ name: 'start', individualId: '7' });
  });

  it('keeps a refused code on the consent screen', () => {
    const consent = run(
      [
        { type: 'ID_ENTERED', individualId: '1' },
        { type: 'FACTOR_CHOSEN', alternative: 0 },
        { type: 'AUTHENTICATED' },
        { type: 'CLAIMS_LOADED', claims },
        { type: 'SUBMITTING' },
      ],
      loaded(),
    );
    expect(transition(consent, { type: 'REFUSED', failure: { code: 'invalid_accepted_claim' } }).state).toMatchObject({
      name: 'consent',
      busy: false,
      failure: { code: 'invalid_accepted_claim' },
    });
  });

  it('ends in fatal from any screen, and a fatal state offers only the way back', () => {
    const fatal = transition(loaded(), { type: 'FATAL', failure: { code: 'invalid_transaction' } });
    expect(fatal.state).toEqual({ name: 'fatal', failure: { code: 'invalid_transaction' } });
    expect(transition(fatal, { type: 'ID_ENTERED', individualId: '1' })).toBe(fatal);
    expect(transition(fatal, { type: 'LEAVING', reason: 'signed-in', url: 'https://x' })).toBe(fatal);
    expect(transition(fatal, { type: 'LEAVING', reason: 'back', url: 'https://x' }).state).toMatchObject({
      name: 'leaving',
      reason: 'back',
    });
    expect(transition(initialMachine, { type: 'FATAL', failure: { code: 'network_error' } }).state.name).toBe('fatal');
  });

  it('returns to a clean start screen when the kiosk is idle, but not while leaving or loading', () => {
    const factor = run(
      [
        { type: 'ID_ENTERED', individualId: '1' },
        { type: 'FACTOR_CHOSEN', alternative: 0 },
      ],
      loaded(),
    );
    expect(transition(factor, { type: 'IDLE_TIMEOUT' }).state).toEqual({ name: 'start', individualId: '' });
    expect(transition(initialMachine, { type: 'IDLE_TIMEOUT' })).toBe(initialMachine);
    const leaving = transition(factor, { type: 'LEAVING', reason: 'cancelled', url: 'https://x' });
    expect(transition(leaving, { type: 'IDLE_TIMEOUT' })).toBe(leaving);
  });

  it('hands the kiosk window back when idle with no sign-in to start over: never loaded, or failed loading', () => {
    // The kiosk is told (onIdle) in every case but on the way out; the screen itself stays.
    expect(idleOutcome(initialMachine)).toBe('hand-back');
    const failedLoading = transition(initialMachine, { type: 'FATAL', failure: { code: 'invalid_client' } });
    expect(idleOutcome(failedLoading)).toBe('hand-back');
    expect(transition(failedLoading, { type: 'IDLE_TIMEOUT' })).toBe(failedLoading);
    // A sign-in that failed after loading starts over as any other.
    const failedLater = transition(loaded(), { type: 'FATAL', failure: { code: 'network_error' } });
    expect(idleOutcome(failedLater)).toBe('start-over');
    expect(idleOutcome(loaded())).toBe('start-over');
    const claimsLoading = run(
      [{ type: 'ID_ENTERED', individualId: '1' }, { type: 'FACTOR_CHOSEN', alternative: 0 }, { type: 'AUTHENTICATED' }],
      loaded(),
    );
    expect(claimsLoading.state.name).toBe('claims-loading');
    expect(idleOutcome(claimsLoading)).toBe('none');
    expect(idleOutcome(transition(loaded(), { type: 'LEAVING', reason: 'back', url: 'https://x' }))).toBe('none');
  });
});

describe('login machine: verify at an assisted kiosk', () => {
  const withBio = () => loaded([['PIN'], ['BIO']]);
  const choosing = (m = withBio()) => run([{ type: 'ID_ENTERED', individualId: '7' }], m);
  const showing = (code = 'ABCDEFGH', expiresAt = 60_000) =>
    run(
      [{ type: 'ASSISTED_CHOSEN' }, { type: 'SUBMITTING' }, { type: 'LINK_CODE_ISSUED', code, expiresAt }],
      choosing(),
    );
  const progress = (m: Machine, p: Extract<Event, { type: 'LINK_PROGRESS' }>['progress'], code = 'ABCDEFGH') =>
    transition(m, { type: 'LINK_PROGRESS', code, progress: p });

  it('is offered only where biometrics alone is a way in', () => {
    expect(transition(choosing(), { type: 'ASSISTED_CHOSEN' }).state).toEqual({
      name: 'assisted',
      individualId: '7',
      busy: false,
    });
    const noBio = choosing(loaded([['PIN'], ['OTP']]));
    expect(transition(noBio, { type: 'ASSISTED_CHOSEN' })).toBe(noBio);
    // BIO only together with a PIN: a kiosk cannot give the PIN.
    const bioAndPin = choosing(loaded([['PIN', 'BIO'], ['OTP']]));
    expect(transition(bioAndPin, { type: 'ASSISTED_CHOSEN' })).toBe(bioAndPin);
  });

  it('is not offered inside the kiosk window, where biometrics alone goes straight to the scan', () => {
    const inKiosk = run([{ type: 'LOADED', details, alternatives: [['BIO']], assistedAllowed: false }]);
    const m = run([{ type: 'ID_ENTERED', individualId: '7' }], inKiosk);
    expect(m.state.name).toBe('factor');
    const both = choosing(run([{ type: 'LOADED', details, alternatives: [['PIN'], ['BIO']], assistedAllowed: false }]));
    expect(both.state.name).toBe('choose');
    expect(choiceCount(both)).toBe(2);
    expect(transition(both, { type: 'ASSISTED_CHOSEN' })).toBe(both);
  });

  it('shows the choice when biometrics is the only factor set, since the kiosk is a second way', () => {
    const m = run([{ type: 'ID_ENTERED', individualId: '7' }], loaded([['BIO']]));
    expect(m.state).toEqual({ name: 'choose', individualId: '7' });
    const factor = transition(m, { type: 'FACTOR_CHOSEN', alternative: 0 });
    expect(transition(factor, { type: 'BACK' }).state).toEqual({ name: 'choose', individualId: '7' });
  });

  it('shows the issued code as waiting, busy no more', () => {
    expect(showing().state).toEqual({
      name: 'assisted',
      individualId: '7',
      busy: false,
      failure: undefined,
      link: { code: 'ABCDEFGH', expiresAt: 60_000, stage: 'WAITING' },
    });
  });

  it('says which kiosk linked, keeps waiting after a refused capture with its attempts left, and clears it on the next news', () => {
    const linked = progress(showing(), {
      state: 'LINKED',
      linkedDateTime: '2026-12-07T00:00:00Z',
      kioskName: 'Kiosk 4',
    });
    expect(linked.state).toMatchObject({ name: 'assisted', link: { stage: 'LINKED', kioskName: 'Kiosk 4' } });
    const failed = progress(linked, { state: 'FAILED', errorCode: 'auth_failed', attemptsLeft: 2 });
    expect(failed.state).toMatchObject({
      name: 'assisted',
      failure: { code: 'auth_failed', attemptsLeft: 2 },
      link: { stage: 'LINKED', kioskName: 'Kiosk 4' },
    });
    const unknownLeft = progress(linked, { state: 'FAILED', errorCode: 'bio_quality', attemptsLeft: null });
    expect(unknownLeft.state).toMatchObject({ failure: { code: 'bio_quality' } });
    expect((unknownLeft.state as { failure: object }).failure).not.toHaveProperty('attemptsLeft');
    // A code's expiry no longer matters once a kiosk holds it.
    expect(transition(failed, { type: 'LINK_CODE_EXPIRED', code: 'ABCDEFGH' })).toBe(failed);
  });

  it('blocks on a refused capture with no attempts left', () => {
    const m = progress(showing(), { state: 'FAILED', errorCode: 'auth_failed', attemptsLeft: 0 });
    expect(m.state).toEqual({ name: 'blocked', individualId: '7', failure: { code: 'auth_failed', attemptsLeft: 0 } });
  });

  const verified = { kioskName: 'Kiosk 4', maskedIndividualId: '••••••5602' };
  /** The code shown, then the kiosk's news that it verified the resident. */
  const authenticatedAtKiosk = (consentAction: 'CAPTURE' | 'NOCAPTURE') =>
    progress(showing(), { state: 'AUTHENTICATED', consentAction, ...verified });

  it('goes to consent with the code to redeem, and whom which kiosk verified, once the kiosk authenticated the resident', () => {
    const m = authenticatedAtKiosk('CAPTURE');
    expect(m.state).toEqual({ name: 'claims-loading', linkCode: 'ABCDEFGH', verified });
    const consent = transition(m, { type: 'CLAIMS_LOADED', claims });
    expect(consent.state).toEqual({ name: 'consent', claims, busy: false, linkCode: 'ABCDEFGH', verified });
  });

  it('shows whom which kiosk verified when the client asks no consent (NOCAPTURE), and the resident continues or cancels', () => {
    const m = authenticatedAtKiosk('NOCAPTURE');
    const shown = transition(m, { type: 'NO_CONSENT_NEEDED' });
    expect(shown.state).toEqual({ name: 'verified', busy: false, linkCode: 'ABCDEFGH', verified });
    const refused = run([{ type: 'SUBMITTING' }, { type: 'REFUSED', failure: { code: 'invalid_link_code' } }], shown);
    expect(refused.state).toEqual({
      name: 'verified',
      busy: false,
      failure: { code: 'invalid_link_code' },
      linkCode: 'ABCDEFGH',
      verified,
    });
    const continued = run(
      [{ type: 'SUBMITTING' }, { type: 'LEAVING', reason: 'signed-in', url: 'https://rp.example/cb?code=x' }],
      shown,
    );
    expect(continued.state).toEqual({ name: 'leaving', reason: 'signed-in', url: 'https://rp.example/cb?code=x' });
    const cancelled = transition(shown, { type: 'LEAVING', reason: 'cancelled', url: 'https://rp.example/cb?error=x' });
    expect(cancelled.state).toMatchObject({ name: 'leaving', reason: 'cancelled' });
    expect(transition(shown, { type: 'IDLE_TIMEOUT' }).state).toEqual({ name: 'start', individualId: '' });
  });

  it('has no verified screen without a kiosk: the app issues the code at once', () => {
    const m = run(
      [{ type: 'ID_ENTERED', individualId: '1' }, { type: 'FACTOR_CHOSEN', alternative: 0 }, { type: 'AUTHENTICATED' }],
      loaded(),
    );
    expect(transition(m, { type: 'NO_CONSENT_NEEDED' })).toBe(m);
  });

  it('marks the code expired by the server or by the clock, and a new code replaces it', () => {
    const byServer = progress(showing(), { state: 'EXPIRED' });
    expect(byServer.state).toMatchObject({ link: { code: 'ABCDEFGH', stage: 'EXPIRED' } });
    const byClock = transition(showing(), { type: 'LINK_CODE_EXPIRED', code: 'ABCDEFGH' });
    expect(byClock.state).toEqual(byServer.state);
    const renewed = run(
      [{ type: 'SUBMITTING' }, { type: 'LINK_CODE_ISSUED', code: 'KMNPQRST', expiresAt: 120_000 }],
      byClock,
    );
    expect(renewed.state).toMatchObject({
      busy: false,
      link: { code: 'KMNPQRST', expiresAt: 120_000, stage: 'WAITING' },
    });
  });

  it('ignores news about a code it no longer shows', () => {
    const renewed = transition(showing(), { type: 'LINK_CODE_ISSUED', code: 'KMNPQRST', expiresAt: 120_000 });
    const authenticated = {
      state: 'AUTHENTICATED',
      consentAction: 'CAPTURE',
      kioskName: 'Kiosk 4',
      maskedIndividualId: '••••••5602',
    } as const;
    expect(progress(renewed, authenticated, 'ABCDEFGH')).toBe(renewed);
    expect(transition(renewed, { type: 'LINK_CODE_EXPIRED', code: 'ABCDEFGH' })).toBe(renewed);
  });

  it('keeps a refused request for a code on the screen, and offers a new code when the page stops following one', () => {
    const refused = run(
      [
        { type: 'ASSISTED_CHOSEN' },
        { type: 'SUBMITTING' },
        { type: 'REFUSED', failure: { code: 'too_many_requests' } },
      ],
      choosing(),
    );
    expect(refused.state).toEqual({
      name: 'assisted',
      individualId: '7',
      busy: false,
      failure: { code: 'too_many_requests' },
      link: undefined,
    });
    const lost = transition(showing(), { type: 'REFUSED', failure: { code: 'invalid_link_code' } });
    expect(lost.state).toMatchObject({ failure: { code: 'invalid_link_code' }, link: { stage: 'EXPIRED' } });
    expect(transition(showing(), { type: 'REFUSED', failure: { code: 'no_attempts_left' } }).state).toMatchObject({
      name: 'blocked',
    });
  });

  it('goes back to the choice, and to a clean start when the kiosk is idle', () => {
    expect(transition(showing(), { type: 'BACK' }).state).toEqual({ name: 'choose', individualId: '7' });
    expect(transition(showing(), { type: 'IDLE_TIMEOUT' }).state).toEqual({ name: 'start', individualId: '' });
  });
});
